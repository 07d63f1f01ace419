// Package validate checks a [model.Request] against the rules of the options
// schema before any code is generated, and reports every problem at once.
//
// Each problem is an [*Error] pointing at the offending option (or, when
// the request carries no place for it, at the rpc or service) and saying what
// to write instead:
//
//	acme/orders/v1/orders.proto:12:7: rpc Orders.ProcessOrder: signal ref "Cancel" names no rpc; ...
//
// [Validate] returns them as [Errors], sorted by place, which protoc prints
// line by line before exiting non-zero. The rules cover the rpc's shape (one
// Temporal option, no streaming, signals returning Empty), refs (unknown,
// ambiguous, duplicated, of the wrong kind, in a file the run does not
// generate, naming two handlers of one Temporal name from different
// packages, or closing an import cycle between generated packages),
// templates (grammar, and what each context lets a lone path end at), start
// and conflict policies, search attributes and memo, priority and fairness,
// durations (negative, past Go's time.Duration or malformed, a run timeout
// over the execution timeout, a task timeout over the server's 120s cap)
// and retry policies (a maximum_interval below initial_interval, or below
// the 1s it means when unset), Temporal names unique per Go package,
// generated Go identifiers that would collide, messages of Go package
// main, which a generated sub-package cannot import, and option fields or
// enum values the plugin's schema does not have (protos compiled against a
// newer workflowdef.proto).
package validate
