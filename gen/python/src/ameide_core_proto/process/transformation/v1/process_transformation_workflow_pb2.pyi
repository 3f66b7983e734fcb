from ameide_core_proto.platform.temporal.v1 import platform_temporal_options_pb2 as _platform_temporal_options_pb2
from ameide_core_proto.process.transformation.v1 import process_transformation_facts_pb2 as _process_transformation_facts_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_facts_pb2 as _transformation_work_facts_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_request_pb2 as _transformation_work_request_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunPhase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_PHASE_UNSPECIFIED: _ClassVar[RunPhase]
    RUN_PHASE_INTAKE: _ClassVar[RunPhase]
    RUN_PHASE_TRIAGE: _ClassVar[RunPhase]
    RUN_PHASE_AWAITING_APPROVAL: _ClassVar[RunPhase]
    RUN_PHASE_EXECUTION: _ClassVar[RunPhase]
    RUN_PHASE_RELEASE: _ClassVar[RunPhase]
    RUN_PHASE_DONE: _ClassVar[RunPhase]
    RUN_PHASE_FAILED: _ClassVar[RunPhase]
RUN_PHASE_UNSPECIFIED: RunPhase
RUN_PHASE_INTAKE: RunPhase
RUN_PHASE_TRIAGE: RunPhase
RUN_PHASE_AWAITING_APPROVAL: RunPhase
RUN_PHASE_EXECUTION: RunPhase
RUN_PHASE_RELEASE: RunPhase
RUN_PHASE_DONE: RunPhase
RUN_PHASE_FAILED: RunPhase

class RunPolicy(_message.Message):
    __slots__ = ("max_verify_rounds", "require_release_approval", "environments", "reject_returns_to_triage", "request_analysis", "verification_suite_ref", "continue_as_new_after_events")
    MAX_VERIFY_ROUNDS_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_RELEASE_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENTS_FIELD_NUMBER: _ClassVar[int]
    REJECT_RETURNS_TO_TRIAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_SUITE_REF_FIELD_NUMBER: _ClassVar[int]
    CONTINUE_AS_NEW_AFTER_EVENTS_FIELD_NUMBER: _ClassVar[int]
    max_verify_rounds: int
    require_release_approval: bool
    environments: _containers.RepeatedScalarFieldContainer[str]
    reject_returns_to_triage: bool
    request_analysis: bool
    verification_suite_ref: str
    continue_as_new_after_events: int
    def __init__(self, max_verify_rounds: _Optional[int] = ..., require_release_approval: _Optional[bool] = ..., environments: _Optional[_Iterable[str]] = ..., reject_returns_to_triage: _Optional[bool] = ..., request_analysis: _Optional[bool] = ..., verification_suite_ref: _Optional[str] = ..., continue_as_new_after_events: _Optional[int] = ...) -> None: ...

class RunInput(_message.Message):
    __slots__ = ("scope", "initiative_id", "title", "request", "checkout", "policy", "process_definition_id", "started_by", "correlation_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.Scope
    initiative_id: str
    title: str
    request: str
    checkout: _transformation_work_request_pb2.RepoCheckout
    policy: RunPolicy
    process_definition_id: str
    started_by: _transformation_common_envelope_pb2.Actor
    correlation_id: str
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., initiative_id: _Optional[str] = ..., title: _Optional[str] = ..., request: _Optional[str] = ..., checkout: _Optional[_Union[_transformation_work_request_pb2.RepoCheckout, _Mapping]] = ..., policy: _Optional[_Union[RunPolicy, _Mapping]] = ..., process_definition_id: _Optional[str] = ..., started_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., correlation_id: _Optional[str] = ...) -> None: ...

class OpenGate(_message.Message):
    __slots__ = ("gate_ref", "kind")
    GATE_REF_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    gate_ref: str
    kind: _process_transformation_facts_pb2.AwaitingKind
    def __init__(self, gate_ref: _Optional[str] = ..., kind: _Optional[_Union[_process_transformation_facts_pb2.AwaitingKind, str]] = ...) -> None: ...

