package client

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	schedulepb "go.temporal.io/api/schedule/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/workflowdef/workflowdef/runtime/temporal"
)

// A schedule starts a workflow at the times its spec gives: every hour, on
// weekdays at nine, or on a cron string. The server runs it, so nothing in
// this process needs to stay up; the workflows it starts are ordinary
// executions, whose IDs are the action's workflow ID with the scheduled
// time appended.

// ScheduleOptions describe a schedule: when it acts, the workflow it starts,
// and its policies.
type ScheduleOptions struct {
	// ID names the schedule in its namespace.
	ID string
	// Spec says when the schedule acts.
	Spec ScheduleSpec
	// Action is the workflow each action starts; WorkflowDef.ScheduleAction
	// builds one with the workflow's defaults.
	Action ScheduleWorkflowAction
	// Overlap says what happens when an action is due while the previous
	// one's workflow still runs; unspecified means SKIP.
	Overlap enumspb.ScheduleOverlapPolicy
	// CatchupWindow is how late an action may still start after an outage;
	// zero means the server's default (one year).
	CatchupWindow time.Duration
	// PauseOnFailure pauses the schedule when a workflow it started fails.
	PauseOnFailure bool
	// Note is shown with the schedule, for example why it is paused.
	Note string
	// Paused creates the schedule paused.
	Paused bool
	// RemainingActions limits the schedule to that many more actions; zero
	// means no limit.
	RemainingActions int
	// TriggerImmediately starts one action as the schedule is created.
	TriggerImmediately bool
	// Backfills run the actions the spec gives in past windows, as the
	// schedule is created.
	Backfills []ScheduleBackfill
	// Memo and SearchAttributes are the schedule's own, not its workflows'.
	Memo             map[string]any
	SearchAttributes temporal.SearchAttributes
}

// ScheduleSpec says when a schedule acts: at every time any calendar,
// interval or cron string matches, except those a Skip calendar matches,
// between StartAt and EndAt. An empty spec never acts on its own; Trigger
// and Backfill still act.
type ScheduleSpec struct {
	Calendars []ScheduleCalendarSpec
	Intervals []ScheduleIntervalSpec
	// CronStrings are cron expressions, such as "0 9 * * MON-FRI".
	CronStrings []string
	Skip        []ScheduleCalendarSpec
	// StartAt and EndAt bound the schedule; zero means unbounded.
	StartAt, EndAt time.Time
	// Jitter delays each action by a random time up to Jitter.
	Jitter time.Duration
	// TimeZoneName is the IANA zone calendars and cron strings are read in
	// ("America/New_York"); empty means UTC.
	TimeZoneName string
}

// ScheduleCalendarSpec matches the times all of whose fields match. An empty
// Second, Minute or Hour means 0; an empty DayOfMonth, Month, Year or
// DayOfWeek means any.
type ScheduleCalendarSpec struct {
	Second, Minute, Hour []ScheduleRange
	// DayOfMonth is 1-31, Month 1-12, DayOfWeek 0-6 (0 is Sunday).
	DayOfMonth, Month, Year, DayOfWeek []ScheduleRange
	Comment                            string
}

// ScheduleRange matches Start, Start+Step, ... up to End. An End below
// Start means Start alone; a zero Step means 1.
type ScheduleRange struct {
	Start, End, Step int
}

// ScheduleIntervalSpec matches every Every since the Unix epoch, shifted by
// Offset: Every 24h with Offset 2h acts at two every morning, UTC.
type ScheduleIntervalSpec struct {
	Every, Offset time.Duration
}

// ScheduleWorkflowAction is the workflow a schedule starts.
type ScheduleWorkflowAction struct {
	// Workflow is the workflow type; Args its arguments.
	Workflow string
	Args     []any
	// Options are the start's: ID (the prefix of each run's workflow ID; a
	// random UUID if empty), task queue, timeouts, retry policy, memo,
	// search attributes, priority, summary and details. The ID reuse and
	// conflict policies, eager start, start delay and request ID do not
	// apply: the schedule's Overlap policy and spec say when starts happen.
	Options StartWorkflowOptions
}

