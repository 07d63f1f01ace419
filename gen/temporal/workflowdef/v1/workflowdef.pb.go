// workflowdef options: annotate a protobuf service to describe Temporal
// workflows, activities, signals, queries and updates. The
// protoc-gen-go-temporal plugin reads these options and generates typed Go
// clients and worker registrations on the workflowdef runtime.
//
// This file is self-contained: it imports only protobuf's well-known types, so
// a buf workspace needs nothing else and works offline.
//
// # Shape of an annotated service
//
//	service OrderService {
//	  option (temporal.workflowdef.v1.service) = {task_queue: "orders"};
//
//	  rpc ProcessOrder(ProcessOrderRequest) returns (ProcessOrderResponse) {
//	    option (temporal.workflowdef.v1.workflow) = {
//	      id: "order-{customer.id}-{order_id}"
//	      execution_timeout: {seconds: 86400}
//	      signal: [{ref: "CancelOrder", start: true}]
//	      query: [{ref: "GetStatus"}]
//	      update: [{ref: "ChangeAddress"}]
//	    };
//	  }
//	  rpc ChargeCard(ChargeCardRequest) returns (ChargeCardResponse) {
//	    option (temporal.workflowdef.v1.activity) = {start_to_close_timeout: {seconds: 30}};
//	  }
//	  rpc CancelOrder(CancelOrderRequest) returns (google.protobuf.Empty) {
//	    option (temporal.workflowdef.v1.signal) = {};
//	  }
//	  rpc GetStatus(google.protobuf.Empty) returns (OrderStatus) {
//	    option (temporal.workflowdef.v1.query) = {};
//	  }
//	  rpc ChangeAddress(ChangeAddressRequest) returns (ChangeAddressResponse) {
//	    option (temporal.workflowdef.v1.update) = {id: "address-{address.postal_code}" validate: true};
//	  }
//	}
//
// An rpc carries exactly one of the method options below. Its request message
// is the input and its response message is the result; signals return
// google.protobuf.Empty, and queries may take google.protobuf.Empty.
//
// # Names
//
// Unless an option sets `name`, a workflow, activity, signal, query or update
// is registered under the rpc's fully qualified proto name, for example
// `acme.orders.v1.OrderService.ProcessOrder`. These are the names the Temporal
// server, CLI and UI show, and the names another SDK uses to call us.
//
// # Templates
//
// Workflow IDs, update IDs, fairness keys, search attribute values and memo
// values are templates evaluated against the rpc's request message:
//
//   - Text outside braces is copied as is: `order-` stays `order-`.
//   - `{path}` inserts a field of the request. A path is a dot-separated list of
//     proto field names as written in the .proto file (`customer.id`); every
//     segment but the last names a singular message field (in editions, a
//     DELIMITED message field counts too), and the last names a singular
//     scalar field (string, an integer type, bool or an enum, which renders as
//     its value name, or as its number when the value is one the generated
//     code does not know). A path never goes through a repeated or map field,
//     and one template never reads two members of one oneof (only one can be
//     set, so it could never render).
//   - A lone path, a template that is exactly one `{path}` and nothing else,
//     takes the field's value with its own type where the option allows it,
//     and may then also end at: a repeated string field (a KEYWORD_LIST search
//     attribute, a memo value), a google.protobuf.Timestamp (a DATETIME search
//     attribute, a memo value), a float or double field (a DOUBLE search
//     attribute, a memo value) or any other message (a memo value). Workflow
//     IDs, update IDs and fairness keys are text, so their paths always end at
//     a scalar.
//   - `{$uuid}` inserts a random version 4 UUID. Inside workflow code it is
//     drawn from the workflow's deterministic random source, so replay yields
//     the same value: a workflow ID's from workflow.NewUUID's stream, and a
//     memo's, search attribute's or fairness key's, which replay does not
//     compare, from a stream of their own (workflow.NewDefaultsUUID), so a
//     template that gains one leaves every ID of running workflows as it was.
//   - `{{` and `}}` stand for literal braces.
//
// The plugin compiles each template to Go at generation time and rejects a path
// that does not exist or does not end at a scalar, naming the file, rpc and
// template. At run time, a string field that is empty, a field that tracks
// presence (proto3 `optional`, editions' explicit presence, a oneof member)
// and is not set, or a message on the path that is not set, is an error
// returned before any request is sent, so a workflow is never started under
// an ID such as `order--` or `run-0`. Other numbers, bools and enums have no
// empty value: 0, false and the zero enum value render as they are. An ID
// template is rendered only when the call gives no ID, and an activity's
// fairness key only when the call's options give no priority (nil included).
// A workflow's other templates (memo, search attributes, fairness key) are
// rendered, and their fields checked, on every start, even one whose options
// then replace the value.
//
// # Precedence
//
// Values set in Go at the call site win over method options, which win over
// service options, which win over the Temporal server's defaults.
//
// # Generating and using the code
//
// protoc-gen-go-temporal (`go get -tool
// github.com/workflowdef/workflowdef/cmd/protoc-gen-go-temporal`, then
// `local: ["go", "tool", "protoc-gen-go-temporal"]` in buf.gen.yaml) writes,
// for a file whose Go package is `ordersv1`, the package `ordersv1temporal`
// beside it: name constants; `NewOrderServiceClient`, which starts and finds
// workflows, and a typed run handle per workflow with a method per signal,
// query and update it declares (a workflow cannot be sent one it does not
// declare; the exported `...SignalDef`, `...QueryDef` and `...UpdateDef`
// descriptors address any workflow ID); for workers, an
// interface per workflow (`Execute` plus a method per query and update, and
// `Validate...` where `validate` is on) and `RegisterOrderServiceWorkflows`
// and `RegisterOrderServiceActivities`; for workflow code, typed activity,
// local activity, child workflow, external signal and continue-as-new calls.
// The plugin option `package_suffix=` writes into the messages' package
// instead. proto/example/orders/v1/orders.proto in the workflowdef
// repository uses nearly every option (internal/generator/testdata/
// everyoption sets them all), and examples/orders implements it.

// Code generated by protoc-gen-go. DO NOT EDIT.
// versions:
// 	protoc-gen-go v1.36.12
// 	protoc        (unknown)
// source: temporal/workflowdef/v1/workflowdef.proto

package workflowdefv1

import (
	protoreflect "google.golang.org/protobuf/reflect/protoreflect"
	protoimpl "google.golang.org/protobuf/runtime/protoimpl"
	descriptorpb "google.golang.org/protobuf/types/descriptorpb"
	durationpb "google.golang.org/protobuf/types/known/durationpb"
	reflect "reflect"
	sync "sync"
	unsafe "unsafe"
)

const (
	// Verify that this generated code is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(20 - protoimpl.MinVersion)
	// Verify that runtime/protoimpl is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(protoimpl.MaxVersion - 20)
)

// WorkflowIdReusePolicy says whether a new execution may use the ID of a
// closed one. Values equal Temporal's WorkflowIdReusePolicy.
type WorkflowIdReusePolicy int32

const (
	// WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED leaves the server default, which is
	// allow duplicate.
	WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED WorkflowIdReusePolicy = 0
	// WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE allows a new execution whatever
	// the previous one's outcome.
	WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE WorkflowIdReusePolicy = 1
	// WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY allows a new execution
	// only if the previous one failed, was cancelled, terminated or timed out.
	WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY WorkflowIdReusePolicy = 2
	// WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE never reuses the ID.
	WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE WorkflowIdReusePolicy = 3
	// WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING terminates a running
	// execution and starts a new one. Temporal deprecates it: prefer
	// WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING.
	WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING WorkflowIdReusePolicy = 4
)

// Enum value maps for WorkflowIdReusePolicy.
var (
	WorkflowIdReusePolicy_name = map[int32]string{
		0: "WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED",
		1: "WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE",
		2: "WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY",
		3: "WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE",
		4: "WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING",
	}
	WorkflowIdReusePolicy_value = map[string]int32{
		"WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED":                 0,
		"WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE":             1,
		"WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY": 2,
		"WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE":            3,
		"WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING":        4,
	}
)

func (x WorkflowIdReusePolicy) Enum() *WorkflowIdReusePolicy {
	p := new(WorkflowIdReusePolicy)
	*p = x
	return p
}

func (x WorkflowIdReusePolicy) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (WorkflowIdReusePolicy) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[0].Descriptor()
}

func (WorkflowIdReusePolicy) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[0]
}

func (x WorkflowIdReusePolicy) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use WorkflowIdReusePolicy.Descriptor instead.
func (WorkflowIdReusePolicy) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{0}
}

// WorkflowIdConflictPolicy says what happens when a start meets a running
// execution with the same ID. Values equal Temporal's WorkflowIdConflictPolicy.
type WorkflowIdConflictPolicy int32

const (
	// WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED leaves the default: fail for a plain
	// start, use existing for signal- and update-with-start.
	WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED WorkflowIdConflictPolicy = 0
	// WORKFLOW_ID_CONFLICT_POLICY_FAIL fails the start with an "already started"
	// error.
	WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_FAIL WorkflowIdConflictPolicy = 1
	// WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING returns the running execution
	// instead of starting a new one.
	WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING WorkflowIdConflictPolicy = 2
	// WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING terminates the running
	// execution and starts a new one.
	WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING WorkflowIdConflictPolicy = 3
)

// Enum value maps for WorkflowIdConflictPolicy.
var (
	WorkflowIdConflictPolicy_name = map[int32]string{
		0: "WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED",
		1: "WORKFLOW_ID_CONFLICT_POLICY_FAIL",
		2: "WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING",
		3: "WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING",
	}
	WorkflowIdConflictPolicy_value = map[string]int32{
		"WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED":        0,
		"WORKFLOW_ID_CONFLICT_POLICY_FAIL":               1,
		"WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING":       2,
		"WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING": 3,
	}
)

func (x WorkflowIdConflictPolicy) Enum() *WorkflowIdConflictPolicy {
	p := new(WorkflowIdConflictPolicy)
	*p = x
	return p
}

func (x WorkflowIdConflictPolicy) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (WorkflowIdConflictPolicy) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[1].Descriptor()
}

func (WorkflowIdConflictPolicy) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[1]
}