class RunState(_message.Message):
    __slots__ = ("input", "phase_key", "run_epoch", "seq", "verify_round", "open_gate", "seen_message_ids", "decisions", "work_facts", "promoted_digests", "evidence_refs", "draft_element_id", "cancel_requested", "cancel_reason", "step", "work_by_step", "head_commit_sha", "head_branch", "promote_index", "approval_round", "published_digest", "failure_reason", "cause", "cancel_cause")
    class DecisionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _process_transformation_facts_pb2.GateDecisionRecorded
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_process_transformation_facts_pb2.GateDecisionRecorded, _Mapping]] = ...) -> None: ...
    class WorkFactsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _transformation_work_facts_pb2.TransformationWorkDomainFact
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_transformation_work_facts_pb2.TransformationWorkDomainFact, _Mapping]] = ...) -> None: ...
    class PromotedDigestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class WorkByStepEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    INPUT_FIELD_NUMBER: _ClassVar[int]
    PHASE_KEY_FIELD_NUMBER: _ClassVar[int]
    RUN_EPOCH_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    VERIFY_ROUND_FIELD_NUMBER: _ClassVar[int]
    OPEN_GATE_FIELD_NUMBER: _ClassVar[int]
    SEEN_MESSAGE_IDS_FIELD_NUMBER: _ClassVar[int]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    WORK_FACTS_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    DRAFT_ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    WORK_BY_STEP_FIELD_NUMBER: _ClassVar[int]
    HEAD_COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    HEAD_BRANCH_FIELD_NUMBER: _ClassVar[int]
    PROMOTE_INDEX_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ROUND_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_DIGEST_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_CAUSE_FIELD_NUMBER: _ClassVar[int]
    input: RunInput
    phase_key: str
    run_epoch: int
    seq: int
    verify_round: int
    open_gate: OpenGate
    seen_message_ids: _containers.RepeatedScalarFieldContainer[str]
    decisions: _containers.MessageMap[str, _process_transformation_facts_pb2.GateDecisionRecorded]
    work_facts: _containers.MessageMap[str, _transformation_work_facts_pb2.TransformationWorkDomainFact]
    promoted_digests: _containers.ScalarMap[str, str]
    evidence_refs: _containers.RepeatedCompositeFieldContainer[_transformation_work_request_pb2.ArtifactRef]
    draft_element_id: str
    cancel_requested: bool
    cancel_reason: str
    step: str
    work_by_step: _containers.ScalarMap[str, str]
    head_commit_sha: str
    head_branch: str
    promote_index: int
    approval_round: int
    published_digest: str
    failure_reason: str
    cause: RunCause
    cancel_cause: RunCause
    def __init__(self, input: _Optional[_Union[RunInput, _Mapping]] = ..., phase_key: _Optional[str] = ..., run_epoch: _Optional[int] = ..., seq: _Optional[int] = ..., verify_round: _Optional[int] = ..., open_gate: _Optional[_Union[OpenGate, _Mapping]] = ..., seen_message_ids: _Optional[_Iterable[str]] = ..., decisions: _Optional[_Mapping[str, _process_transformation_facts_pb2.GateDecisionRecorded]] = ..., work_facts: _Optional[_Mapping[str, _transformation_work_facts_pb2.TransformationWorkDomainFact]] = ..., promoted_digests: _Optional[_Mapping[str, str]] = ..., evidence_refs: _Optional[_Iterable[_Union[_transformation_work_request_pb2.ArtifactRef, _Mapping]]] = ..., draft_element_id: _Optional[str] = ..., cancel_requested: _Optional[bool] = ..., cancel_reason: _Optional[str] = ..., step: _Optional[str] = ..., work_by_step: _Optional[_Mapping[str, str]] = ..., head_commit_sha: _Optional[str] = ..., head_branch: _Optional[str] = ..., promote_index: _Optional[int] = ..., approval_round: _Optional[int] = ..., published_digest: _Optional[str] = ..., failure_reason: _Optional[str] = ..., cause: _Optional[_Union[RunCause, _Mapping]] = ..., cancel_cause: _Optional[_Union[RunCause, _Mapping]] = ...) -> None: ...

class RunCause(_message.Message):
    __slots__ = ("causation_id", "actor")
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    causation_id: str
    actor: _transformation_common_envelope_pb2.Actor
    def __init__(self, causation_id: _Optional[str] = ..., actor: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ...) -> None: ...

