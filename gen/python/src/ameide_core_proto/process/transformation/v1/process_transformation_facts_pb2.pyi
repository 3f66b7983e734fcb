from ameide_core_proto.platform.eventing.v1 import platform_eventing_options_pb2 as _platform_eventing_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_request_pb2 as _transformation_work_request_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AwaitingKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AWAITING_KIND_UNSPECIFIED: _ClassVar[AwaitingKind]
    AWAITING_KIND_APPROVAL: _ClassVar[AwaitingKind]
    AWAITING_KIND_RELEASE_APPROVAL: _ClassVar[AwaitingKind]
    AWAITING_KIND_EXTERNAL_WORK: _ClassVar[AwaitingKind]
    AWAITING_KIND_DEPENDENCY: _ClassVar[AwaitingKind]

class GateDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GATE_DECISION_UNSPECIFIED: _ClassVar[GateDecision]
    GATE_DECISION_APPROVED: _ClassVar[GateDecision]
    GATE_DECISION_REJECTED: _ClassVar[GateDecision]
AWAITING_KIND_UNSPECIFIED: AwaitingKind
AWAITING_KIND_APPROVAL: AwaitingKind
AWAITING_KIND_RELEASE_APPROVAL: AwaitingKind
AWAITING_KIND_EXTERNAL_WORK: AwaitingKind
AWAITING_KIND_DEPENDENCY: AwaitingKind
GATE_DECISION_UNSPECIFIED: GateDecision
GATE_DECISION_APPROVED: GateDecision
GATE_DECISION_REJECTED: GateDecision

class ProcessRef(_message.Message):
    __slots__ = ("process_definition_id", "process_instance_id", "process_run_id", "run_epoch", "seq", "initiative_id")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_EPOCH_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_instance_id: str
    process_run_id: str
    run_epoch: int
    seq: int
    initiative_id: str
    def __init__(self, process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_run_id: _Optional[str] = ..., run_epoch: _Optional[int] = ..., seq: _Optional[int] = ..., initiative_id: _Optional[str] = ...) -> None: ...

class TransformationProcessFact(_message.Message):
    __slots__ = ("meta", "process", "run_started", "phase_entered", "awaiting", "blocked", "gate_decision_recorded", "tool_run_recorded", "step_completed", "step_failed", "run_completed", "run_failed", "run_cancelled")
    META_FIELD_NUMBER: _ClassVar[int]
    PROCESS_FIELD_NUMBER: _ClassVar[int]
    RUN_STARTED_FIELD_NUMBER: _ClassVar[int]
    PHASE_ENTERED_FIELD_NUMBER: _ClassVar[int]
    AWAITING_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    GATE_DECISION_RECORDED_FIELD_NUMBER: _ClassVar[int]
    TOOL_RUN_RECORDED_FIELD_NUMBER: _ClassVar[int]
    STEP_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    STEP_FAILED_FIELD_NUMBER: _ClassVar[int]
    RUN_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    RUN_FAILED_FIELD_NUMBER: _ClassVar[int]
    RUN_CANCELLED_FIELD_NUMBER: _ClassVar[int]
    meta: _transformation_common_envelope_pb2.EventMeta
    process: ProcessRef
    run_started: RunStarted
    phase_entered: PhaseEntered
    awaiting: Awaiting
    blocked: Blocked
    gate_decision_recorded: GateDecisionRecorded
    tool_run_recorded: ToolRunRecorded
    step_completed: StepCompleted
    step_failed: StepFailed
    run_completed: RunCompleted
    run_failed: RunFailed
    run_cancelled: RunCancelled
    def __init__(self, meta: _Optional[_Union[_transformation_common_envelope_pb2.EventMeta, _Mapping]] = ..., process: _Optional[_Union[ProcessRef, _Mapping]] = ..., run_started: _Optional[_Union[RunStarted, _Mapping]] = ..., phase_entered: _Optional[_Union[PhaseEntered, _Mapping]] = ..., awaiting: _Optional[_Union[Awaiting, _Mapping]] = ..., blocked: _Optional[_Union[Blocked, _Mapping]] = ..., gate_decision_recorded: _Optional[_Union[GateDecisionRecorded, _Mapping]] = ..., tool_run_recorded: _Optional[_Union[ToolRunRecorded, _Mapping]] = ..., step_completed: _Optional[_Union[StepCompleted, _Mapping]] = ..., step_failed: _Optional[_Union[StepFailed, _Mapping]] = ..., run_completed: _Optional[_Union[RunCompleted, _Mapping]] = ..., run_failed: _Optional[_Union[RunFailed, _Mapping]] = ..., run_cancelled: _Optional[_Union[RunCancelled, _Mapping]] = ...) -> None: ...