func (x WorkflowIdConflictPolicy) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use WorkflowIdConflictPolicy.Descriptor instead.
func (WorkflowIdConflictPolicy) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{1}
}

// ParentClosePolicy says what happens to a child workflow when its parent
// closes. Values equal Temporal's ParentClosePolicy.
type ParentClosePolicy int32

const (
	// PARENT_CLOSE_POLICY_UNSPECIFIED leaves the server default, which is
	// terminate.
	ParentClosePolicy_PARENT_CLOSE_POLICY_UNSPECIFIED ParentClosePolicy = 0
	// PARENT_CLOSE_POLICY_TERMINATE terminates the child.
	ParentClosePolicy_PARENT_CLOSE_POLICY_TERMINATE ParentClosePolicy = 1
	// PARENT_CLOSE_POLICY_ABANDON lets the child run on.
	ParentClosePolicy_PARENT_CLOSE_POLICY_ABANDON ParentClosePolicy = 2
	// PARENT_CLOSE_POLICY_REQUEST_CANCEL asks the child to cancel.
	ParentClosePolicy_PARENT_CLOSE_POLICY_REQUEST_CANCEL ParentClosePolicy = 3
)

// Enum value maps for ParentClosePolicy.
var (
	ParentClosePolicy_name = map[int32]string{
		0: "PARENT_CLOSE_POLICY_UNSPECIFIED",
		1: "PARENT_CLOSE_POLICY_TERMINATE",
		2: "PARENT_CLOSE_POLICY_ABANDON",
		3: "PARENT_CLOSE_POLICY_REQUEST_CANCEL",
	}
	ParentClosePolicy_value = map[string]int32{
		"PARENT_CLOSE_POLICY_UNSPECIFIED":    0,
		"PARENT_CLOSE_POLICY_TERMINATE":      1,
		"PARENT_CLOSE_POLICY_ABANDON":        2,
		"PARENT_CLOSE_POLICY_REQUEST_CANCEL": 3,
	}
)

func (x ParentClosePolicy) Enum() *ParentClosePolicy {
	p := new(ParentClosePolicy)
	*p = x
	return p
}

func (x ParentClosePolicy) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (ParentClosePolicy) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[2].Descriptor()
}

func (ParentClosePolicy) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[2]
}

func (x ParentClosePolicy) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use ParentClosePolicy.Descriptor instead.
func (ParentClosePolicy) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{2}
}

// UpdateWaitStage is the stage of an update a client waits for. Values equal
// Temporal's UpdateWorkflowExecutionLifecycleStage.
type UpdateWaitStage int32

const (
	// UPDATE_WAIT_STAGE_UNSPECIFIED means accepted.
	UpdateWaitStage_UPDATE_WAIT_STAGE_UNSPECIFIED UpdateWaitStage = 0
	// UPDATE_WAIT_STAGE_ACCEPTED returns once the workflow has accepted the
	// update (its validator passed); the result is fetched later from the handle.
	UpdateWaitStage_UPDATE_WAIT_STAGE_ACCEPTED UpdateWaitStage = 2
	// UPDATE_WAIT_STAGE_COMPLETED returns once the update handler has finished,
	// with its result.
	UpdateWaitStage_UPDATE_WAIT_STAGE_COMPLETED UpdateWaitStage = 3
)

// Enum value maps for UpdateWaitStage.
var (
	UpdateWaitStage_name = map[int32]string{
		0: "UPDATE_WAIT_STAGE_UNSPECIFIED",
		2: "UPDATE_WAIT_STAGE_ACCEPTED",
		3: "UPDATE_WAIT_STAGE_COMPLETED",
	}
	UpdateWaitStage_value = map[string]int32{
		"UPDATE_WAIT_STAGE_UNSPECIFIED": 0,
		"UPDATE_WAIT_STAGE_ACCEPTED":    2,
		"UPDATE_WAIT_STAGE_COMPLETED":   3,
	}
)

func (x UpdateWaitStage) Enum() *UpdateWaitStage {
	p := new(UpdateWaitStage)
	*p = x
	return p
}

func (x UpdateWaitStage) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (UpdateWaitStage) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[3].Descriptor()
}

func (UpdateWaitStage) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[3]
}

func (x UpdateWaitStage) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use UpdateWaitStage.Descriptor instead.
func (UpdateWaitStage) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{3}
}

// VersioningBehavior says how a workflow moves between worker deployment
// versions. Values equal Temporal's VersioningBehavior.
type VersioningBehavior int32

const (
	// VERSIONING_BEHAVIOR_UNSPECIFIED uses the worker's default.
	VersioningBehavior_VERSIONING_BEHAVIOR_UNSPECIFIED VersioningBehavior = 0
	// VERSIONING_BEHAVIOR_PINNED keeps the workflow on the deployment version it
	// started on until it closes.
	VersioningBehavior_VERSIONING_BEHAVIOR_PINNED VersioningBehavior = 1
	// VERSIONING_BEHAVIOR_AUTO_UPGRADE moves the workflow to the deployment's
	// current version at its next workflow task.
	VersioningBehavior_VERSIONING_BEHAVIOR_AUTO_UPGRADE VersioningBehavior = 2
)

// Enum value maps for VersioningBehavior.
var (
	VersioningBehavior_name = map[int32]string{
		0: "VERSIONING_BEHAVIOR_UNSPECIFIED",
		1: "VERSIONING_BEHAVIOR_PINNED",
		2: "VERSIONING_BEHAVIOR_AUTO_UPGRADE",
	}
	VersioningBehavior_value = map[string]int32{
		"VERSIONING_BEHAVIOR_UNSPECIFIED":  0,
		"VERSIONING_BEHAVIOR_PINNED":       1,
		"VERSIONING_BEHAVIOR_AUTO_UPGRADE": 2,
	}
)

func (x VersioningBehavior) Enum() *VersioningBehavior {
	p := new(VersioningBehavior)
	*p = x
	return p
}

func (x VersioningBehavior) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (VersioningBehavior) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[4].Descriptor()
}

func (VersioningBehavior) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[4]
}

func (x VersioningBehavior) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use VersioningBehavior.Descriptor instead.
func (VersioningBehavior) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{4}
}

// SearchAttributeType is the indexed type of a search attribute. Values equal
// Temporal's IndexedValueType.
type SearchAttributeType int32

const (
	// SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED is invalid; every search attribute names
	// its type.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED SearchAttributeType = 0
	// SEARCH_ATTRIBUTE_TYPE_TEXT is full-text searchable text.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_TEXT SearchAttributeType = 1
	// SEARCH_ATTRIBUTE_TYPE_KEYWORD is an exact-match string.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_KEYWORD SearchAttributeType = 2
	// SEARCH_ATTRIBUTE_TYPE_INT is a 64-bit integer.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_INT SearchAttributeType = 3
	// SEARCH_ATTRIBUTE_TYPE_DOUBLE is a 64-bit float.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_DOUBLE SearchAttributeType = 4
	// SEARCH_ATTRIBUTE_TYPE_BOOL is a boolean.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_BOOL SearchAttributeType = 5
	// SEARCH_ATTRIBUTE_TYPE_DATETIME is a point in time.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_DATETIME SearchAttributeType = 6
	// SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST is a list of exact-match strings.
	SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST SearchAttributeType = 7
)

// Enum value maps for SearchAttributeType.
var (
	SearchAttributeType_name = map[int32]string{
		0: "SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED",
		1: "SEARCH_ATTRIBUTE_TYPE_TEXT",
		2: "SEARCH_ATTRIBUTE_TYPE_KEYWORD",
		3: "SEARCH_ATTRIBUTE_TYPE_INT",
		4: "SEARCH_ATTRIBUTE_TYPE_DOUBLE",
		5: "SEARCH_ATTRIBUTE_TYPE_BOOL",
		6: "SEARCH_ATTRIBUTE_TYPE_DATETIME",
		7: "SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST",
	}
	SearchAttributeType_value = map[string]int32{
		"SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED":  0,
		"SEARCH_ATTRIBUTE_TYPE_TEXT":         1,
		"SEARCH_ATTRIBUTE_TYPE_KEYWORD":      2,
		"SEARCH_ATTRIBUTE_TYPE_INT":          3,
		"SEARCH_ATTRIBUTE_TYPE_DOUBLE":       4,
		"SEARCH_ATTRIBUTE_TYPE_BOOL":         5,
		"SEARCH_ATTRIBUTE_TYPE_DATETIME":     6,
		"SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST": 7,
	}
)

func (x SearchAttributeType) Enum() *SearchAttributeType {
	p := new(SearchAttributeType)
	*p = x
	return p
}

func (x SearchAttributeType) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (SearchAttributeType) Descriptor() protoreflect.EnumDescriptor {
	return file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[5].Descriptor()
}

func (SearchAttributeType) Type() protoreflect.EnumType {
	return &file_temporal_workflowdef_v1_workflowdef_proto_enumTypes[5]
}

func (x SearchAttributeType) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use SearchAttributeType.Descriptor instead.
func (SearchAttributeType) EnumDescriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{5}
}

// ServiceOptions are defaults for every workflow and activity declared in one
// service.
type ServiceOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// task_queue is the default task queue of the service's workflows and
	// activities. Workers of the service poll it, and clients start workflows on
	// it. A method's own task_queue overrides it. When both are empty, a
	// client's start must give the task queue in Go, as the worker must, and
	// activity and child-workflow calls use the calling workflow's.
	TaskQueue string `protobuf:"bytes,1,opt,name=task_queue,json=taskQueue,proto3" json:"task_queue,omitempty"`
	// versioning_behavior is the default worker-versioning behaviour of the
	// service's workflows when the worker runs with deployment versioning. A
	// workflow's own versioning_behavior overrides it.
	VersioningBehavior VersioningBehavior `protobuf:"varint,2,opt,name=versioning_behavior,json=versioningBehavior,proto3,enum=temporal.workflowdef.v1.VersioningBehavior" json:"versioning_behavior,omitempty"`
	unknownFields      protoimpl.UnknownFields
	sizeCache          protoimpl.SizeCache
}

func (x *ServiceOptions) Reset() {
	*x = ServiceOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[0]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ServiceOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ServiceOptions) ProtoMessage() {}