// ScheduleBackfill runs the actions a schedule's spec gives between Start
// and End, as if it had run then.
type ScheduleBackfill struct {
	Start, End time.Time
	// Overlap replaces the schedule's policy for these actions.
	Overlap enumspb.ScheduleOverlapPolicy
}

// ScheduleAction returns the action that starts this workflow with req, from
// a schedule: the WorkflowDef's default start options, then opts, and the
// ID template (the prefix of each started workflow's ID).
func (d WorkflowDef[Req, Res]) ScheduleAction(req Req, opts ...StartOption) (ScheduleWorkflowAction, error) {
	o, err := d.StartOptions(req, opts...)
	if err != nil {
		return ScheduleWorkflowAction{}, err
	}
	return ScheduleWorkflowAction{Workflow: d.Name, Args: []any{req}, Options: o}, nil
}

// CreateScheduleInput is the input of CreateSchedule.
type CreateScheduleInput struct {
	Options ScheduleOptions
	// Header goes with every workflow the schedule starts.
	Header Header
}

// ScheduleAlreadyExistsError is returned when a schedule with the ID exists.
type ScheduleAlreadyExistsError struct {
	ScheduleID string
}

func (e *ScheduleAlreadyExistsError) Error() string {
	return fmt.Sprintf("client: schedule %q already exists: change it with GetSchedule(%q).Update, or delete it first", e.ScheduleID, e.ScheduleID)
}

// CreateSchedule creates a schedule and returns its handle. The options are
// checked before any request is sent.
func (c *Client) CreateSchedule(ctx context.Context, opts ScheduleOptions) (*ScheduleHandle, error) {
	return c.outbound.CreateSchedule(ctx, &CreateScheduleInput{Options: opts, Header: Header{}})
}

func (r *rootOutbound) CreateSchedule(ctx context.Context, in *CreateScheduleInput) (*ScheduleHandle, error) {
	c, o := r.c, in.Options
	if o.ID == "" {
		return nil, errors.New("client: ScheduleOptions.ID is empty: name the schedule")
	}
	if o.RemainingActions < 0 {
		return nil, fmt.Errorf("client: schedule %q: ScheduleOptions.RemainingActions is negative (%d)", o.ID, o.RemainingActions)
	}
	if o.CatchupWindow < 0 {
		return nil, fmt.Errorf("client: schedule %q: ScheduleOptions.CatchupWindow is negative (%v)", o.ID, o.CatchupWindow)
	}
	if err := checkOverlap("ScheduleOptions.Overlap", o.Overlap); err != nil {
		return nil, fmt.Errorf("client: schedule %q: %w", o.ID, err)
	}
	if err := checkBackfills(o.Backfills); err != nil {
		return nil, fmt.Errorf("client: schedule %q: ScheduleOptions.Backfills: %w", o.ID, err)
	}
	spec, err := o.Spec.toProto()
	if err != nil {
		return nil, fmt.Errorf("client: schedule %q: %w", o.ID, err)
	}
	action, err := c.scheduleAction(o.Action, in.Header)
	if err != nil {
		return nil, fmt.Errorf("client: schedule %q: %w", o.ID, err)
	}
	memo, err := c.encodeMemo(o.Memo)
	if err != nil {
		return nil, fmt.Errorf("client: schedule %q: %w", o.ID, err)
	}
	sa, err := temporal.EncodeSearchAttributes(o.SearchAttributes)
	if err != nil {
		return nil, fmt.Errorf("client: schedule %q: ScheduleOptions.SearchAttributes: %w", o.ID, err)
	}
	var patch *schedulepb.SchedulePatch
	if o.TriggerImmediately || len(o.Backfills) > 0 {
		patch = &schedulepb.SchedulePatch{BackfillRequest: backfillsProto(o.Backfills)}
		if o.TriggerImmediately {
			patch.TriggerImmediately = &schedulepb.TriggerImmediatelyRequest{OverlapPolicy: o.Overlap}
		}
	}
	_, err = c.service.CreateSchedule(ctx, &workflowservice.CreateScheduleRequest{
		Namespace:  c.namespace,
		ScheduleId: o.ID,
		Schedule: &schedulepb.Schedule{
			Spec:   spec,
			Action: action,
			Policies: &schedulepb.SchedulePolicies{
				OverlapPolicy:  o.Overlap,
				CatchupWindow:  optionalDuration(o.CatchupWindow),
				PauseOnFailure: o.PauseOnFailure,
			},
			State: &schedulepb.ScheduleState{
				Notes:            o.Note,
				Paused:           o.Paused,
				LimitedActions:   o.RemainingActions > 0,
				RemainingActions: int64(o.RemainingActions),
			},
		},
		InitialPatch:     patch,
		Identity:         c.identity,
		RequestId:        NewUUID(),
		Memo:             memo,
		SearchAttributes: sa,
	})
	if err := c.callError("create schedule", scheduleTarget(o.ID), err); err != nil {
		// The server answers as it does for a running workflow.
		if errors.As(err, new(*WorkflowAlreadyStartedError)) {
			return nil, &ScheduleAlreadyExistsError{ScheduleID: o.ID}
		}
		return nil, err
	}
	return &ScheduleHandle{c: c, id: o.ID}, nil
}

