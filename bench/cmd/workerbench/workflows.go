package main

import (
	"context"
	"time"

	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// Type names both SDKs register the benchmark's workflows and activity
// under, so the same client calls reach either worker.
const (
	wfOneActivity = "BenchOneActivity"
	wfWaitSignal  = "BenchWaitSignal"
	// wfTimerSignal sleeps (its argument, a time.Duration) before it
	// waits for the signal: a cached run that has fired a timer.
	wfTimerSignal = "BenchTimerThenSignal"
	actEcho       = "BenchEcho"
	signalFinish  = "finish"
)

// activityTimeout is the one-activity workflow's start-to-close timeout.
const activityTimeout = time.Minute

// The expected results, checked for every workflow.
func echoResult(input string) string { return "echo:" + input }
func doneResult(input string) string { return "done:" + input }

// echo is the activity of both SDKs: no I/O, so the worker's own cost is
// what is measured.
func echo(_ context.Context, input string) (string, error) { return echoResult(input), nil }

// oursOneActivity runs one activity and returns its result.
func oursOneActivity(ctx workflow.Context, input string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: activityTimeout})
	return workflow.Result[string](ctx, workflow.ExecuteActivity(ctx, actEcho, input))
}

// oursWaitSignal blocks until the finish signal arrives.
func oursWaitSignal(ctx workflow.Context) (string, error) {
	var v string
	workflow.GetSignalChannel(ctx, signalFinish).Receive(ctx, &v)
	return doneResult(v), nil
}

// oursTimerThenSignal fires a timer of d, then blocks until the finish
// signal arrives.
func oursTimerThenSignal(ctx workflow.Context, d time.Duration) (string, error) {
	if err := workflow.Sleep(ctx, d); err != nil {
		return "", err
	}
	return oursWaitSignal(ctx)
}

// officialOneActivity is oursOneActivity written for the official SDK.
func officialOneActivity(ctx sdkworkflow.Context, input string) (string, error) {
	ctx = sdkworkflow.WithActivityOptions(ctx, sdkworkflow.ActivityOptions{StartToCloseTimeout: activityTimeout})
	var result string
	err := sdkworkflow.ExecuteActivity(ctx, actEcho, input).Get(ctx, &result)
	return result, err
}

// officialWaitSignal is oursWaitSignal written for the official SDK.
func officialWaitSignal(ctx sdkworkflow.Context) (string, error) {
	var v string
	sdkworkflow.GetSignalChannel(ctx, signalFinish).Receive(ctx, &v)
	return doneResult(v), nil
}

// officialTimerThenSignal is oursTimerThenSignal written for the official
// SDK.
func officialTimerThenSignal(ctx sdkworkflow.Context, d time.Duration) (string, error) {
	if err := sdkworkflow.Sleep(ctx, d); err != nil {
		return "", err
	}
	return officialWaitSignal(ctx)
}