func (x *ServiceOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[0]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ServiceOptions.ProtoReflect.Descriptor instead.
func (*ServiceOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{0}
}

func (x *ServiceOptions) GetTaskQueue() string {
	if x != nil {
		return x.TaskQueue
	}
	return ""
}

func (x *ServiceOptions) GetVersioningBehavior() VersioningBehavior {
	if x != nil {
		return x.VersioningBehavior
	}
	return VersioningBehavior_VERSIONING_BEHAVIOR_UNSPECIFIED
}

// WorkflowOptions describe a workflow: how it is named and registered, how
// clients start it, which signals, queries and updates it handles, and how it
// behaves as a child workflow.
type WorkflowOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// name is the workflow type name registered with the worker and sent when
	// starting the workflow. Empty means the rpc's fully qualified name.
	Name string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	// aliases are extra workflow type names the worker also registers for this
	// workflow, so executions started under an old name keep running after a
	// rename.
	Aliases []string `protobuf:"bytes,2,rep,name=aliases,proto3" json:"aliases,omitempty"`
	// task_queue overrides the service's task_queue for this workflow.
	TaskQueue string `protobuf:"bytes,3,opt,name=task_queue,json=taskQueue,proto3" json:"task_queue,omitempty"`
	// id is the workflow ID template, evaluated against the workflow input (see
	// Templates in the file comment), for example `order-{customer.id}-{order_id}`.
	// Empty means a random UUID for a client's start, and for a child workflow
	// the official SDKs' default, `<parent run ID>_<sequence>`. An ID given in
	// Go at the call site wins.
	Id string `protobuf:"bytes,4,opt,name=id,proto3" json:"id,omitempty"`
	// id_reuse_policy says whether a new execution may reuse the ID of a closed
	// one. Unspecified leaves the server default (allow duplicate).
	IdReusePolicy WorkflowIdReusePolicy `protobuf:"varint,5,opt,name=id_reuse_policy,json=idReusePolicy,proto3,enum=temporal.workflowdef.v1.WorkflowIdReusePolicy" json:"id_reuse_policy,omitempty"`
	// id_conflict_policy says what happens when an execution with the ID is
	// still running. Unspecified leaves the server default (fail).
	IdConflictPolicy WorkflowIdConflictPolicy `protobuf:"varint,6,opt,name=id_conflict_policy,json=idConflictPolicy,proto3,enum=temporal.workflowdef.v1.WorkflowIdConflictPolicy" json:"id_conflict_policy,omitempty"`
	// execution_timeout bounds the whole workflow execution, including retries
	// and continue-as-new runs. Unset means unlimited.
	ExecutionTimeout *durationpb.Duration `protobuf:"bytes,7,opt,name=execution_timeout,json=executionTimeout,proto3" json:"execution_timeout,omitempty"`
	// run_timeout bounds one run of the workflow. Unset means the
	// execution_timeout. When both are set (and execution_timeout is not zero)
	// it may not be longer than execution_timeout, which bounds every run: the
	// plugin rejects that, since the server would cut it short.
	RunTimeout *durationpb.Duration `protobuf:"bytes,8,opt,name=run_timeout,json=runTimeout,proto3" json:"run_timeout,omitempty"`
	// task_timeout bounds one workflow task: how long a worker may take to
	// process a batch of history. Unset means the server default (10s). The
	// server caps it at 120s, so the plugin rejects more.
	TaskTimeout *durationpb.Duration `protobuf:"bytes,9,opt,name=task_timeout,json=taskTimeout,proto3" json:"task_timeout,omitempty"`
	// retry_policy retries the whole workflow when it fails. Unset means a
	// failed workflow is not retried, which is Temporal's default for workflows.
	RetryPolicy *RetryPolicy `protobuf:"bytes,10,opt,name=retry_policy,json=retryPolicy,proto3" json:"retry_policy,omitempty"`
	// signal lists the signals this workflow handles. The workflow gets a typed
	// channel for each, and clients get typed methods to send it.
	Signal []*WorkflowSignal `protobuf:"bytes,11,rep,name=signal,proto3" json:"signal,omitempty"`
	// query lists the queries this workflow answers.
	Query []*WorkflowQuery `protobuf:"bytes,12,rep,name=query,proto3" json:"query,omitempty"`
	// update lists the updates this workflow handles.
	Update []*WorkflowUpdate `protobuf:"bytes,13,rep,name=update,proto3" json:"update,omitempty"`
	// parent_close_policy is the default when this workflow runs as a child: what
	// happens to it when its parent closes. Unspecified means terminate, the
	// server default.
	ParentClosePolicy ParentClosePolicy `protobuf:"varint,14,opt,name=parent_close_policy,json=parentClosePolicy,proto3,enum=temporal.workflowdef.v1.ParentClosePolicy" json:"parent_close_policy,omitempty"`
	// wait_for_cancellation is the default when this workflow runs as a child:
	// when the parent cancels it, whether the parent waits for the child to
	// close. Unset keeps Temporal's default: a cancelled child's future
	// resolves when the child closes (cancelled, or completed or failed if it
	// ignored the request). true says so explicitly. false makes the parent go
	// on once the server recorded the cancel request: the child's future fails
	// with a cancelled error without waiting for the child to close (the
	// runtime's ChildWorkflowCancellationWaitRequested). The cancel request
	// sent is the same either way. workflow.WithChildWaitForCancellation or
	// workflow.WithChildCancellationType at the call site wins.
	WaitForCancellation *bool `protobuf:"varint,15,opt,name=wait_for_cancellation,json=waitForCancellation,proto3,oneof" json:"wait_for_cancellation,omitempty"`
	// versioning_behavior overrides the service's versioning_behavior for this
	// workflow.
	VersioningBehavior VersioningBehavior `protobuf:"varint,16,opt,name=versioning_behavior,json=versioningBehavior,proto3,enum=temporal.workflowdef.v1.VersioningBehavior" json:"versioning_behavior,omitempty"`
	// enable_eager_start asks the server to hand the first workflow task straight
	// back to a worker in the starting process, saving a round trip. It takes
	// effect only when that process runs a worker for the task queue.
	EnableEagerStart bool `protobuf:"varint,17,opt,name=enable_eager_start,json=enableEagerStart,proto3" json:"enable_eager_start,omitempty"`
	// priority sets the priority and fairness of the workflow's tasks; activities
	// and children inherit it unless they set their own.
	Priority *Priority `protobuf:"bytes,18,opt,name=priority,proto3" json:"priority,omitempty"`
	// search_attributes are search attributes set when the workflow starts.
	SearchAttributes []*SearchAttribute `protobuf:"bytes,19,rep,name=search_attributes,json=searchAttributes,proto3" json:"search_attributes,omitempty"`
	// memo is unindexed data attached to the execution at start, shown by the
	// Temporal CLI and UI.
	Memo          []*MemoField `protobuf:"bytes,20,rep,name=memo,proto3" json:"memo,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *WorkflowOptions) Reset() {
	*x = WorkflowOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[1]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *WorkflowOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*WorkflowOptions) ProtoMessage() {}

func (x *WorkflowOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[1]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use WorkflowOptions.ProtoReflect.Descriptor instead.
func (*WorkflowOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{1}
}

func (x *WorkflowOptions) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *WorkflowOptions) GetAliases() []string {
	if x != nil {
		return x.Aliases
	}
	return nil
}

func (x *WorkflowOptions) GetTaskQueue() string {
	if x != nil {
		return x.TaskQueue
	}
	return ""
}

func (x *WorkflowOptions) GetId() string {
	if x != nil {
		return x.Id
	}
	return ""
}

func (x *WorkflowOptions) GetIdReusePolicy() WorkflowIdReusePolicy {
	if x != nil {
		return x.IdReusePolicy
	}
	return WorkflowIdReusePolicy_WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED
}

func (x *WorkflowOptions) GetIdConflictPolicy() WorkflowIdConflictPolicy {
	if x != nil {
		return x.IdConflictPolicy
	}
	return WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED
}

func (x *WorkflowOptions) GetExecutionTimeout() *durationpb.Duration {
	if x != nil {
		return x.ExecutionTimeout
	}
	return nil
}

func (x *WorkflowOptions) GetRunTimeout() *durationpb.Duration {
	if x != nil {
		return x.RunTimeout
	}
	return nil
}

func (x *WorkflowOptions) GetTaskTimeout() *durationpb.Duration {
	if x != nil {
		return x.TaskTimeout
	}
	return nil
}

func (x *WorkflowOptions) GetRetryPolicy() *RetryPolicy {
	if x != nil {
		return x.RetryPolicy
	}
	return nil
}

func (x *WorkflowOptions) GetSignal() []*WorkflowSignal {
	if x != nil {
		return x.Signal
	}
	return nil
}

func (x *WorkflowOptions) GetQuery() []*WorkflowQuery {
	if x != nil {
		return x.Query
	}
	return nil
}

func (x *WorkflowOptions) GetUpdate() []*WorkflowUpdate {
	if x != nil {
		return x.Update
	}
	return nil
}

func (x *WorkflowOptions) GetParentClosePolicy() ParentClosePolicy {
	if x != nil {
		return x.ParentClosePolicy
	}
	return ParentClosePolicy_PARENT_CLOSE_POLICY_UNSPECIFIED
}

func (x *WorkflowOptions) GetWaitForCancellation() bool {
	if x != nil && x.WaitForCancellation != nil {
		return *x.WaitForCancellation
	}
	return false
}

func (x *WorkflowOptions) GetVersioningBehavior() VersioningBehavior {
	if x != nil {
		return x.VersioningBehavior
	}
	return VersioningBehavior_VERSIONING_BEHAVIOR_UNSPECIFIED
}

func (x *WorkflowOptions) GetEnableEagerStart() bool {
	if x != nil {
		return x.EnableEagerStart
	}
	return false
}

func (x *WorkflowOptions) GetPriority() *Priority {
	if x != nil {
		return x.Priority
	}
	return nil
}

func (x *WorkflowOptions) GetSearchAttributes() []*SearchAttribute {
	if x != nil {
		return x.SearchAttributes
	}
	return nil
}

func (x *WorkflowOptions) GetMemo() []*MemoField {
	if x != nil {
		return x.Memo
	}
	return nil
}

// WorkflowSignal names a signal the workflow handles.
type WorkflowSignal struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// ref names the rpc that declares the signal: its name within the same
	// service (`CancelOrder`), or its fully qualified name
	// (`acme.orders.v1.OrderService.CancelOrder`) for one declared elsewhere.
	// A file declared in another Go package must be generated in the same
	// run, and the refs must not make two packages' generated code import
	// each other.
	Ref string `protobuf:"bytes,1,opt,name=ref,proto3" json:"ref,omitempty"`
	// start generates signal-with-start methods: one call starts the workflow if
	// it is not running and delivers the signal. The call reaches a running
	// workflow: a FAIL or TERMINATE_EXISTING id_conflict_policy of the
	// workflow is for its plain starts, and becomes use existing here (a
	// call-site option can still ask for TERMINATE_EXISTING).
	Start         bool `protobuf:"varint,2,opt,name=start,proto3" json:"start,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *WorkflowSignal) Reset() {
	*x = WorkflowSignal{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[2]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *WorkflowSignal) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*WorkflowSignal) ProtoMessage() {}

