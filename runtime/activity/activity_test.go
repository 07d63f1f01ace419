package activity_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/converter"
	"github.com/workflowdef/workflowdef/runtime/internal/activityenv"
)

func TestOutsideAnActivityTheHelpersAreHarmless(t *testing.T) {
	ctx := context.Background()
	if activity.IsActivity(ctx) || activity.HasHeartbeatDetails(ctx) {
		t.Error("a plain context looks like an activity's")
	}
	activity.RecordHeartbeat(ctx, "ignored")
	if info := activity.GetInfo(ctx); info.ActivityID != "" || info.Attempt != 0 {
		t.Errorf("GetInfo = %+v, want zero", info)
	}
	var v int
	if err := activity.GetHeartbeatDetails(ctx, &v); !errors.Is(err, activity.ErrNoHeartbeatDetails) {
		t.Errorf("GetHeartbeatDetails = %v", err)
	}
	activity.GetLogger(ctx).Info("discarded")
}

func TestTheLoggerIsTaggedWithTheAttempt(t *testing.T) {
	var out strings.Builder
	env := &activityenv.Env{
		Info:       activityenv.Info{ActivityType: "Charge", ActivityID: "7", Attempt: 3, WorkflowType: "Orders", WorkflowID: "order-1", WorkflowRunID: "r1"},
		BaseLogger: slog.New(slog.NewTextHandler(&out, nil)),
	}
	activity.GetLogger(activityenv.With(context.Background(), env)).Info("charging")
	for _, want := range []string{"activity_type=Charge", "activity_id=7", "attempt=3", "workflow_type=Orders", "workflow_id=order-1", "run_id=r1", "msg=charging"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("log line lacks %s: %s", want, out.String())
		}
	}
}

func TestHeartbeatsReachTheWorkerEncoded(t *testing.T) {
	dc := converter.Default()
	last, err := dc.ToPayloads(7)
	if err != nil {
		t.Fatal(err)
	}
	var sent []*commonpb.Payloads
	ctx := activityenv.With(context.Background(), &activityenv.Env{
		Info:                 activityenv.Info{ActivityID: "5", Attempt: 2},
		DataConverter:        dc,
		Heartbeat:            func(p *commonpb.Payloads) { sent = append(sent, p) },
		KeepAlive:            func() { sent = append(sent, sent[len(sent)-1]) },
		LastHeartbeatDetails: last,
	})
	if !activity.IsActivity(ctx) || activity.GetInfo(ctx).Attempt != 2 {
		t.Fatal("the activity's environment is not visible")
	}
	if got, err := activity.HeartbeatDetails[int](ctx); err != nil || got != 7 {
		t.Errorf("HeartbeatDetails = %d, %v; want 7", got, err)
	}
	activity.RecordHeartbeat(ctx, "step", 3)
	var (
		step string
		n    int
	)
	if len(sent) != 1 || dc.FromPayloads(sent[0], &step, &n) != nil || step != "step" || n != 3 {
		t.Errorf("sent %v", sent)
	}
	// Details the converter cannot encode still heartbeat, with the
	// details recorded before them, not with none, which would erase them.
	activity.RecordHeartbeat(ctx, make(chan int))
	if len(sent) != 2 || sent[1] != sent[0] {
		t.Errorf("unencodable details: sent %v", sent)
	}
	var wrong string
	if err := activity.GetHeartbeatDetails(ctx, &wrong); err == nil {
		t.Error("decoding an int into a string succeeded")
	}
}

// RecordHeartbeat(ctx, nil) is the official SDK's heartbeat without
// progress: it must send no details, not an encoded null the server would
// hand the next attempt as details to resume from.
func TestHeartbeatWithNilSendsNoDetails(t *testing.T) {
	var sent []*commonpb.Payloads
	ctx := activityenv.With(context.Background(), &activityenv.Env{
		DataConverter: converter.Default(),
		Heartbeat:     func(p *commonpb.Payloads) { sent = append(sent, p) },
	})
	activity.RecordHeartbeat(ctx, nil)
	activity.RecordHeartbeat(ctx, nil, nil) // two nils are two details
	if len(sent) != 2 {
		t.Fatalf("sent %d heartbeats, want 2", len(sent))
	}
	if n := len(sent[0].GetPayloads()); n != 0 {
		t.Errorf("RecordHeartbeat(ctx, nil) sent %d payloads: %v", n, sent[0])
	}
	if n := len(sent[1].GetPayloads()); n != 2 {
		t.Errorf("RecordHeartbeat(ctx, nil, nil) sent %d payloads, want 2", n)
	}
	next := activityenv.With(context.Background(), &activityenv.Env{DataConverter: converter.Default(), LastHeartbeatDetails: sent[0]})
	if activity.HasHeartbeatDetails(next) {
		t.Error("after a heartbeat with nil, the next attempt has heartbeat details")
	}
}