// scheduleAction builds the start-workflow action, checked as a start is.
func (c *Client) scheduleAction(a ScheduleWorkflowAction, header Header) (*schedulepb.ScheduleAction, error) {
	o := a.Options
	// A schedule has its own policies for what a start would decide.
	o.IDReusePolicy, o.IDConflictPolicy = enumspb.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED, enumspb.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED
	if o.ID == "" {
		o.ID = NewUUID()
	}
	start, err := c.startRequest(&StartWorkflowInput{Options: o, WorkflowType: a.Workflow, Args: a.Args, Header: header}, "ScheduleWorkflowAction.Options")
	if err != nil {
		return nil, err
	}
	return &schedulepb.ScheduleAction{Action: &schedulepb.ScheduleAction_StartWorkflow{StartWorkflow: &workflowpb.NewWorkflowExecutionInfo{
		WorkflowId:               start.WorkflowId,
		WorkflowType:             start.WorkflowType,
		TaskQueue:                &taskqueuepb.TaskQueue{Name: o.TaskQueue, Kind: enumspb.TASK_QUEUE_KIND_NORMAL},
		Input:                    start.Input,
		WorkflowExecutionTimeout: start.WorkflowExecutionTimeout,
		WorkflowRunTimeout:       start.WorkflowRunTimeout,
		WorkflowTaskTimeout:      start.WorkflowTaskTimeout,
		RetryPolicy:              start.RetryPolicy,
		Memo:                     start.Memo,
		SearchAttributes:         start.SearchAttributes,
		Header:                   start.Header,
		UserMetadata:             start.UserMetadata,
		Priority:                 start.Priority,
	}}}, nil
}

func (s ScheduleSpec) toProto() (*schedulepb.ScheduleSpec, error) {
	if s.Jitter < 0 {
		return nil, fmt.Errorf("ScheduleSpec.Jitter is negative (%v)", s.Jitter)
	}
	if !s.StartAt.IsZero() && !s.EndAt.IsZero() && s.EndAt.Before(s.StartAt) {
		return nil, fmt.Errorf("ScheduleSpec.EndAt (%v) is before StartAt (%v)", s.EndAt, s.StartAt)
	}
	p := &schedulepb.ScheduleSpec{
		CronString:   s.CronStrings,
		StartTime:    optionalTime(s.StartAt),
		EndTime:      optionalTime(s.EndAt),
		Jitter:       optionalDuration(s.Jitter),
		TimezoneName: s.TimeZoneName,
	}
	for i, iv := range s.Intervals {
		if iv.Every <= 0 || iv.Offset < 0 {
			return nil, fmt.Errorf("ScheduleSpec.Intervals[%d]: Every must be positive and Offset not negative (Every %v, Offset %v)", i, iv.Every, iv.Offset)
		}
		p.Interval = append(p.Interval, &schedulepb.IntervalSpec{Interval: durationpb.New(iv.Every), Phase: optionalDuration(iv.Offset)})
	}
	for _, c := range s.Calendars {
		p.StructuredCalendar = append(p.StructuredCalendar, c.toProto())
	}
	for _, c := range s.Skip {
		p.ExcludeStructuredCalendar = append(p.ExcludeStructuredCalendar, c.toProto())
	}
	return p, nil
}