func (x *WorkflowSignal) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[2]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use WorkflowSignal.ProtoReflect.Descriptor instead.
func (*WorkflowSignal) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{2}
}

func (x *WorkflowSignal) GetRef() string {
	if x != nil {
		return x.Ref
	}
	return ""
}

func (x *WorkflowSignal) GetStart() bool {
	if x != nil {
		return x.Start
	}
	return false
}

// WorkflowQuery names a query the workflow answers.
type WorkflowQuery struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// ref names the rpc that declares the query, as in WorkflowSignal.ref.
	Ref           string `protobuf:"bytes,1,opt,name=ref,proto3" json:"ref,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *WorkflowQuery) Reset() {
	*x = WorkflowQuery{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[3]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *WorkflowQuery) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*WorkflowQuery) ProtoMessage() {}

func (x *WorkflowQuery) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[3]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use WorkflowQuery.ProtoReflect.Descriptor instead.
func (*WorkflowQuery) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{3}
}

func (x *WorkflowQuery) GetRef() string {
	if x != nil {
		return x.Ref
	}
	return ""
}

// WorkflowUpdate names an update the workflow handles.
type WorkflowUpdate struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// ref names the rpc that declares the update, as in WorkflowSignal.ref.
	Ref string `protobuf:"bytes,1,opt,name=ref,proto3" json:"ref,omitempty"`
	// start generates update-with-start methods: one call starts the workflow
	// if needed and sends the update.
	Start bool `protobuf:"varint,2,opt,name=start,proto3" json:"start,omitempty"`
	// validate overrides the update's own validate setting for this workflow.
	// Unset keeps the update's setting.
	Validate *bool `protobuf:"varint,3,opt,name=validate,proto3,oneof" json:"validate,omitempty"`
	// id_conflict_policy is the conflict policy used by update-with-start, which
	// the server requires. Unspecified means use existing, so the update reaches
	// the running execution, whatever the workflow's own id_conflict_policy (FAIL
	// and TERMINATE_EXISTING there are for its plain starts); set
	// TERMINATE_EXISTING here to replace the running execution instead.
	IdConflictPolicy WorkflowIdConflictPolicy `protobuf:"varint,4,opt,name=id_conflict_policy,json=idConflictPolicy,proto3,enum=temporal.workflowdef.v1.WorkflowIdConflictPolicy" json:"id_conflict_policy,omitempty"`
	unknownFields    protoimpl.UnknownFields
	sizeCache        protoimpl.SizeCache
}

func (x *WorkflowUpdate) Reset() {
	*x = WorkflowUpdate{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[4]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *WorkflowUpdate) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*WorkflowUpdate) ProtoMessage() {}

func (x *WorkflowUpdate) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[4]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use WorkflowUpdate.ProtoReflect.Descriptor instead.
func (*WorkflowUpdate) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{4}
}

func (x *WorkflowUpdate) GetRef() string {
	if x != nil {
		return x.Ref
	}
	return ""
}

func (x *WorkflowUpdate) GetStart() bool {
	if x != nil {
		return x.Start
	}
	return false
}

func (x *WorkflowUpdate) GetValidate() bool {
	if x != nil && x.Validate != nil {
		return *x.Validate
	}
	return false
}

func (x *WorkflowUpdate) GetIdConflictPolicy() WorkflowIdConflictPolicy {
	if x != nil {
		return x.IdConflictPolicy
	}
	return WorkflowIdConflictPolicy_WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED
}

// ActivityOptions describe an activity and the defaults workflows use when
// they call it.
type ActivityOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// name is the activity type name. Empty means the rpc's fully qualified name.
	Name string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	// aliases are extra activity type names the worker also registers, so
	// activities scheduled under an old name still run after a rename.
	Aliases []string `protobuf:"bytes,2,rep,name=aliases,proto3" json:"aliases,omitempty"`
	// task_queue is the task queue the activity is scheduled on. Empty means the
	// service's task_queue or, when that is empty too, the calling workflow's.
	TaskQueue string `protobuf:"bytes,3,opt,name=task_queue,json=taskQueue,proto3" json:"task_queue,omitempty"`
	// schedule_to_close_timeout bounds the activity from scheduling to its final
	// result, across every retry. Either it or start_to_close_timeout must be
	// set, here or at the call site.
	ScheduleToCloseTimeout *durationpb.Duration `protobuf:"bytes,4,opt,name=schedule_to_close_timeout,json=scheduleToCloseTimeout,proto3" json:"schedule_to_close_timeout,omitempty"`
	// schedule_to_start_timeout bounds how long one attempt may wait in the task
	// queue for a worker. Unset means no limit.
	ScheduleToStartTimeout *durationpb.Duration `protobuf:"bytes,5,opt,name=schedule_to_start_timeout,json=scheduleToStartTimeout,proto3" json:"schedule_to_start_timeout,omitempty"`
	// start_to_close_timeout bounds one attempt, from the moment a worker picks it
	// up. Either it or schedule_to_close_timeout must be set.
	StartToCloseTimeout *durationpb.Duration `protobuf:"bytes,6,opt,name=start_to_close_timeout,json=startToCloseTimeout,proto3" json:"start_to_close_timeout,omitempty"`
	// heartbeat_timeout is the longest gap allowed between two heartbeats of a
	// running attempt; a missed heartbeat fails the attempt with a timeout.
	// Unset means heartbeats are not required.
	HeartbeatTimeout *durationpb.Duration `protobuf:"bytes,7,opt,name=heartbeat_timeout,json=heartbeatTimeout,proto3" json:"heartbeat_timeout,omitempty"`
	// retry_policy decides how failed attempts are retried. Unset means the
	// server default: exponential backoff from 1s, coefficient 2, capped at 100x
	// the initial interval, unlimited attempts.
	RetryPolicy *RetryPolicy `protobuf:"bytes,8,opt,name=retry_policy,json=retryPolicy,proto3" json:"retry_policy,omitempty"`
	// wait_for_cancellation says when the future of an activity the workflow
	// cancels resolves. false (the default) fails it with a cancelled error as
	// soon as the workflow asks the activity to cancel. true makes it wait
	// until the activity closed: it acknowledged the cancellation (an activity
	// learns of it by heartbeating), or completed, failed or timed out first,
	// and the future then gives that outcome. workflow.WithWaitForCancellation
	// at the call site wins.
	WaitForCancellation bool `protobuf:"varint,9,opt,name=wait_for_cancellation,json=waitForCancellation,proto3" json:"wait_for_cancellation,omitempty"`
	// priority sets the priority and fairness of the activity's tasks. Unset
	// inherits the calling workflow's priority. A fairness_key that reads the
	// request or draws {$uuid} (from the workflow's deterministic randomness)
	// is rendered for each call by the generated activity functions (for rpc
	// Charge: Charge and ChargeAsync), whose future fails before anything is
	// scheduled when a field on its path is empty. That priority is a default
	// like the others: activity options set on the workflow context and
	// workflow.WithActivityPriority at the call site win, without rendering it
	// (WithActivityPriority(nil) inherits the workflow's). ChargeActivityDef's
	// fixed Options then carry no priority, and local activities have none.
	Priority *Priority `protobuf:"bytes,10,opt,name=priority,proto3" json:"priority,omitempty"`
	// local holds the defaults used when a workflow runs this activity as a local
	// activity, inside the workflow worker without a round trip to the server.
	Local         *LocalActivityOptions `protobuf:"bytes,11,opt,name=local,proto3" json:"local,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ActivityOptions) Reset() {
	*x = ActivityOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[5]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ActivityOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ActivityOptions) ProtoMessage() {}

func (x *ActivityOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[5]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ActivityOptions.ProtoReflect.Descriptor instead.
func (*ActivityOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{5}
}

func (x *ActivityOptions) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *ActivityOptions) GetAliases() []string {
	if x != nil {
		return x.Aliases
	}
	return nil
}

func (x *ActivityOptions) GetTaskQueue() string {
	if x != nil {
		return x.TaskQueue
	}
	return ""
}

func (x *ActivityOptions) GetScheduleToCloseTimeout() *durationpb.Duration {
	if x != nil {
		return x.ScheduleToCloseTimeout
	}
	return nil
}

func (x *ActivityOptions) GetScheduleToStartTimeout() *durationpb.Duration {
	if x != nil {
		return x.ScheduleToStartTimeout
	}
	return nil
}

func (x *ActivityOptions) GetStartToCloseTimeout() *durationpb.Duration {
	if x != nil {
		return x.StartToCloseTimeout
	}
	return nil
}

func (x *ActivityOptions) GetHeartbeatTimeout() *durationpb.Duration {
	if x != nil {
		return x.HeartbeatTimeout
	}
	return nil
}

func (x *ActivityOptions) GetRetryPolicy() *RetryPolicy {
	if x != nil {
		return x.RetryPolicy
	}
	return nil
}

func (x *ActivityOptions) GetWaitForCancellation() bool {
	if x != nil {
		return x.WaitForCancellation
	}
	return false
}

func (x *ActivityOptions) GetPriority() *Priority {
	if x != nil {
		return x.Priority
	}
	return nil
}

func (x *ActivityOptions) GetLocal() *LocalActivityOptions {
	if x != nil {
		return x.Local
	}
	return nil
}

