package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowdef/workflowdef/internal/testing/testenv"
	"github.com/workflowdef/workflowdef/runtime/client"
	"github.com/workflowdef/workflowdef/runtime/workflow"
)

// workerProcessEnv names the task queue a re-executed test binary serves
// as a worker process.
const workerProcessEnv = "WORKFLOWDEF_TEST_WORKER_PROCESS"

// relaySteps sequential activities make a relay workflow long enough to
// be caught mid-way.
const relaySteps = 6

func relayStep(i int) (int, error) {
	time.Sleep(250 * time.Millisecond)
	return i * i, nil
}

func relayWorkflow(ctx workflow.Context, n int) (int, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 2 * time.Second})
	sum := n
	for i := range relaySteps {
		v, err := workflow.Result[int](ctx, workflow.ExecuteActivity(ctx, relayStep, i))
		if err != nil {
			return 0, err
		}
		sum += v
	}
	return sum, nil
}

// runWorkerProcess is the worker process: configured from the
// environment as operators configure workers, stopped by SIGTERM.
func runWorkerProcess(taskQueue string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	copts, err := client.FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	c, err := client.Dial(ctx, copts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer c.Close()
	taskQueue, opts, err := OptionsFromEnv(taskQueue, Options{})
	if err == nil {
		var w *Worker
		if w, err = New(c, taskQueue, opts); err == nil {
			err = errors.Join(w.RegisterWorkflow(relayWorkflow), w.RegisterActivity(relayStep))
			if err == nil {
				err = w.Run(ctx)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startWorkerProcess runs the test binary as a worker on taskQueue.
func startWorkerProcess(t *testing.T, taskQueue string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		workerProcessEnv+"="+taskQueue,
		"TEMPORAL_ADDRESS="+server.Address(),
		"TEMPORAL_NAMESPACE="+server.Namespace(),
		// The killed worker's sticky tasks move to the normal queue after
		// this long.
		EnvStickyTTLMillis+"=1000",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, &out
}

func TestKilledWorkerProcessLosesNoWorkflow(t *testing.T) {
	c := dial(t)
	taskQueue := testenv.UniqueID(t)
	const n = 20
	runs := make([]*client.WorkflowRun, n)
	for i := range n {
		run, err := c.StartWorkflow(t.Context(), client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", taskQueue, i), TaskQueue: taskQueue}, "relayWorkflow", i)
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = run
	}

	first, firstOut := startWorkerProcess(t, taskQueue)
	// Kill it once it is mid-way: some steps done, none of the workflows
	// finished.
	deadline := time.Now().Add(time.Minute)
	for progress(t, c, runs[0].ID()) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the first worker made no progress:\n%s", firstOut)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	running := 0
	for _, run := range runs {
		d, err := c.DescribeWorkflow(t.Context(), run.ID(), "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			running++
		}
	}
	if running == 0 {
		t.Fatal("every workflow finished before the kill: the test proves nothing")
	}

	second, secondOut := startWorkerProcess(t, taskQueue)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for i, run := range runs {
		wg.Go(func() {
			var got int
			if err := run.Get(ctx, &got); err != nil {
				t.Errorf("workflow %d: %v", i, err)
				return
			}
			if want := i + 0 + 1 + 4 + 9 + 16 + 25; got != want {
				t.Errorf("workflow %d = %d, want %d", i, got, want)
			}
		})
	}
	wg.Wait()
	t.Logf("%d of %d workflows were running when the first worker was killed", running, n)

	// SIGTERM stops the second worker gracefully: Run returns nil.
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(); err != nil {
		t.Errorf("the second worker did not stop cleanly: %v\n%s", err, secondOut)
	}
}

// progress counts the activities a workflow has completed.
func progress(t *testing.T, c *client.Client, workflowID string) int {
	t.Helper()
	resp, err := c.WorkflowService().GetWorkflowExecutionHistory(t.Context(), &workflowservice.GetWorkflowExecutionHistoryRequest{Namespace: c.Namespace(), Execution: &commonpb.WorkflowExecution{WorkflowId: workflowID}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range resp.GetHistory().GetEvents() {
		if e.GetEventType() == enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED {
			n++
		}
	}
	return n
}
