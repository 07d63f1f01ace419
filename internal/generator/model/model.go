package model

import (
	"time"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/template"
)

// Request is everything one plugin run generates: the files protoc asked for
// that declare at least one annotated service, in the request's order.
type Request struct {
	Files []*File
	// Declared are the package-level Go identifiers protoc-gen-go declares
	// in each messages' package the request knows, by import path: what
	// code generated into the messages' package (package_suffix empty) must
	// not declare again.
	Declared map[protogen.GoImportPath][]Declared
	// Imports are the Go packages each messages' package imports for its
	// proto imports, by import path: with package_suffix empty, generated
	// code shares those imports, and a ref must not close a cycle.
	Imports map[protogen.GoImportPath][]protogen.GoImportPath
}

// Declared is a package-level Go identifier protoc-gen-go declares for a
// message, enum, enum value, oneof field, extension or file.
type Declared struct {
	Name string
	// What says whose it is: `message acme.orders.v1.OrdersClient`,
	// `the name map of enum acme.orders.v1.State`.
	What string
	Loc  Location
}

// File is one .proto file to generate for.
type File struct {
	// Proto is the file as protogen sees it: its Go import path and package
	// name, and GeneratedFilenamePrefix for the output's name.
	Proto *protogen.File
	// Path is the file's path as the compiler names it, e.g.
	// `acme/orders/v1/orders.proto`.
	Path string
	// Services are the file's annotated services in declaration order: those
	// with a service option or at least one Temporal method option.
	Services []*Service
}

// GoImportPath is the import path of the file's messages. Files of one import
// path generate into one Go package, whichever output mode is chosen, so
// names must be unique across them.
func (f *File) GoImportPath() protogen.GoImportPath { return f.Proto.GoImportPath }

// Service is an annotated protobuf service.
type Service struct {
	File *File
	// ProtoName is the service's name in the .proto file (`Orders`) and
	// FullName its fully qualified name (`acme.orders.v1.Orders`).
	ProtoName string
	FullName  string
	// GoName is the Go identifier generated names start from.
	GoName     string
	Comments   protogen.CommentSet
	Deprecated bool
	Loc        Location

	// TaskQueue is the service's default task queue; empty when unset.
	TaskQueue    string
	TaskQueueLoc Location
	// VersioningBehavior is the service's default for its workflows.
	VersioningBehavior VersioningBehavior
	// UnknownEnums are values of the service option that its schema does
	// not declare.
	UnknownEnums []UnknownEnum
	// UnknownFields are fields of the service option that the plugin's
	// schema does not have.
	UnknownFields []UnknownField

	// RPCs are the rpcs that carry a Temporal method option, in declaration
	// order; rpcs without one are left out. Each is also listed in the slice
	// of its kind below.
	RPCs       []*RPC
	Workflows  []*Workflow
	Activities []*Activity
	Signals    []*Signal
	Queries    []*Query
	Updates    []*Update
}

// Kind is what a Temporal method option makes of an rpc.
type Kind int

const (
	KindWorkflow Kind = iota + 1
	KindActivity
	KindSignal
	KindQuery
	KindUpdate
)

// String returns the kind's name as users read it: "workflow", "activity",
// "signal", "query", "update".
func (k Kind) String() string {
	switch k {
	case KindWorkflow:
		return "workflow"
	case KindActivity:
		return "activity"
	case KindSignal:
		return "signal"
	case KindQuery:
		return "query"
	case KindUpdate:
		return "update"
	}
	return "unknown"
}

// RPC is an rpc carrying a Temporal method option: what every kind shares.
type RPC struct {
	Service *Service
	// ProtoName is the rpc's name (`ProcessOrder`), FullName its fully
	// qualified name (`acme.orders.v1.Orders.ProcessOrder`), the default
	// Temporal name.
	ProtoName string
	FullName  string
	// GoName is the Go identifier generated names start from.
	GoName string
	// Request and Response are the rpc's messages; their GoIdent is the type
	// generated code names (`*ordersv1.ProcessOrderRequest`), and templates
	// resolve against Request.
	Request  *protogen.Message
	Response *protogen.Message
	// Comments are the rpc's proto comments, carried over to the generated
	// identifiers, and Deprecated its `deprecated` option.
	Comments   protogen.CommentSet
	Deprecated bool
	// ClientStreaming and ServerStreaming mark a streaming rpc, which cannot
	// be a Temporal item.
	ClientStreaming bool
	ServerStreaming bool
	// Loc is the rpc's declaration.
	Loc Location

	// Kind is the kind of the rpc's (first) Temporal method option, and
	// OptionLoc where that option is written.
	Kind      Kind
	OptionLoc Location
	// ExtraOptions are further Temporal method options on the same rpc, which
	// is an error: an rpc is one thing.
	ExtraOptions []ExtraOption
	// UnknownEnums are values of the method option that its schema does
	// not declare.
	UnknownEnums []UnknownEnum
	// UnknownFields are fields of the method option that the plugin's
	// schema does not have.
	UnknownFields []UnknownField

	// The item the rpc declares: the one field matching Kind is set.
	Workflow *Workflow
	Activity *Activity
	Signal   *Signal
	Query    *Query
	Update   *Update
}

