// Package historypage follows the pages of a workflow history as the
// server hands them out: GetWorkflowExecutionHistory answers a page at a
// time, may send pages with a token but no events, and may send events as
// raw serialized blobs. The worker (the rest of a polled task's history)
// and the replay tool (a whole run) both read histories this way.
//
// [Events] reads one page's events, whichever form they came in. [Collect]
// follows the next-page tokens through a [Fetcher], the one call its caller
// makes to the server, and stops a server that never ends a history: at
// [MaxEmptyPages] empty pages in a row, or past [MaxEvents] events.
//
// It is production code, the one package of this repository's top-level
// internal/ that is; the test harness lives apart under internal/testing.
package historypage
