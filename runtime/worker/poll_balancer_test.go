package worker

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func taskWithBacklog(n int64) *workflowservice.PollWorkflowTaskQueueResponse {
	return &workflowservice.PollWorkflowTaskQueueResponse{TaskToken: []byte("t"), BacklogCountHint: n}
}

// reserve takes n polls from b and returns the queues they went to.
func reserve(b *pollBalancer, n int) []workflowQueue {
	var got []workflowQueue
	for range n {
		got = append(got, b.next())
	}
	return got
}

func TestPollBalancerKeepsAPollOnEachQueue(t *testing.T) {
	b := &pollBalancer{}
	if diff := cmp.Diff([]workflowQueue{normalQueue, stickyQueue}, reserve(b, 2)); diff != "" {
		t.Fatalf("first two polls (-want +got):\n%s", diff)
	}
	// A sticky backlog does not take the normal queue's only poll: the
	// normal poller comes back and asks the normal queue again.
	b.done(stickyQueue, taskWithBacklog(500), nil)
	b.done(normalQueue, taskWithBacklog(0), nil)
	if diff := cmp.Diff([]workflowQueue{normalQueue, stickyQueue}, reserve(b, 2)); diff != "" {
		t.Fatalf("polls after a sticky backlog (-want +got):\n%s", diff)
	}
}

func TestPollBalancerSendsExtraPollsWhereTasksWait(t *testing.T) {
	tests := []struct {
		name           string
		normal, sticky int64
		want           []workflowQueue
	}{
		{"sticky backlog", 0, 40, []workflowQueue{stickyQueue, stickyQueue}},
		// Sticky tasks finish runs under way: a sticky backlog goes first,
		// until there are as many sticky polls as tasks behind them.
		{"both backlogged", 900, 3, []workflowQueue{stickyQueue, stickyQueue}},
		{"sticky backlog its polls cover", 900, 2, []workflowQueue{stickyQueue, normalQueue}},
		{"normal backlog", 900, 0, []workflowQueue{normalQueue, normalQueue}},
		// With no backlog anywhere extra polls cover more of the normal
		// queue's partitions.
		{"no backlog", 0, 0, []workflowQueue{normalQueue, normalQueue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &pollBalancer{}
			reserve(b, 2)
			b.done(normalQueue, taskWithBacklog(tt.normal), nil)
			b.done(stickyQueue, taskWithBacklog(tt.sticky), nil)
			reserve(b, 2) // one on each queue again
			if diff := cmp.Diff(tt.want, reserve(b, 2)); diff != "" {
				t.Fatalf("the third and fourth poll (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPollBalancerLearnsFromEmptyAndFailedPolls(t *testing.T) {
	b := &pollBalancer{}
	reserve(b, 3) // normal, sticky, then normal (no backlog known, normal first on a tie)
	b.done(stickyQueue, taskWithBacklog(7), nil)
	b.next() // sticky again, the only queue without a poll
	b.done(normalQueue, nil, status.Error(codes.Unavailable, "blip"))
	if b.stickyBacklog != 7 {
		t.Fatalf("sticky backlog = %d after a failed normal poll, want 7 kept", b.stickyBacklog)
	}
	// A poll that outlived its deadline found nothing: no backlog there.
	b.done(stickyQueue, nil, context.DeadlineExceeded)
	if b.stickyBacklog != 0 {
		t.Fatalf("sticky backlog = %d after an empty poll, want 0", b.stickyBacklog)
	}
	b.done(normalQueue, &workflowservice.PollWorkflowTaskQueueResponse{}, nil)
	if got := b.pending; got != [2]int{0, 0} {
		t.Fatalf("pending = %v after every poll ended, want none", got)
	}
}