// LocalActivityOptions are defaults for running an activity as a local
// activity. Without this block, or with neither timeout in it, a local call
// takes the activity's own schedule_to_close_timeout and
// start_to_close_timeout; without a retry_policy here, the activity's own.
type LocalActivityOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// schedule_to_close_timeout bounds the local activity across every retry.
	// Either it or start_to_close_timeout must be set, here, on the activity,
	// or at the call site.
	ScheduleToCloseTimeout *durationpb.Duration `protobuf:"bytes,1,opt,name=schedule_to_close_timeout,json=scheduleToCloseTimeout,proto3" json:"schedule_to_close_timeout,omitempty"`
	// start_to_close_timeout bounds one attempt.
	StartToCloseTimeout *durationpb.Duration `protobuf:"bytes,2,opt,name=start_to_close_timeout,json=startToCloseTimeout,proto3" json:"start_to_close_timeout,omitempty"`
	// retry_policy decides how failed attempts are retried. Unset means the
	// activity's retry_policy, or, without one, the same defaults as for
	// activities.
	RetryPolicy *RetryPolicy `protobuf:"bytes,3,opt,name=retry_policy,json=retryPolicy,proto3" json:"retry_policy,omitempty"`
	// local_retry_threshold is the longest backoff retried inside the running
	// workflow task; a longer backoff is waited out on a durable workflow timer.
	// Unset means the workflow task timeout.
	LocalRetryThreshold *durationpb.Duration `protobuf:"bytes,4,opt,name=local_retry_threshold,json=localRetryThreshold,proto3" json:"local_retry_threshold,omitempty"`
	unknownFields       protoimpl.UnknownFields
	sizeCache           protoimpl.SizeCache
}

func (x *LocalActivityOptions) Reset() {
	*x = LocalActivityOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[6]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *LocalActivityOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*LocalActivityOptions) ProtoMessage() {}

func (x *LocalActivityOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[6]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use LocalActivityOptions.ProtoReflect.Descriptor instead.
func (*LocalActivityOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{6}
}

func (x *LocalActivityOptions) GetScheduleToCloseTimeout() *durationpb.Duration {
	if x != nil {
		return x.ScheduleToCloseTimeout
	}
	return nil
}

func (x *LocalActivityOptions) GetStartToCloseTimeout() *durationpb.Duration {
	if x != nil {
		return x.StartToCloseTimeout
	}
	return nil
}

func (x *LocalActivityOptions) GetRetryPolicy() *RetryPolicy {
	if x != nil {
		return x.RetryPolicy
	}
	return nil
}

func (x *LocalActivityOptions) GetLocalRetryThreshold() *durationpb.Duration {
	if x != nil {
		return x.LocalRetryThreshold
	}
	return nil
}

// SignalOptions describe a signal.
type SignalOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// name is the signal name. Empty means the rpc's fully qualified name.
	Name          string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SignalOptions) Reset() {
	*x = SignalOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[7]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SignalOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SignalOptions) ProtoMessage() {}

func (x *SignalOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[7]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SignalOptions.ProtoReflect.Descriptor instead.
func (*SignalOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{7}
}

func (x *SignalOptions) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

// QueryOptions describe a query.
type QueryOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// name is the query type name. Empty means the rpc's fully qualified name.
	Name          string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *QueryOptions) Reset() {
	*x = QueryOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[8]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *QueryOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*QueryOptions) ProtoMessage() {}

func (x *QueryOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[8]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use QueryOptions.ProtoReflect.Descriptor instead.
func (*QueryOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{8}
}

func (x *QueryOptions) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

// UpdateOptions describe an update.
type UpdateOptions struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// name is the update name. Empty means the rpc's fully qualified name.
	Name string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	// id is the update ID template, evaluated against the update's argument (see
	// Templates in the file comment). The server deduplicates updates by ID
	// within one run, so an ID derived from the request makes a retried call
	// safe. Empty means a random UUID.
	Id string `protobuf:"bytes,2,opt,name=id,proto3" json:"id,omitempty"`
	// validate adds a validator to the generated workflow interface. The
	// validator runs before the update is accepted, may reject it with an error,
	// must not change workflow state, and is not run again on replay.
	Validate bool `protobuf:"varint,3,opt,name=validate,proto3" json:"validate,omitempty"`
	// wait_for_stage is the stage the client's async update call and
	// update-with-start wait for before they return the update's handle; the
	// plain update call always waits for the result. Unspecified means
	// accepted: they return once the validator passed, and the handle waits
	// for the result.
	WaitForStage  UpdateWaitStage `protobuf:"varint,4,opt,name=wait_for_stage,json=waitForStage,proto3,enum=temporal.workflowdef.v1.UpdateWaitStage" json:"wait_for_stage,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *UpdateOptions) Reset() {
	*x = UpdateOptions{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[9]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *UpdateOptions) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*UpdateOptions) ProtoMessage() {}

func (x *UpdateOptions) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[9]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use UpdateOptions.ProtoReflect.Descriptor instead.
func (*UpdateOptions) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{9}
}

func (x *UpdateOptions) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *UpdateOptions) GetId() string {
	if x != nil {
		return x.Id
	}
	return ""
}

func (x *UpdateOptions) GetValidate() bool {
	if x != nil {
		return x.Validate
	}
	return false
}

func (x *UpdateOptions) GetWaitForStage() UpdateWaitStage {
	if x != nil {
		return x.WaitForStage
	}
	return UpdateWaitStage_UPDATE_WAIT_STAGE_UNSPECIFIED
}

// RetryPolicy says how a failed activity or workflow is retried. Each field
// maps to the field of the same name in Temporal's RetryPolicy.
type RetryPolicy struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// initial_interval is the wait before the first retry. Unset means 1s.
	InitialInterval *durationpb.Duration `protobuf:"bytes,1,opt,name=initial_interval,json=initialInterval,proto3" json:"initial_interval,omitempty"`
	// backoff_coefficient multiplies the wait after each retry. Zero means 2.0;
	// otherwise it must be at least 1.
	BackoffCoefficient float64 `protobuf:"fixed64,2,opt,name=backoff_coefficient,json=backoffCoefficient,proto3" json:"backoff_coefficient,omitempty"`
	// maximum_interval caps the wait between retries. Unset means 100 times
	// initial_interval.
	MaximumInterval *durationpb.Duration `protobuf:"bytes,3,opt,name=maximum_interval,json=maximumInterval,proto3" json:"maximum_interval,omitempty"`
	// maximum_attempts caps the number of attempts, the first included. Zero
	// means unlimited; 1 means no retries.
	MaximumAttempts int32 `protobuf:"varint,4,opt,name=maximum_attempts,json=maximumAttempts,proto3" json:"maximum_attempts,omitempty"`
	// non_retryable_error_types lists application error types that are never
	// retried, matched against ApplicationError's type.
	NonRetryableErrorTypes []string `protobuf:"bytes,5,rep,name=non_retryable_error_types,json=nonRetryableErrorTypes,proto3" json:"non_retryable_error_types,omitempty"`
	unknownFields          protoimpl.UnknownFields
	sizeCache              protoimpl.SizeCache
}

func (x *RetryPolicy) Reset() {
	*x = RetryPolicy{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[10]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RetryPolicy) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RetryPolicy) ProtoMessage() {}

func (x *RetryPolicy) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[10]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RetryPolicy.ProtoReflect.Descriptor instead.
func (*RetryPolicy) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{10}
}

func (x *RetryPolicy) GetInitialInterval() *durationpb.Duration {
	if x != nil {
		return x.InitialInterval
	}
	return nil
}

func (x *RetryPolicy) GetBackoffCoefficient() float64 {
	if x != nil {
		return x.BackoffCoefficient
	}
	return 0
}

func (x *RetryPolicy) GetMaximumInterval() *durationpb.Duration {
	if x != nil {
		return x.MaximumInterval
	}
	return nil
}

func (x *RetryPolicy) GetMaximumAttempts() int32 {
	if x != nil {
		return x.MaximumAttempts
	}
	return 0
}

func (x *RetryPolicy) GetNonRetryableErrorTypes() []string {
	if x != nil {
		return x.NonRetryableErrorTypes
	}
	return nil
}

// Priority sets the priority and fairness of tasks on a task queue. Each field
// maps to the field of the same name in Temporal's Priority.
type Priority struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// priority_key is a priority from 1 (highest) to the server's maximum
	// (default 5). Zero means the default priority, the middle of the range.
	PriorityKey int32 `protobuf:"varint,1,opt,name=priority_key,json=priorityKey,proto3" json:"priority_key,omitempty"`
	// fairness_key is a template (see Templates in the file comment) whose value
	// groups tasks for fair dispatch, for example `{tenant_id}`, evaluated
	// against the workflow's or the activity's request. Tasks of different keys
	// are dispatched in proportion to their weights. At most 64 bytes once
	// rendered.
	FairnessKey string `protobuf:"bytes,2,opt,name=fairness_key,json=fairnessKey,proto3" json:"fairness_key,omitempty"`
	// fairness_weight is the weight of fairness_key. Zero means 1.0.
	FairnessWeight float32 `protobuf:"fixed32,3,opt,name=fairness_weight,json=fairnessWeight,proto3" json:"fairness_weight,omitempty"`
	unknownFields  protoimpl.UnknownFields
	sizeCache      protoimpl.SizeCache
}

func (x *Priority) Reset() {
	*x = Priority{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[11]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Priority) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Priority) ProtoMessage() {}

func (x *Priority) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[11]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Priority.ProtoReflect.Descriptor instead.
func (*Priority) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{11}
}

func (x *Priority) GetPriorityKey() int32 {
	if x != nil {
		return x.PriorityKey
	}
	return 0
}

func (x *Priority) GetFairnessKey() string {
	if x != nil {
		return x.FairnessKey
	}
	return ""
}

func (x *Priority) GetFairnessWeight() float32 {
	if x != nil {
		return x.FairnessWeight
	}
	return 0
}

// SearchAttribute sets one search attribute when a workflow starts.
type SearchAttribute struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// key is the search attribute's name, as registered on the namespace.
	Key string `protobuf:"bytes,1,opt,name=key,proto3" json:"key,omitempty"`
	// type is the search attribute's indexed type; it must match the namespace's
	// registration.
	Type SearchAttributeType `protobuf:"varint,2,opt,name=type,proto3,enum=temporal.workflowdef.v1.SearchAttributeType" json:"type,omitempty"`
	// value is the attribute's value. A template that is exactly one `{path}`
	// takes the field's value with its own type: an integer field for INT
	// (not uint64 or fixed64, whose large values an INT cannot hold), a
	// float, double or integer field for DOUBLE, a bool field for BOOL, a
	// google.protobuf.Timestamp for DATETIME, a repeated string field for
	// KEYWORD_LIST, and a string, integer, bool or enum field (rendered as
	// text) for TEXT and KEYWORD; the plugin rejects a field of another type. Any other template
	// renders to a string, which is allowed for TEXT and KEYWORD only. A value
	// without braces is a literal parsed for the type: `42`, `2.5`, `true`, an
	// RFC 3339 time, or text (one keyword for KEYWORD_LIST).
	Value         string `protobuf:"bytes,3,opt,name=value,proto3" json:"value,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SearchAttribute) Reset() {
	*x = SearchAttribute{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[12]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SearchAttribute) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SearchAttribute) ProtoMessage() {}