// toProto writes the calendar with its defaults spelled out, as the
// official SDKs do: the server would read an empty field as "any".
func (c ScheduleCalendarSpec) toProto() *schedulepb.StructuredCalendarSpec {
	return &schedulepb.StructuredCalendarSpec{
		Second:     ranges(c.Second, &ScheduleRange{}),
		Minute:     ranges(c.Minute, &ScheduleRange{}),
		Hour:       ranges(c.Hour, &ScheduleRange{}),
		DayOfMonth: ranges(c.DayOfMonth, &ScheduleRange{Start: 1, End: 31}),
		Month:      ranges(c.Month, &ScheduleRange{Start: 1, End: 12}),
		Year:       ranges(c.Year, nil),
		DayOfWeek:  ranges(c.DayOfWeek, &ScheduleRange{Start: 0, End: 6}),
		Comment:    c.Comment,
	}
}

// ranges converts r, or def when r is empty and def is not nil.
func ranges(r []ScheduleRange, def *ScheduleRange) []*schedulepb.Range {
	if len(r) == 0 && def != nil {
		r = []ScheduleRange{*def}
	}
	var out []*schedulepb.Range
	for _, x := range r {
		out = append(out, &schedulepb.Range{Start: int32(x.Start), End: int32(x.End), Step: int32(x.Step)})
	}
	return out
}

func backfillsProto(bs []ScheduleBackfill) []*schedulepb.BackfillRequest {
	var out []*schedulepb.BackfillRequest
	for _, b := range bs {
		out = append(out, &schedulepb.BackfillRequest{StartTime: timestamppb.New(b.Start), EndTime: timestamppb.New(b.End), OverlapPolicy: b.Overlap})
	}
	return out
}