// UnknownEnum is an option set to an enum number the schema does not
// declare: proto3 enums are open, so a compiler takes `id_reuse_policy: 9`.
type UnknownEnum struct {
	// Field is the option's path, e.g. `retry_policy.x` or
	// `search_attributes[0].type`.
	Field string
	Value int32
	// Enum is the enum's name and Declared the names of its values.
	Enum     string
	Declared []string
	Loc      Location
}

// UnknownField is a field set in an option that the plugin's copy of the
// options schema does not have: the protos were compiled against a newer
// workflowdef.proto than the plugin was built with.
type UnknownField struct {
	// In is the path of the option message that holds it, e.g. `` for the
	// option itself or `retry_policy`; Number is its field number.
	In     string
	Number int32
	Loc    Location
}

// ExtraOption is a second (third, ...) Temporal method option on one rpc.
type ExtraOption struct {
	Kind Kind
	Loc  Location
}

// Name returns the Temporal name of the rpc's item and where it comes from.
func (r *RPC) Name() (string, Location) {
	switch {
	case r.Workflow != nil:
		return r.Workflow.Name, r.Workflow.NameLoc
	case r.Activity != nil:
		return r.Activity.Name, r.Activity.NameLoc
	case r.Signal != nil:
		return r.Signal.Name, r.Signal.NameLoc
	case r.Query != nil:
		return r.Query.Name, r.Query.NameLoc
	case r.Update != nil:
		return r.Update.Name, r.Update.NameLoc
	}
	return r.FullName, r.Loc
}

// Workflow is an rpc marked as a workflow, with its options resolved: service
// defaults merged in, names defaulted, refs pointing at their items.
type Workflow struct {
	RPC *RPC
	// Name is the workflow type: the option's name or the rpc's FullName.
	// NameLoc is where the name option is written, or the rpc when defaulted.
	Name    string
	NameLoc Location
	// Aliases are further workflow type names registered for the workflow;
	// AliasLocs[i] is where Aliases[i] is written.
	Aliases   []string
	AliasLocs []Location
	// TaskQueue is the workflow's own task queue or the service's; empty when
	// neither is set.
	TaskQueue    string
	TaskQueueLoc Location
	// ID is the workflow ID template; nil means a random UUID.
	ID                  *Template
	IDReusePolicy       IDReusePolicy
	IDReusePolicyLoc    Location
	IDConflictPolicy    IDConflictPolicy
	IDConflictPolicyLoc Location
	// Timeouts; nil means unset (the server's default), which differs from
	// an explicit zero.
	ExecutionTimeout *Duration
	RunTimeout       *Duration
	TaskTimeout      *Duration
	// RetryPolicy is nil when unset: the workflow is not retried.
	RetryPolicy *RetryPolicy
	// Signals, Queries and Updates the workflow handles, in the option's
	// order.
	Signals []*SignalRef
	Queries []*QueryRef
	Updates []*UpdateRef
	// Child workflow defaults. WaitForCancellation is nil when unset:
	// Temporal's default, which waits for a cancelled child to close.
	ParentClosePolicy   ParentClosePolicy
	WaitForCancellation *bool
	// VersioningBehavior is the workflow's own or the service's.
	VersioningBehavior VersioningBehavior
	EnableEagerStart   bool
	// Priority is nil when unset.
	Priority         *Priority
	SearchAttributes []*SearchAttribute
	Memo             []*MemoField
}

// Activity is an rpc marked as an activity, with its options resolved.
type Activity struct {
	RPC     *RPC
	Name    string
	NameLoc Location
	// Aliases are further activity type names; AliasLocs[i] is where
	// Aliases[i] is written.
	Aliases   []string
	AliasLocs []Location
	// TaskQueue is the activity's own task queue or the service's; empty
	// means the calling workflow's.
	TaskQueue              string
	TaskQueueLoc           Location
	ScheduleToCloseTimeout *Duration
	ScheduleToStartTimeout *Duration
	StartToCloseTimeout    *Duration
	HeartbeatTimeout       *Duration
	// RetryPolicy is nil when unset: the server's default retries.
	RetryPolicy         *RetryPolicy
	WaitForCancellation bool
	// Priority is nil when unset: the calling workflow's.
	Priority *Priority
	// Local holds the local-activity defaults; nil when unset.
	Local *LocalActivity
}

// LocalActivity holds the defaults for running an activity as a local
// activity.
type LocalActivity struct {
	ScheduleToCloseTimeout *Duration
	StartToCloseTimeout    *Duration
	RetryPolicy            *RetryPolicy
	LocalRetryThreshold    *Duration
	Loc                    Location
}

// Signal is an rpc marked as a signal.
type Signal struct {
	RPC     *RPC
	Name    string
	NameLoc Location
}

