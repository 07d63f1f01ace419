// Command replay is workflowdef's demo of what works today: it replays a
// history the official Go SDK's worker wrote, on workflowdef's engine, for
// the same workflow written against workflowdef's API; then it replays the
// same history against a changed version of the workflow and shows the
// error a deployment of that change would meet.
//
//	go run ./examples/replay [history.json]
//
// The default history is replay/testdata/regression/wait-cancel.json: a
// run that slept, was cancelled, and ran a cleanup activity.
package main