func optionalTime(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func scheduleTarget(id string) target { return target{kind: "schedule", id: id} }

// GetSchedule returns the handle of an existing schedule.
func (c *Client) GetSchedule(id string) *ScheduleHandle { return &ScheduleHandle{c: c, id: id} }

// ScheduleHandle acts on one schedule.
type ScheduleHandle struct {
	c  *Client
	id string
}

// ID is the schedule's ID.
func (h *ScheduleHandle) ID() string { return h.id }

// ScheduleDescription is a schedule's state.
type ScheduleDescription struct {
	ID     string
	Paused bool
	Note   string
	// ActionCount counts the actions taken so far; RemainingActions is
	// the limit left, -1 without one.
	ActionCount      int64
	RemainingActions int64
	// RecentActions are the latest actions, oldest first.
	RecentActions []ScheduleActionResult
	// NextActionTimes are the next times the spec gives.
	NextActionTimes []time.Time
	// RunningWorkflows are the started workflows still running.
	RunningWorkflows []WorkflowExecution
	// Response is the full server response: the spec, action and policies
	// as the server holds them, and counters.
	Response *workflowservice.DescribeScheduleResponse
}

// ScheduleActionResult is one action a schedule took.
type ScheduleActionResult struct {
	// ScheduledAt is when the spec said to act, StartedAt when it did.
	ScheduledAt, StartedAt time.Time
	// Workflow is the execution the action started.
	Workflow WorkflowExecution
}

// WorkflowExecution names one run of a workflow.
type WorkflowExecution struct {
	ID, RunID string
}

// Describe returns the schedule's state.
func (h *ScheduleHandle) Describe(ctx context.Context) (*ScheduleDescription, error) {
	if err := h.check("describing"); err != nil {
		return nil, err
	}
	resp, err := h.c.service.DescribeSchedule(ctx, &workflowservice.DescribeScheduleRequest{Namespace: h.c.namespace, ScheduleId: h.id})
	if err != nil {
		return nil, h.c.callError("describe schedule", scheduleTarget(h.id), err)
	}
	state, info := resp.GetSchedule().GetState(), resp.GetInfo()
	d := &ScheduleDescription{
		ID:               h.id,
		Paused:           state.GetPaused(),
		Note:             state.GetNotes(),
		ActionCount:      info.GetActionCount(),
		RemainingActions: -1,
		RecentActions:    actionResults(info.GetRecentActions()),
		Response:         resp,
	}
	if state.GetLimitedActions() {
		d.RemainingActions = state.GetRemainingActions()
	}
	for _, t := range info.GetFutureActionTimes() {
		d.NextActionTimes = append(d.NextActionTimes, t.AsTime())
	}
	for _, w := range info.GetRunningWorkflows() {
		d.RunningWorkflows = append(d.RunningWorkflows, WorkflowExecution{ID: w.GetWorkflowId(), RunID: w.GetRunId()})
	}
	return d, nil
}

func actionResults(rs []*schedulepb.ScheduleActionResult) []ScheduleActionResult {
	var out []ScheduleActionResult
	for _, r := range rs {
		out = append(out, ScheduleActionResult{
			ScheduledAt: r.GetScheduleTime().AsTime(),
			StartedAt:   r.GetActualTime().AsTime(),
			Workflow:    WorkflowExecution{ID: r.GetStartWorkflowResult().GetWorkflowId(), RunID: r.GetStartWorkflowResult().GetRunId()},
		})
	}
	return out
}

// Trigger starts one action now; overlap replaces the schedule's policy for
// it (unspecified keeps it).
func (h *ScheduleHandle) Trigger(ctx context.Context, overlap enumspb.ScheduleOverlapPolicy) error {
	if err := checkOverlap("overlap", overlap); err != nil {
		return fmt.Errorf("client: trigger of schedule %q: %w", h.id, err)
	}
	return h.patch(ctx, "trigger", &schedulepb.SchedulePatch{TriggerImmediately: &schedulepb.TriggerImmediatelyRequest{OverlapPolicy: overlap}})
}

// Pause stops the schedule's actions until Unpause; note says why.
func (h *ScheduleHandle) Pause(ctx context.Context, note string) error {
	if note == "" {
		note = "paused through workflowdef"
	}
	return h.patch(ctx, "pause", &schedulepb.SchedulePatch{Pause: note})
}

// Unpause resumes the schedule's actions; note replaces the pause's.
func (h *ScheduleHandle) Unpause(ctx context.Context, note string) error {
	if note == "" {
		note = "unpaused through workflowdef"
	}
	return h.patch(ctx, "unpause", &schedulepb.SchedulePatch{Unpause: note})
}

// Backfill runs the actions the spec gives in past windows.
func (h *ScheduleHandle) Backfill(ctx context.Context, backfills ...ScheduleBackfill) error {
	if err := checkBackfills(backfills); err != nil {
		return fmt.Errorf("client: backfill of schedule %q: %w", h.id, err)
	}
	return h.patch(ctx, "backfill", &schedulepb.SchedulePatch{BackfillRequest: backfillsProto(backfills)})
}

// checkBackfills refuses a window that ends before it starts, or an
// unknown overlap policy.
func checkBackfills(backfills []ScheduleBackfill) error {
	for i, b := range backfills {
		if b.End.Before(b.Start) {
			return fmt.Errorf("backfill window %d ends (%v) before it starts (%v)", i, b.End, b.Start)
		}
		if err := checkOverlap(fmt.Sprintf("backfill window %d: Overlap", i), b.Overlap); err != nil {
			return err
		}
	}
	return nil
}

// checkOverlap refuses a value that is no ScheduleOverlapPolicy, which the
// server would store as is.
func checkOverlap(field string, p enumspb.ScheduleOverlapPolicy) error {
	if _, ok := enumspb.ScheduleOverlapPolicy_name[int32(p)]; !ok {
		return fmt.Errorf("%s %d is not a ScheduleOverlapPolicy", field, p)
	}
	return nil
}

func (h *ScheduleHandle) patch(ctx context.Context, op string, p *schedulepb.SchedulePatch) error {
	if err := h.check(strings.TrimSuffix(op, "e") + "ing"); err != nil { // pausing, triggering
		return err
	}
	_, err := h.c.service.PatchSchedule(ctx, &workflowservice.PatchScheduleRequest{
		Namespace: h.c.namespace, ScheduleId: h.id, Patch: p, Identity: h.c.identity, RequestId: NewUUID(),
	})
	return h.c.callError(op+" schedule", scheduleTarget(h.id), err)
}

// Update changes the schedule: edit gets the schedule as the server holds
// it (spec, action, policies, state) and changes it in place, and Update
// writes it back whole. As with the official SDK, the last writer wins: a
// change someone else made between the read and the write is overwritten.
// (The server drops a write that carries a stale conflict token without
// reporting it, so sending one would lose this change silently instead.)
// An error from edit cancels the update.
func (h *ScheduleHandle) Update(ctx context.Context, edit func(*schedulepb.Schedule) error) error {
	if err := h.check("updating"); err != nil {
		return err
	}
	resp, err := h.c.service.DescribeSchedule(ctx, &workflowservice.DescribeScheduleRequest{Namespace: h.c.namespace, ScheduleId: h.id})
	if err != nil {
		return h.c.callError("describe schedule", scheduleTarget(h.id), err)
	}
	s := resp.GetSchedule()
	if err := edit(s); err != nil {
		return fmt.Errorf("client: updating schedule %q: %w", h.id, err)
	}
	_, err = h.c.service.UpdateSchedule(ctx, &workflowservice.UpdateScheduleRequest{
		Namespace: h.c.namespace, ScheduleId: h.id, Schedule: s,
		Identity: h.c.identity, RequestId: NewUUID(),
	})
	return h.c.callError("update schedule", scheduleTarget(h.id), err)
}

// Delete deletes the schedule; the workflows it started go on. The request
// carries no request ID for the server to deduplicate: if a Delete that
// succeeded lost its answer and was retried, the retry fails with a
// *NotFoundError.
func (h *ScheduleHandle) Delete(ctx context.Context) error {
	if err := h.check("deleting"); err != nil {
		return err
	}
	_, err := h.c.service.DeleteSchedule(ctx, &workflowservice.DeleteScheduleRequest{Namespace: h.c.namespace, ScheduleId: h.id, Identity: h.c.identity})
	return h.c.callError("delete schedule", scheduleTarget(h.id), err)
}

func (h *ScheduleHandle) check(doing string) error {
	if h.c == nil {
		return fmt.Errorf("client: %s schedule %q: %w", doing, h.id, errNilClient)
	}
	return nil
}

// ScheduleListEntry is a schedule as a list shows it.
type ScheduleListEntry struct {
	ID            string
	WorkflowType  string
	Paused        bool
	Note          string
	RecentActions []ScheduleActionResult
	// NextActionTimes are the next times the spec gives.
	NextActionTimes []time.Time
	Memo            *commonpb.Memo
	// SearchAttributes are the schedule's own.
	SearchAttributes temporal.SearchAttributes
}

// ListSchedules iterates over the namespace's schedules, those matching a
// visibility query if query is not empty, fetching pages as it goes.
// Iteration stops at the first error, which it yields. A schedule shows in
// the list a moment after it is created.
func (c *Client) ListSchedules(ctx context.Context, query string) iter.Seq2[*ScheduleListEntry, error] {
	return func(yield func(*ScheduleListEntry, error) bool) {
		var token []byte
		for {
			resp, err := c.service.ListSchedules(ctx, &workflowservice.ListSchedulesRequest{Namespace: c.namespace, Query: query, NextPageToken: token})
			if err != nil {
				yield(nil, c.callError("list schedules", target{}, err))
				return
			}
			for _, s := range resp.GetSchedules() {
				e := &ScheduleListEntry{
					ID:            s.GetScheduleId(),
					WorkflowType:  s.GetInfo().GetWorkflowType().GetName(),
					Paused:        s.GetInfo().GetPaused(),
					Note:          s.GetInfo().GetNotes(),
					RecentActions: actionResults(s.GetInfo().GetRecentActions()),
					Memo:          s.GetMemo(),
				}
				for _, t := range s.GetInfo().GetFutureActionTimes() {
					e.NextActionTimes = append(e.NextActionTimes, t.AsTime())
				}
				sa, err := temporal.DecodeSearchAttributes(s.GetSearchAttributes())
				if err != nil {
					c.logger.Warn("client: search attributes left out of a schedule's list entry", "schedule_id", e.ID, "error", err)
				}
				e.SearchAttributes = sa
				if !yield(e, nil) {
					return
				}
			}
			if token = resp.GetNextPageToken(); len(token) == 0 {
				return
			}
		}
	}
}