class WorkFactSignal(_message.Message):
    __slots__ = ("fact",)
    FACT_FIELD_NUMBER: _ClassVar[int]
    fact: _transformation_work_facts_pb2.TransformationWorkDomainFact
    def __init__(self, fact: _Optional[_Union[_transformation_work_facts_pb2.TransformationWorkDomainFact, _Mapping]] = ...) -> None: ...

class DecideGateUpdate(_message.Message):
    __slots__ = ("gate_ref", "decision", "comment", "decided_by", "decision_id")
    GATE_REF_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    gate_ref: str
    decision: _process_transformation_facts_pb2.GateDecision
    comment: str
    decided_by: _transformation_common_envelope_pb2.Actor
    decision_id: str
    def __init__(self, gate_ref: _Optional[str] = ..., decision: _Optional[_Union[_process_transformation_facts_pb2.GateDecision, str]] = ..., comment: _Optional[str] = ..., decided_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., decision_id: _Optional[str] = ...) -> None: ...

class CancelRunSignal(_message.Message):
    __slots__ = ("reason", "cancelled_by", "idempotency_key")
    REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    reason: str
    cancelled_by: _transformation_common_envelope_pb2.Actor
    idempotency_key: str
    def __init__(self, reason: _Optional[str] = ..., cancelled_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RunResult(_message.Message):
    __slots__ = ("phase_key", "outcome", "reason", "promoted_digests")
    class PromotedDigestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PHASE_KEY_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    phase_key: str
    outcome: str
    reason: str
    promoted_digests: _containers.ScalarMap[str, str]
    def __init__(self, phase_key: _Optional[str] = ..., outcome: _Optional[str] = ..., reason: _Optional[str] = ..., promoted_digests: _Optional[_Mapping[str, str]] = ...) -> None: ...

class RunWorkItem(_message.Message):
    __slots__ = ("step_key", "work_request_id", "status", "summary")
    STEP_KEY_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    step_key: str
    work_request_id: str
    status: _transformation_work_request_pb2.WorkStatus
    summary: str
    def __init__(self, step_key: _Optional[str] = ..., work_request_id: _Optional[str] = ..., status: _Optional[_Union[_transformation_work_request_pb2.WorkStatus, str]] = ..., summary: _Optional[str] = ...) -> None: ...

class RunView(_message.Message):
    __slots__ = ("process_instance_id", "phase", "step", "open_gates", "work_items", "verify_round", "head_commit_sha", "head_branch", "published_digest", "promoted_digests", "reason", "ended", "input", "decisions")
    class PromotedDigestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    OPEN_GATES_FIELD_NUMBER: _ClassVar[int]
    WORK_ITEMS_FIELD_NUMBER: _ClassVar[int]
    VERIFY_ROUND_FIELD_NUMBER: _ClassVar[int]
    HEAD_COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    HEAD_BRANCH_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_DIGEST_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    phase: RunPhase
    step: str
    open_gates: _containers.RepeatedCompositeFieldContainer[OpenGate]
    work_items: _containers.RepeatedCompositeFieldContainer[RunWorkItem]
    verify_round: int
    head_commit_sha: str
    head_branch: str
    published_digest: str
    promoted_digests: _containers.ScalarMap[str, str]
    reason: str
    ended: bool
    input: RunInput
    decisions: _containers.RepeatedCompositeFieldContainer[_process_transformation_facts_pb2.GateDecisionRecorded]
    def __init__(self, process_instance_id: _Optional[str] = ..., phase: _Optional[_Union[RunPhase, str]] = ..., step: _Optional[str] = ..., open_gates: _Optional[_Iterable[_Union[OpenGate, _Mapping]]] = ..., work_items: _Optional[_Iterable[_Union[RunWorkItem, _Mapping]]] = ..., verify_round: _Optional[int] = ..., head_commit_sha: _Optional[str] = ..., head_branch: _Optional[str] = ..., published_digest: _Optional[str] = ..., promoted_digests: _Optional[_Mapping[str, str]] = ..., reason: _Optional[str] = ..., ended: _Optional[bool] = ..., input: _Optional[_Union[RunInput, _Mapping]] = ..., decisions: _Optional[_Iterable[_Union[_process_transformation_facts_pb2.GateDecisionRecorded, _Mapping]]] = ...) -> None: ...

class TransformationRunWorkflow(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