// Query is an rpc marked as a query.
type Query struct {
	RPC     *RPC
	Name    string
	NameLoc Location
}

// Update is an rpc marked as an update.
type Update struct {
	RPC     *RPC
	Name    string
	NameLoc Location
	// ID is the update ID template; nil means a random UUID.
	ID *Template
	// Validate is the update's own validate setting; a workflow may override
	// it (UpdateRef.Validate).
	Validate        bool
	WaitForStage    UpdateWaitStage
	WaitForStageLoc Location
}

// Ref is a workflow's reference to a signal, query or update rpc, as written,
// with what it names.
type Ref struct {
	// Text is the ref as written: `CancelOrder` (same service) or a fully
	// qualified rpc name.
	Text string
	Loc  Location
	// Targets are the rpcs Text names. A valid ref names exactly one, which
	// carries the option of the expected kind. More than one is ambiguous.
	Targets []Target
}

// Target is an rpc a Ref names.
type Target struct {
	// FullName is the rpc's fully qualified name.
	FullName string
	// RPC is the rpc when it carries a Temporal method option, nil otherwise.
	RPC *RPC
}

// SignalRef is a signal the workflow handles.
type SignalRef struct {
	Ref
	// Signal is the signal the ref resolves to; nil when it does not resolve
	// to exactly one signal (validation reports why).
	Signal *Signal
	// Start asks for signal-with-start.
	Start    bool
	StartLoc Location
}

// QueryRef is a query the workflow answers.
type QueryRef struct {
	Ref
	// Query is the query the ref resolves to; nil when it does not resolve.
	Query *Query
}

// UpdateRef is an update the workflow handles.
type UpdateRef struct {
	Ref
	// Update is the update the ref resolves to; nil when it does not resolve.
	Update *Update
	// Start asks for update-with-start.
	Start    bool
	StartLoc Location
	// Validate is whether this workflow validates the update: ValidateOverride
	// when set, else the update's own setting.
	Validate         bool
	ValidateOverride *bool
	// IDConflictPolicy is the update-with-start conflict policy; unspecified
	// means use existing.
	IDConflictPolicy    IDConflictPolicy
	IDConflictPolicyLoc Location
}

// Duration is a duration option that was set, possibly to zero.
type Duration struct {
	Value time.Duration
	Loc   Location
	// Invalid says why the written duration is not one Go can hold
	// (Value is then zero, so that no other check reads it), or is empty.
	Invalid string
}

// RetryPolicy is a retry policy as written; zero fields mean the server's
// default for that field.
type RetryPolicy struct {
	InitialInterval       *Duration
	BackoffCoefficient    float64
	BackoffCoefficientLoc Location
	MaximumInterval       *Duration
	MaximumAttempts       int32
	MaximumAttemptsLoc    Location
	// NonRetryableErrorTypes is never nil-vs-empty sensitive: empty means none.
	NonRetryableErrorTypes []string
	Loc                    Location
}

// Priority is the priority and fairness of tasks.
type Priority struct {
	// PriorityKey is 1 (highest) to the server's maximum; 0 is the default.
	PriorityKey    int32
	PriorityKeyLoc Location
	// FairnessKey is a template; nil when unset.
	FairnessKey *Template
	// FairnessWeight is the key's weight; 0 means 1.0.
	FairnessWeight    float32
	FairnessWeightLoc Location
	Loc               Location
}

// PerCall reports whether the priority depends on the call: its fairness
// key reads the request or draws a UUID, so it is rendered for each call
// rather than being a fixed default. False for a nil priority and for a
// fairness key that does not parse.
func (p *Priority) PerCall() bool {
	if p == nil || p.FairnessKey == nil || p.FairnessKey.Parsed == nil {
		return false
	}
	_, literal := p.FairnessKey.Parsed.Literal()
	return !literal
}

// SearchAttribute is a search attribute set when the workflow starts.
type SearchAttribute struct {
	Key     string
	KeyLoc  Location
	Type    SearchAttributeType
	TypeLoc Location
	// Value is the value template. A lone `{path}` takes the field's value
	// with its type; a literal (no braces) is parsed for Type (see
	// [SearchAttribute.Literal]); anything else renders to a string.
	Value *Template
	Loc   Location
}

// MemoField is a memo entry set when the workflow starts.
type MemoField struct {
	Key    string
	KeyLoc Location
	// Value is the value template. A lone `{path}` takes the field's value,
	// messages included; anything else renders to a string.
	Value *Template
	Loc   Location
}

// Template is a template option: its source, where it is written, and the
// parsed template resolved against the rpc's request, or the error that
// stopped parsing.
type Template struct {
	// Kind names the template's role in messages: "workflow ID", "update ID",
	// "fairness key", `search attribute "CustomerId"`, `memo "note"`. It is
	// the Kind of the runtime's TemplateFieldError.
	Kind   string
	Source string
	Loc    Location
	// Parsed is the resolved template; nil when Err is set.
	Parsed *template.Template
	// Err is the parse or resolution error, a *template.Error.
	Err error
}
