package orders

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	ordersv1 "github.com/workflowdef/workflowdef/gen/example/orders/v1"
	"github.com/workflowdef/workflowdef/gen/example/orders/v1/ordersv1temporal"
	"github.com/workflowdef/workflowdef/runtime/activity"
	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// Activities implements the Orders service's activities, with fakes for
// the payment provider and the warehouse. Activity code is ordinary Go: it
// may read clocks, sleep and call services.
type Activities struct {
	// Embedding keeps Activities compiling when the proto gains an
	// activity: the new one fails, naming itself, until it is written.
	ordersv1temporal.UnimplementedOrdersActivities

	// ChargeStep is how long each step of a charge takes at the fake
	// payment provider. Zero means 50ms.
	ChargeStep time.Duration
}

var _ ordersv1temporal.OrdersActivities = (*Activities)(nil)

// chargeSteps are what the fake payment provider does for a charge.
var chargeSteps = []string{"authorize", "capture", "settle"}

// ChargeCard charges the card step by step, heartbeating after each, so
// the server sees it is alive within the annotation's 5s heartbeat timeout
// and a retried attempt resumes after the last step that succeeded. The
// first attempt always fails once it has authorized, as a flaky provider
// would, to show the retry policy at work.
func (a *Activities) ChargeCard(ctx context.Context, req *ordersv1.ChargeCardRequest) (*ordersv1.ChargeCardResponse, error) {
	if req.GetAmountCents() <= 0 {
		// A type the retry policy lists as non-retryable: retrying
		// would decline again.
		return nil, temporal.NewApplicationError(fmt.Sprintf("nothing to charge: %d cents", req.GetAmountCents()), "CardDeclined")
	}
	step := a.ChargeStep
	if step == 0 {
		step = 50 * time.Millisecond
	}
	done := 0
	if activity.HasHeartbeatDetails(ctx) {
		// The previous attempt's last heartbeat: skip what it did.
		if n, err := activity.HeartbeatDetails[int](ctx); err == nil {
			done = n
		}
	}
	info := activity.GetInfo(ctx)
	for ; done < len(chargeSteps); done++ {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(step):
		}
		activity.GetLogger(ctx).Info("charge step done", "step", chargeSteps[done], "attempt", info.Attempt)
		activity.RecordHeartbeat(ctx, done+1)
		if info.Attempt == 1 && chargeSteps[done] == "authorize" {
			return nil, fmt.Errorf("payment provider timed out after %s", chargeSteps[done])
		}
	}
	return &ordersv1.ChargeCardResponse{ChargeId: "ch_" + rand.Text()}, nil
}

// ReserveInventory holds stock for the items for fifteen minutes.
func (a *Activities) ReserveInventory(ctx context.Context, req *ordersv1.ReserveInventoryRequest) (*ordersv1.ReserveInventoryResponse, error) {
	if len(req.GetItems()) == 0 {
		return nil, temporal.NewNonRetryableApplicationError("nothing to reserve: the order has no items", "InvalidOrder", nil)
	}
	return &ordersv1.ReserveInventoryResponse{
		ReservationId: "rsv_" + rand.Text(),
		Hold:          durationpb.New(15 * time.Minute),
	}, nil
}
