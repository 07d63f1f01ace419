package activity_test

import (
	"context"
	"errors"
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
	// Details the converter cannot encode still heartbeat, without them.
	activity.RecordHeartbeat(ctx, make(chan int))
	if len(sent) != 2 || sent[1] != nil {
		t.Errorf("unencodable details: sent %v", sent)
	}
	var wrong string
	if err := activity.GetHeartbeatDetails(ctx, &wrong); err == nil {
		t.Error("decoding an int into a string succeeded")
	}
}
