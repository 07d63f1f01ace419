package validate_test

import "testing"

// TestLocalRetryPolicyMaximumIntervalBelowOneSecondIsValid: a local
// activity's retry policy never reaches the server: the worker applies it
// (runtime/worker/retry.go caps the wait at maximum_interval, as the
// official SDK does after applyRetryPolicyDefaultsForLocalActivity,
// internal/workflow.go:2892, and getRetryBackoffWithNowTime,
// internal/internal_task_handlers.go:1458-1466), so maximum_interval 500ms
// with no initial_interval simply retries every 500ms. The plugin refuses
// it with the server-side rule ("Temporal refuses a policy whose
// maximum_interval is below its initial_interval"), which is not true of
// a local activity, and names retry_policy rather than
// local.retry_policy.
func TestLocalRetryPolicyMaximumIntervalBelowOneSecondIsValid(t *testing.T) {
	check(t, `service Orders {
  rpc A(Req) returns (Res) { option (`+w+`activity) = {start_to_close_timeout: {seconds: 5} local: {start_to_close_timeout: {seconds: 5} retry_policy: {maximum_interval: {nanos: 500000000}}}}; }
}
`)
}
