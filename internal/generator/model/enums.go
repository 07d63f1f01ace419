package model

// The enums below carry Temporal's numbers, so generated code converts them to
// go.temporal.io/api/enums/v1 with a cast. Zero is always "unspecified":
// the server's or runtime's default.

// IDReusePolicy is Temporal's WorkflowIdReusePolicy.
type IDReusePolicy int32

const (
	IDReusePolicyUnspecified              IDReusePolicy = 0
	IDReusePolicyAllowDuplicate           IDReusePolicy = 1
	IDReusePolicyAllowDuplicateFailedOnly IDReusePolicy = 2
	IDReusePolicyRejectDuplicate          IDReusePolicy = 3
	IDReusePolicyTerminateIfRunning       IDReusePolicy = 4
)

// IDConflictPolicy is Temporal's WorkflowIdConflictPolicy.
type IDConflictPolicy int32

const (
	IDConflictPolicyUnspecified       IDConflictPolicy = 0
	IDConflictPolicyFail              IDConflictPolicy = 1
	IDConflictPolicyUseExisting       IDConflictPolicy = 2
	IDConflictPolicyTerminateExisting IDConflictPolicy = 3
)

// ParentClosePolicy is Temporal's ParentClosePolicy.
type ParentClosePolicy int32

const (
	ParentClosePolicyUnspecified   ParentClosePolicy = 0
	ParentClosePolicyTerminate     ParentClosePolicy = 1
	ParentClosePolicyAbandon       ParentClosePolicy = 2
	ParentClosePolicyRequestCancel ParentClosePolicy = 3
)

// UpdateWaitStage is Temporal's UpdateWorkflowExecutionLifecycleStage.
type UpdateWaitStage int32

const (
	UpdateWaitStageUnspecified UpdateWaitStage = 0
	UpdateWaitStageAccepted    UpdateWaitStage = 2
	UpdateWaitStageCompleted   UpdateWaitStage = 3
)

// VersioningBehavior is Temporal's VersioningBehavior.
type VersioningBehavior int32

const (
	VersioningBehaviorUnspecified VersioningBehavior = 0
	VersioningBehaviorPinned      VersioningBehavior = 1
	VersioningBehaviorAutoUpgrade VersioningBehavior = 2
)

// SearchAttributeType is Temporal's IndexedValueType.
type SearchAttributeType int32

const (
	SearchAttributeTypeUnspecified SearchAttributeType = 0
	SearchAttributeTypeText        SearchAttributeType = 1
	SearchAttributeTypeKeyword     SearchAttributeType = 2
	SearchAttributeTypeInt         SearchAttributeType = 3
	SearchAttributeTypeDouble      SearchAttributeType = 4
	SearchAttributeTypeBool        SearchAttributeType = 5
	SearchAttributeTypeDatetime    SearchAttributeType = 6
	SearchAttributeTypeKeywordList SearchAttributeType = 7
)

// Declared reports whether t is one of the types above, not a number the
// schema does not declare.
func (t SearchAttributeType) Declared() bool {
	return t >= SearchAttributeTypeUnspecified && t <= SearchAttributeTypeKeywordList
}

// String returns the type's name as the Temporal CLI writes it: "Text",
// "Keyword", "Int", "Double", "Bool", "Datetime", "KeywordList".
func (t SearchAttributeType) String() string {
	switch t {
	case SearchAttributeTypeText:
		return "Text"
	case SearchAttributeTypeKeyword:
		return "Keyword"
	case SearchAttributeTypeInt:
		return "Int"
	case SearchAttributeTypeDouble:
		return "Double"
	case SearchAttributeTypeBool:
		return "Bool"
	case SearchAttributeTypeDatetime:
		return "Datetime"
	case SearchAttributeTypeKeywordList:
		return "KeywordList"
	}
	return "Unspecified"
}
