package interceptor_test

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/interceptor"
)

// timing logs how long each activity attempt takes; it leaves workflows
// alone.
type timing struct {
	interceptor.WorkflowInboundBase
	logger *slog.Logger
}

func (t timing) InterceptActivity(next interceptor.ActivityInbound) interceptor.ActivityInbound {
	return interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		start := time.Now()
		result, err := next.ExecuteActivity(ctx, in)
		t.logger.Info("activity attempt", "type", in.ActivityType, "took", time.Since(start), "error", err)
		return result, err
	})
}

// An activity interceptor; pass it in worker.Options.Interceptors.
func Example() {
	var w interceptor.Worker = timing{logger: slog.New(slog.DiscardHandler)}
	root := interceptor.ActivityFunc(func(ctx context.Context, in *interceptor.ExecuteActivityInput) (*commonpb.Payloads, error) {
		return in.Args, nil
	})
	chain := interceptor.ChainActivity([]interceptor.Worker{w}, root)
	out, err := chain.ExecuteActivity(context.Background(), &interceptor.ExecuteActivityInput{ActivityType: "Charge"})
	fmt.Println(out, err)
	// Output: <nil> <nil>
}