func (x *SearchAttribute) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[12]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SearchAttribute.ProtoReflect.Descriptor instead.
func (*SearchAttribute) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{12}
}

func (x *SearchAttribute) GetKey() string {
	if x != nil {
		return x.Key
	}
	return ""
}

func (x *SearchAttribute) GetType() SearchAttributeType {
	if x != nil {
		return x.Type
	}
	return SearchAttributeType_SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED
}

func (x *SearchAttribute) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

// MemoField sets one memo entry when a workflow starts.
type MemoField struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// key is the memo entry's name.
	Key string `protobuf:"bytes,1,opt,name=key,proto3" json:"key,omitempty"`
	// value is the entry's value. A template that is exactly one `{path}` takes
	// the field's value, encoded like any payload: a scalar, a repeated string,
	// a google.protobuf.Timestamp or any other message. Anything else renders
	// to a string.
	Value         string `protobuf:"bytes,2,opt,name=value,proto3" json:"value,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *MemoField) Reset() {
	*x = MemoField{}
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[13]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *MemoField) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*MemoField) ProtoMessage() {}

func (x *MemoField) ProtoReflect() protoreflect.Message {
	mi := &file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[13]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use MemoField.ProtoReflect.Descriptor instead.
func (*MemoField) Descriptor() ([]byte, []int) {
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP(), []int{13}
}

func (x *MemoField) GetKey() string {
	if x != nil {
		return x.Key
	}
	return ""
}

func (x *MemoField) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

var file_temporal_workflowdef_v1_workflowdef_proto_extTypes = []protoimpl.ExtensionInfo{
	{
		ExtendedType:  (*descriptorpb.ServiceOptions)(nil),
		ExtensionType: (*ServiceOptions)(nil),
		Field:         7250,
		Name:          "temporal.workflowdef.v1.service",
		Tag:           "bytes,7250,opt,name=service",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
	{
		ExtendedType:  (*descriptorpb.MethodOptions)(nil),
		ExtensionType: (*WorkflowOptions)(nil),
		Field:         7251,
		Name:          "temporal.workflowdef.v1.workflow",
		Tag:           "bytes,7251,opt,name=workflow",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
	{
		ExtendedType:  (*descriptorpb.MethodOptions)(nil),
		ExtensionType: (*ActivityOptions)(nil),
		Field:         7252,
		Name:          "temporal.workflowdef.v1.activity",
		Tag:           "bytes,7252,opt,name=activity",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
	{
		ExtendedType:  (*descriptorpb.MethodOptions)(nil),
		ExtensionType: (*SignalOptions)(nil),
		Field:         7253,
		Name:          "temporal.workflowdef.v1.signal",
		Tag:           "bytes,7253,opt,name=signal",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
	{
		ExtendedType:  (*descriptorpb.MethodOptions)(nil),
		ExtensionType: (*QueryOptions)(nil),
		Field:         7254,
		Name:          "temporal.workflowdef.v1.query",
		Tag:           "bytes,7254,opt,name=query",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
	{
		ExtendedType:  (*descriptorpb.MethodOptions)(nil),
		ExtensionType: (*UpdateOptions)(nil),
		Field:         7255,
		Name:          "temporal.workflowdef.v1.update",
		Tag:           "bytes,7255,opt,name=update",
		Filename:      "temporal/workflowdef/v1/workflowdef.proto",
	},
}

// Extension fields to descriptorpb.ServiceOptions.
var (
	// service holds defaults shared by every workflow and activity of the service.
	//
	// optional temporal.workflowdef.v1.ServiceOptions service = 7250;
	E_Service = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[0]
)

// Extension fields to descriptorpb.MethodOptions.
var (
	// workflow marks the rpc as a workflow: the request is the workflow input and
	// the response its result.
	//
	// optional temporal.workflowdef.v1.WorkflowOptions workflow = 7251;
	E_Workflow = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[1]
	// activity marks the rpc as an activity: the request is the activity input
	// and the response its result.
	//
	// optional temporal.workflowdef.v1.ActivityOptions activity = 7252;
	E_Activity = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[2]
	// signal marks the rpc as a signal. The response must be
	// google.protobuf.Empty, since signals return nothing.
	//
	// optional temporal.workflowdef.v1.SignalOptions signal = 7253;
	E_Signal = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[3]
	// query marks the rpc as a query: the request is the query argument
	// (google.protobuf.Empty for none) and the response the answer.
	//
	// optional temporal.workflowdef.v1.QueryOptions query = 7254;
	E_Query = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[4]
	// update marks the rpc as an update: the request is the update argument and
	// the response its result.
	//
	// optional temporal.workflowdef.v1.UpdateOptions update = 7255;
	E_Update = &file_temporal_workflowdef_v1_workflowdef_proto_extTypes[5]
)

var File_temporal_workflowdef_v1_workflowdef_proto protoreflect.FileDescriptor

const file_temporal_workflowdef_v1_workflowdef_proto_rawDesc = "" +
	"\n" +
	")temporal/workflowdef/v1/workflowdef.proto\x12\x17temporal.workflowdef.v1\x1a google/protobuf/descriptor.proto\x1a\x1egoogle/protobuf/duration.proto\"\x8d\x01\n" +
	"\x0eServiceOptions\x12\x1d\n" +
	"\n" +
	"task_queue\x18\x01 \x01(\tR\ttaskQueue\x12\\\n" +
	"\x13versioning_behavior\x18\x02 \x01(\x0e2+.temporal.workflowdef.v1.VersioningBehaviorR\x12versioningBehavior\"\xfb\t\n" +
	"\x0fWorkflowOptions\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\x12\x18\n" +
	"\aaliases\x18\x02 \x03(\tR\aaliases\x12\x1d\n" +
	"\n" +
	"task_queue\x18\x03 \x01(\tR\ttaskQueue\x12\x0e\n" +
	"\x02id\x18\x04 \x01(\tR\x02id\x12V\n" +
	"\x0fid_reuse_policy\x18\x05 \x01(\x0e2..temporal.workflowdef.v1.WorkflowIdReusePolicyR\ridReusePolicy\x12_\n" +
	"\x12id_conflict_policy\x18\x06 \x01(\x0e21.temporal.workflowdef.v1.WorkflowIdConflictPolicyR\x10idConflictPolicy\x12F\n" +
	"\x11execution_timeout\x18\a \x01(\v2\x19.google.protobuf.DurationR\x10executionTimeout\x12:\n" +
	"\vrun_timeout\x18\b \x01(\v2\x19.google.protobuf.DurationR\n" +
	"runTimeout\x12<\n" +
	"\ftask_timeout\x18\t \x01(\v2\x19.google.protobuf.DurationR\vtaskTimeout\x12G\n" +
	"\fretry_policy\x18\n" +
	" \x01(\v2$.temporal.workflowdef.v1.RetryPolicyR\vretryPolicy\x12?\n" +
	"\x06signal\x18\v \x03(\v2'.temporal.workflowdef.v1.WorkflowSignalR\x06signal\x12<\n" +
	"\x05query\x18\f \x03(\v2&.temporal.workflowdef.v1.WorkflowQueryR\x05query\x12?\n" +
	"\x06update\x18\r \x03(\v2'.temporal.workflowdef.v1.WorkflowUpdateR\x06update\x12Z\n" +
	"\x13parent_close_policy\x18\x0e \x01(\x0e2*.temporal.workflowdef.v1.ParentClosePolicyR\x11parentClosePolicy\x127\n" +
	"\x15wait_for_cancellation\x18\x0f \x01(\bH\x00R\x13waitForCancellation\x88\x01\x01\x12\\\n" +
	"\x13versioning_behavior\x18\x10 \x01(\x0e2+.temporal.workflowdef.v1.VersioningBehaviorR\x12versioningBehavior\x12,\n" +
	"\x12enable_eager_start\x18\x11 \x01(\bR\x10enableEagerStart\x12=\n" +
	"\bpriority\x18\x12 \x01(\v2!.temporal.workflowdef.v1.PriorityR\bpriority\x12U\n" +
	"\x11search_attributes\x18\x13 \x03(\v2(.temporal.workflowdef.v1.SearchAttributeR\x10searchAttributes\x126\n" +
	"\x04memo\x18\x14 \x03(\v2\".temporal.workflowdef.v1.MemoFieldR\x04memoB\x18\n" +
	"\x16_wait_for_cancellation\"8\n" +
	"\x0eWorkflowSignal\x12\x10\n" +
	"\x03ref\x18\x01 \x01(\tR\x03ref\x12\x14\n" +
	"\x05start\x18\x02 \x01(\bR\x05start\"!\n" +
	"\rWorkflowQuery\x12\x10\n" +
	"\x03ref\x18\x01 \x01(\tR\x03ref\"\xc7\x01\n" +
	"\x0eWorkflowUpdate\x12\x10\n" +
	"\x03ref\x18\x01 \x01(\tR\x03ref\x12\x14\n" +
	"\x05start\x18\x02 \x01(\bR\x05start\x12\x1f\n" +
	"\bvalidate\x18\x03 \x01(\bH\x00R\bvalidate\x88\x01\x01\x12_\n" +
	"\x12id_conflict_policy\x18\x04 \x01(\x0e21.temporal.workflowdef.v1.WorkflowIdConflictPolicyR\x10idConflictPolicyB\v\n" +
	"\t_validate\"\xa3\x05\n" +
	"\x0fActivityOptions\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\x12\x18\n" +
	"\aaliases\x18\x02 \x03(\tR\aaliases\x12\x1d\n" +
	"\n" +
	"task_queue\x18\x03 \x01(\tR\ttaskQueue\x12T\n" +
	"\x19schedule_to_close_timeout\x18\x04 \x01(\v2\x19.google.protobuf.DurationR\x16scheduleToCloseTimeout\x12T\n" +
	"\x19schedule_to_start_timeout\x18\x05 \x01(\v2\x19.google.protobuf.DurationR\x16scheduleToStartTimeout\x12N\n" +
	"\x16start_to_close_timeout\x18\x06 \x01(\v2\x19.google.protobuf.DurationR\x13startToCloseTimeout\x12F\n" +
	"\x11heartbeat_timeout\x18\a \x01(\v2\x19.google.protobuf.DurationR\x10heartbeatTimeout\x12G\n" +
	"\fretry_policy\x18\b \x01(\v2$.temporal.workflowdef.v1.RetryPolicyR\vretryPolicy\x122\n" +
	"\x15wait_for_cancellation\x18\t \x01(\bR\x13waitForCancellation\x12=\n" +
	"\bpriority\x18\n" +
	" \x01(\v2!.temporal.workflowdef.v1.PriorityR\bpriority\x12C\n" +
	"\x05local\x18\v \x01(\v2-.temporal.workflowdef.v1.LocalActivityOptionsR\x05local\"\xd4\x02\n" +
	"\x14LocalActivityOptions\x12T\n" +
	"\x19schedule_to_close_timeout\x18\x01 \x01(\v2\x19.google.protobuf.DurationR\x16scheduleToCloseTimeout\x12N\n" +
	"\x16start_to_close_timeout\x18\x02 \x01(\v2\x19.google.protobuf.DurationR\x13startToCloseTimeout\x12G\n" +
	"\fretry_policy\x18\x03 \x01(\v2$.temporal.workflowdef.v1.RetryPolicyR\vretryPolicy\x12M\n" +
	"\x15local_retry_threshold\x18\x04 \x01(\v2\x19.google.protobuf.DurationR\x13localRetryThreshold\"#\n" +
	"\rSignalOptions\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\"\"\n" +
	"\fQueryOptions\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\"\x9f\x01\n" +
	"\rUpdateOptions\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\x12\x0e\n" +
	"\x02id\x18\x02 \x01(\tR\x02id\x12\x1a\n" +
	"\bvalidate\x18\x03 \x01(\bR\bvalidate\x12N\n" +
	"\x0ewait_for_stage\x18\x04 \x01(\x0e2(.temporal.workflowdef.v1.UpdateWaitStageR\fwaitForStage\"\xb0\x02\n" +
	"\vRetryPolicy\x12D\n" +
	"\x10initial_interval\x18\x01 \x01(\v2\x19.google.protobuf.DurationR\x0finitialInterval\x12/\n" +
	"\x13backoff_coefficient\x18\x02 \x01(\x01R\x12backoffCoefficient\x12D\n" +
	"\x10maximum_interval\x18\x03 \x01(\v2\x19.google.protobuf.DurationR\x0fmaximumInterval\x12)\n" +
	"\x10maximum_attempts\x18\x04 \x01(\x05R\x0fmaximumAttempts\x129\n" +
	"\x19non_retryable_error_types\x18\x05 \x03(\tR\x16nonRetryableErrorTypes\"y\n" +
	"\bPriority\x12!\n" +
	"\fpriority_key\x18\x01 \x01(\x05R\vpriorityKey\x12!\n" +
	"\ffairness_key\x18\x02 \x01(\tR\vfairnessKey\x12'\n" +
	"\x0ffairness_weight\x18\x03 \x01(\x02R\x0efairnessWeight\"{\n" +
	"\x0fSearchAttribute\x12\x10\n" +
	"\x03key\x18\x01 \x01(\tR\x03key\x12@\n" +
	"\x04type\x18\x02 \x01(\x0e2,.temporal.workflowdef.v1.SearchAttributeTypeR\x04type\x12\x14\n" +
	"\x05value\x18\x03 \x01(\tR\x05value\"3\n" +
	"\tMemoField\x12\x10\n" +
	"\x03key\x18\x01 \x01(\tR\x03key\x12\x14\n" +
	"\x05value\x18\x02 \x01(\tR\x05value*\x8b\x02\n" +
	"\x15WorkflowIdReusePolicy\x12(\n" +
	"$WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED\x10\x00\x12,\n" +
	"(WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE\x10\x01\x128\n" +
	"4WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY\x10\x02\x12-\n" +
	")WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE\x10\x03\x121\n" +
	"-WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING\x10\x04*\xcf\x01\n" +
	"\x18WorkflowIdConflictPolicy\x12+\n" +
	"'WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED\x10\x00\x12$\n" +
	" WORKFLOW_ID_CONFLICT_POLICY_FAIL\x10\x01\x12,\n" +
	"(WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING\x10\x02\x122\n" +
	".WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING\x10\x03*\xa4\x01\n" +
	"\x11ParentClosePolicy\x12#\n" +
	"\x1fPARENT_CLOSE_POLICY_UNSPECIFIED\x10\x00\x12!\n" +
	"\x1dPARENT_CLOSE_POLICY_TERMINATE\x10\x01\x12\x1f\n" +
	"\x1bPARENT_CLOSE_POLICY_ABANDON\x10\x02\x12&\n" +
	"\"PARENT_CLOSE_POLICY_REQUEST_CANCEL\x10\x03*\x97\x01\n" +
	"\x0fUpdateWaitStage\x12!\n" +
	"\x1dUPDATE_WAIT_STAGE_UNSPECIFIED\x10\x00\x12\x1e\n" +
	"\x1aUPDATE_WAIT_STAGE_ACCEPTED\x10\x02\x12\x1f\n" +
	"\x1bUPDATE_WAIT_STAGE_COMPLETED\x10\x03\"\x04\b\x01\x10\x01*\x1aUPDATE_WAIT_STAGE_ADMITTED*\x7f\n" +
	"\x12VersioningBehavior\x12#\n" +
	"\x1fVERSIONING_BEHAVIOR_UNSPECIFIED\x10\x00\x12\x1e\n" +
	"\x1aVERSIONING_BEHAVIOR_PINNED\x10\x01\x12$\n" +
	" VERSIONING_BEHAVIOR_AUTO_UPGRADE\x10\x02*\xac\x02\n" +
	"\x13SearchAttributeType\x12%\n" +
	"!SEARCH_ATTRIBUTE_TYPE_UNSPECIFIED\x10\x00\x12\x1e\n" +
	"\x1aSEARCH_ATTRIBUTE_TYPE_TEXT\x10\x01\x12!\n" +
	"\x1dSEARCH_ATTRIBUTE_TYPE_KEYWORD\x10\x02\x12\x1d\n" +
	"\x19SEARCH_ATTRIBUTE_TYPE_INT\x10\x03\x12 \n" +
	"\x1cSEARCH_ATTRIBUTE_TYPE_DOUBLE\x10\x04\x12\x1e\n" +
	"\x1aSEARCH_ATTRIBUTE_TYPE_BOOL\x10\x05\x12\"\n" +
	"\x1eSEARCH_ATTRIBUTE_TYPE_DATETIME\x10\x06\x12&\n" +
	"\"SEARCH_ATTRIBUTE_TYPE_KEYWORD_LIST\x10\a:c\n" +
	"\aservice\x12\x1f.google.protobuf.ServiceOptions\x18\xd28 \x01(\v2'.temporal.workflowdef.v1.ServiceOptionsR\aservice:e\n" +
	"\bworkflow\x12\x1e.google.protobuf.MethodOptions\x18\xd38 \x01(\v2(.temporal.workflowdef.v1.WorkflowOptionsR\bworkflow:e\n" +
	"\bactivity\x12\x1e.google.protobuf.MethodOptions\x18\xd48 \x01(\v2(.temporal.workflowdef.v1.ActivityOptionsR\bactivity:_\n" +
	"\x06signal\x12\x1e.google.protobuf.MethodOptions\x18\xd58 \x01(\v2&.temporal.workflowdef.v1.SignalOptionsR\x06signal:\\\n" +
	"\x05query\x12\x1e.google.protobuf.MethodOptions\x18\xd68 \x01(\v2%.temporal.workflowdef.v1.QueryOptionsR\x05query:_\n" +
	"\x06update\x12\x1e.google.protobuf.MethodOptions\x18\xd78 \x01(\v2&.temporal.workflowdef.v1.UpdateOptionsR\x06updateB\xfb\x01\n" +
	"\x1bcom.temporal.workflowdef.v1B\x10WorkflowdefProtoP\x01ZLgithub.com/workflowdef/workflowdef/gen/temporal/workflowdef/v1;workflowdefv1\xa2\x02\x03TWX\xaa\x02\x17Temporal.Workflowdef.V1\xca\x02\x17Temporal\\Workflowdef\\V1\xe2\x02#Temporal\\Workflowdef\\V1\\GPBMetadata\xea\x02\x19Temporal::Workflowdef::V1b\x06proto3"

var (
	file_temporal_workflowdef_v1_workflowdef_proto_rawDescOnce sync.Once
	file_temporal_workflowdef_v1_workflowdef_proto_rawDescData []byte
)

func file_temporal_workflowdef_v1_workflowdef_proto_rawDescGZIP() []byte {
	file_temporal_workflowdef_v1_workflowdef_proto_rawDescOnce.Do(func() {
		file_temporal_workflowdef_v1_workflowdef_proto_rawDescData = protoimpl.X.CompressGZIP(unsafe.Slice(unsafe.StringData(file_temporal_workflowdef_v1_workflowdef_proto_rawDesc), len(file_temporal_workflowdef_v1_workflowdef_proto_rawDesc)))
	})
	return file_temporal_workflowdef_v1_workflowdef_proto_rawDescData
}

var file_temporal_workflowdef_v1_workflowdef_proto_enumTypes = make([]protoimpl.EnumInfo, 6)
var file_temporal_workflowdef_v1_workflowdef_proto_msgTypes = make([]protoimpl.MessageInfo, 14)
var file_temporal_workflowdef_v1_workflowdef_proto_goTypes = []any{
	(WorkflowIdReusePolicy)(0),          // 0: temporal.workflowdef.v1.WorkflowIdReusePolicy
	(WorkflowIdConflictPolicy)(0),       // 1: temporal.workflowdef.v1.WorkflowIdConflictPolicy
	(ParentClosePolicy)(0),              // 2: temporal.workflowdef.v1.ParentClosePolicy
	(UpdateWaitStage)(0),                // 3: temporal.workflowdef.v1.UpdateWaitStage
	(VersioningBehavior)(0),             // 4: temporal.workflowdef.v1.VersioningBehavior
	(SearchAttributeType)(0),            // 5: temporal.workflowdef.v1.SearchAttributeType
	(*ServiceOptions)(nil),              // 6: temporal.workflowdef.v1.ServiceOptions
	(*WorkflowOptions)(nil),             // 7: temporal.workflowdef.v1.WorkflowOptions
	(*WorkflowSignal)(nil),              // 8: temporal.workflowdef.v1.WorkflowSignal
	(*WorkflowQuery)(nil),               // 9: temporal.workflowdef.v1.WorkflowQuery
	(*WorkflowUpdate)(nil),              // 10: temporal.workflowdef.v1.WorkflowUpdate
	(*ActivityOptions)(nil),             // 11: temporal.workflowdef.v1.ActivityOptions
	(*LocalActivityOptions)(nil),        // 12: temporal.workflowdef.v1.LocalActivityOptions
	(*SignalOptions)(nil),               // 13: temporal.workflowdef.v1.SignalOptions
	(*QueryOptions)(nil),                // 14: temporal.workflowdef.v1.QueryOptions
	(*UpdateOptions)(nil),               // 15: temporal.workflowdef.v1.UpdateOptions
	(*RetryPolicy)(nil),                 // 16: temporal.workflowdef.v1.RetryPolicy
	(*Priority)(nil),                    // 17: temporal.workflowdef.v1.Priority
	(*SearchAttribute)(nil),             // 18: temporal.workflowdef.v1.SearchAttribute
	(*MemoField)(nil),                   // 19: temporal.workflowdef.v1.MemoField
	(*durationpb.Duration)(nil),         // 20: google.protobuf.Duration
	(*descriptorpb.ServiceOptions)(nil), // 21: google.protobuf.ServiceOptions
	(*descriptorpb.MethodOptions)(nil),  // 22: google.protobuf.MethodOptions
}
var file_temporal_workflowdef_v1_workflowdef_proto_depIdxs = []int32{
	4,  // 0: temporal.workflowdef.v1.ServiceOptions.versioning_behavior:type_name -> temporal.workflowdef.v1.VersioningBehavior
	0,  // 1: temporal.workflowdef.v1.WorkflowOptions.id_reuse_policy:type_name -> temporal.workflowdef.v1.WorkflowIdReusePolicy
	1,  // 2: temporal.workflowdef.v1.WorkflowOptions.id_conflict_policy:type_name -> temporal.workflowdef.v1.WorkflowIdConflictPolicy
	20, // 3: temporal.workflowdef.v1.WorkflowOptions.execution_timeout:type_name -> google.protobuf.Duration
	20, // 4: temporal.workflowdef.v1.WorkflowOptions.run_timeout:type_name -> google.protobuf.Duration
	20, // 5: temporal.workflowdef.v1.WorkflowOptions.task_timeout:type_name -> google.protobuf.Duration
	16, // 6: temporal.workflowdef.v1.WorkflowOptions.retry_policy:type_name -> temporal.workflowdef.v1.RetryPolicy
	8,  // 7: temporal.workflowdef.v1.WorkflowOptions.signal:type_name -> temporal.workflowdef.v1.WorkflowSignal
	9,  // 8: temporal.workflowdef.v1.WorkflowOptions.query:type_name -> temporal.workflowdef.v1.WorkflowQuery
	10, // 9: temporal.workflowdef.v1.WorkflowOptions.update:type_name -> temporal.workflowdef.v1.WorkflowUpdate
	2,  // 10: temporal.workflowdef.v1.WorkflowOptions.parent_close_policy:type_name -> temporal.workflowdef.v1.ParentClosePolicy
	4,  // 11: temporal.workflowdef.v1.WorkflowOptions.versioning_behavior:type_name -> temporal.workflowdef.v1.VersioningBehavior
	17, // 12: temporal.workflowdef.v1.WorkflowOptions.priority:type_name -> temporal.workflowdef.v1.Priority
	18, // 13: temporal.workflowdef.v1.WorkflowOptions.search_attributes:type_name -> temporal.workflowdef.v1.SearchAttribute
	19, // 14: temporal.workflowdef.v1.WorkflowOptions.memo:type_name -> temporal.workflowdef.v1.MemoField
	1,  // 15: temporal.workflowdef.v1.WorkflowUpdate.id_conflict_policy:type_name -> temporal.workflowdef.v1.WorkflowIdConflictPolicy
	20, // 16: temporal.workflowdef.v1.ActivityOptions.schedule_to_close_timeout:type_name -> google.protobuf.Duration
	20, // 17: temporal.workflowdef.v1.ActivityOptions.schedule_to_start_timeout:type_name -> google.protobuf.Duration
	20, // 18: temporal.workflowdef.v1.ActivityOptions.start_to_close_timeout:type_name -> google.protobuf.Duration
	20, // 19: temporal.workflowdef.v1.ActivityOptions.heartbeat_timeout:type_name -> google.protobuf.Duration
	16, // 20: temporal.workflowdef.v1.ActivityOptions.retry_policy:type_name -> temporal.workflowdef.v1.RetryPolicy
	17, // 21: temporal.workflowdef.v1.ActivityOptions.priority:type_name -> temporal.workflowdef.v1.Priority
	12, // 22: temporal.workflowdef.v1.ActivityOptions.local:type_name -> temporal.workflowdef.v1.LocalActivityOptions
	20, // 23: temporal.workflowdef.v1.LocalActivityOptions.schedule_to_close_timeout:type_name -> google.protobuf.Duration
	20, // 24: temporal.workflowdef.v1.LocalActivityOptions.start_to_close_timeout:type_name -> google.protobuf.Duration
	16, // 25: temporal.workflowdef.v1.LocalActivityOptions.retry_policy:type_name -> temporal.workflowdef.v1.RetryPolicy
	20, // 26: temporal.workflowdef.v1.LocalActivityOptions.local_retry_threshold:type_name -> google.protobuf.Duration
	3,  // 27: temporal.workflowdef.v1.UpdateOptions.wait_for_stage:type_name -> temporal.workflowdef.v1.UpdateWaitStage
	20, // 28: temporal.workflowdef.v1.RetryPolicy.initial_interval:type_name -> google.protobuf.Duration
	20, // 29: temporal.workflowdef.v1.RetryPolicy.maximum_interval:type_name -> google.protobuf.Duration
	5,  // 30: temporal.workflowdef.v1.SearchAttribute.type:type_name -> temporal.workflowdef.v1.SearchAttributeType
	21, // 31: temporal.workflowdef.v1.service:extendee -> google.protobuf.ServiceOptions
	22, // 32: temporal.workflowdef.v1.workflow:extendee -> google.protobuf.MethodOptions
	22, // 33: temporal.workflowdef.v1.activity:extendee -> google.protobuf.MethodOptions
	22, // 34: temporal.workflowdef.v1.signal:extendee -> google.protobuf.MethodOptions
	22, // 35: temporal.workflowdef.v1.query:extendee -> google.protobuf.MethodOptions
	22, // 36: temporal.workflowdef.v1.update:extendee -> google.protobuf.MethodOptions
	6,  // 37: temporal.workflowdef.v1.service:type_name -> temporal.workflowdef.v1.ServiceOptions
	7,  // 38: temporal.workflowdef.v1.workflow:type_name -> temporal.workflowdef.v1.WorkflowOptions
	11, // 39: temporal.workflowdef.v1.activity:type_name -> temporal.workflowdef.v1.ActivityOptions
	13, // 40: temporal.workflowdef.v1.signal:type_name -> temporal.workflowdef.v1.SignalOptions
	14, // 41: temporal.workflowdef.v1.query:type_name -> temporal.workflowdef.v1.QueryOptions
	15, // 42: temporal.workflowdef.v1.update:type_name -> temporal.workflowdef.v1.UpdateOptions
	43, // [43:43] is the sub-list for method output_type
	43, // [43:43] is the sub-list for method input_type
	37, // [37:43] is the sub-list for extension type_name
	31, // [31:37] is the sub-list for extension extendee
	0,  // [0:31] is the sub-list for field type_name
}

func init() { file_temporal_workflowdef_v1_workflowdef_proto_init() }
func file_temporal_workflowdef_v1_workflowdef_proto_init() {
	if File_temporal_workflowdef_v1_workflowdef_proto != nil {
		return
	}
	file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[1].OneofWrappers = []any{}
	file_temporal_workflowdef_v1_workflowdef_proto_msgTypes[4].OneofWrappers = []any{}
	type x struct{}
	out := protoimpl.TypeBuilder{
		File: protoimpl.DescBuilder{
			GoPackagePath: reflect.TypeOf(x{}).PkgPath(),
			RawDescriptor: unsafe.Slice(unsafe.StringData(file_temporal_workflowdef_v1_workflowdef_proto_rawDesc), len(file_temporal_workflowdef_v1_workflowdef_proto_rawDesc)),
			NumEnums:      6,
			NumMessages:   14,
			NumExtensions: 6,
			NumServices:   0,
		},
		GoTypes:           file_temporal_workflowdef_v1_workflowdef_proto_goTypes,
		DependencyIndexes: file_temporal_workflowdef_v1_workflowdef_proto_depIdxs,
		EnumInfos:         file_temporal_workflowdef_v1_workflowdef_proto_enumTypes,
		MessageInfos:      file_temporal_workflowdef_v1_workflowdef_proto_msgTypes,
		ExtensionInfos:    file_temporal_workflowdef_v1_workflowdef_proto_extTypes,
	}.Build()
	File_temporal_workflowdef_v1_workflowdef_proto = out.File
	file_temporal_workflowdef_v1_workflowdef_proto_goTypes = nil
	file_temporal_workflowdef_v1_workflowdef_proto_depIdxs = nil
}