class RunStarted(_message.Message):
    __slots__ = ("title", "board_kind")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BOARD_KIND_FIELD_NUMBER: _ClassVar[int]
    title: str
    board_kind: str
    def __init__(self, title: _Optional[str] = ..., board_kind: _Optional[str] = ...) -> None: ...

class PhaseEntered(_message.Message):
    __slots__ = ("phase_key",)
    PHASE_KEY_FIELD_NUMBER: _ClassVar[int]
    phase_key: str
    def __init__(self, phase_key: _Optional[str] = ...) -> None: ...

class Awaiting(_message.Message):
    __slots__ = ("kind", "ref", "description")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REF_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    kind: AwaitingKind
    ref: str
    description: str
    def __init__(self, kind: _Optional[_Union[AwaitingKind, str]] = ..., ref: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class Blocked(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class GateDecisionRecorded(_message.Message):
    __slots__ = ("gate_ref", "gate_kind", "decision", "comment", "decided_by", "decision_id")
    GATE_REF_FIELD_NUMBER: _ClassVar[int]
    GATE_KIND_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    gate_ref: str
    gate_kind: AwaitingKind
    decision: GateDecision
    comment: str
    decided_by: _transformation_common_envelope_pb2.Actor
    decision_id: str
    def __init__(self, gate_ref: _Optional[str] = ..., gate_kind: _Optional[_Union[AwaitingKind, str]] = ..., decision: _Optional[_Union[GateDecision, str]] = ..., comment: _Optional[str] = ..., decided_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., decision_id: _Optional[str] = ...) -> None: ...

class ToolRunRecorded(_message.Message):
    __slots__ = ("work_request_id", "work_kind", "action_kind", "status", "summary", "outputs", "evidence_bundle_id", "evidence_refs", "round")
    class OutputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    status: _transformation_work_request_pb2.WorkStatus
    summary: str
    outputs: _containers.ScalarMap[str, str]
    evidence_bundle_id: str
    evidence_refs: _containers.RepeatedCompositeFieldContainer[_transformation_work_request_pb2.ArtifactRef]
    round: int
    def __init__(self, work_request_id: _Optional[str] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., status: _Optional[_Union[_transformation_work_request_pb2.WorkStatus, str]] = ..., summary: _Optional[str] = ..., outputs: _Optional[_Mapping[str, str]] = ..., evidence_bundle_id: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[_Union[_transformation_work_request_pb2.ArtifactRef, _Mapping]]] = ..., round: _Optional[int] = ...) -> None: ...

class StepCompleted(_message.Message):
    __slots__ = ("step_id", "step_instance_id")
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    step_id: str
    step_instance_id: str
    def __init__(self, step_id: _Optional[str] = ..., step_instance_id: _Optional[str] = ...) -> None: ...

class StepFailed(_message.Message):
    __slots__ = ("step_id", "step_instance_id", "reason")
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    step_id: str
    step_instance_id: str
    reason: str
    def __init__(self, step_id: _Optional[str] = ..., step_instance_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RunCompleted(_message.Message):
    __slots__ = ("final_decision", "evidence_refs", "promoted_digests")
    class PromotedDigestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    FINAL_DECISION_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    final_decision: str
    evidence_refs: _containers.RepeatedCompositeFieldContainer[_transformation_work_request_pb2.ArtifactRef]
    promoted_digests: _containers.ScalarMap[str, str]
    def __init__(self, final_decision: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[_Union[_transformation_work_request_pb2.ArtifactRef, _Mapping]]] = ..., promoted_digests: _Optional[_Mapping[str, str]] = ...) -> None: ...

class RunFailed(_message.Message):
    __slots__ = ("reason", "evidence_refs", "failed_work_request_id")
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    FAILED_WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    reason: str
    evidence_refs: _containers.RepeatedCompositeFieldContainer[_transformation_work_request_pb2.ArtifactRef]
    failed_work_request_id: str
    def __init__(self, reason: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[_Union[_transformation_work_request_pb2.ArtifactRef, _Mapping]]] = ..., failed_work_request_id: _Optional[str] = ...) -> None: ...

class RunCancelled(_message.Message):
    __slots__ = ("reason", "cancelled_by")
    REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    reason: str
    cancelled_by: _transformation_common_envelope_pb2.Actor
    def __init__(self, reason: _Optional[str] = ..., cancelled_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ...) -> None: ...
