from ameide_core_proto.platform.auth.v1 import platform_auth_options_pb2 as _platform_auth_options_pb2
from ameide_core_proto.process.transformation.v1 import process_transformation_facts_pb2 as _process_transformation_facts_pb2
from ameide_core_proto.process.transformation.v1 import process_transformation_workflow_pb2 as _process_transformation_workflow_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetRunRequest(_message.Message):
    __slots__ = ("scope", "process_instance_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.Scope
    process_instance_id: str
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., process_instance_id: _Optional[str] = ...) -> None: ...

class GetRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: _process_transformation_workflow_pb2.RunView
    def __init__(self, run: _Optional[_Union[_process_transformation_workflow_pb2.RunView, _Mapping]] = ...) -> None: ...

class StartRunRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "input")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    input: _process_transformation_workflow_pb2.RunInput
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., input: _Optional[_Union[_process_transformation_workflow_pb2.RunInput, _Mapping]] = ...) -> None: ...

class StartRunResponse(_message.Message):
    __slots__ = ("process_instance_id", "process_run_id", "deduplicated")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    process_run_id: str
    deduplicated: bool
    def __init__(self, process_instance_id: _Optional[str] = ..., process_run_id: _Optional[str] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class DecideGateRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "process_instance_id", "gate_ref", "decision", "comment")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    GATE_REF_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    process_instance_id: str
    gate_ref: str
    decision: _process_transformation_facts_pb2.GateDecision
    comment: str
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., gate_ref: _Optional[str] = ..., decision: _Optional[_Union[_process_transformation_facts_pb2.GateDecision, str]] = ..., comment: _Optional[str] = ...) -> None: ...

class DecideGateResponse(_message.Message):
    __slots__ = ("recorded",)
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    recorded: _process_transformation_facts_pb2.GateDecisionRecorded
    def __init__(self, recorded: _Optional[_Union[_process_transformation_facts_pb2.GateDecisionRecorded, _Mapping]] = ...) -> None: ...

class CancelRunRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "process_instance_id", "reason")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    process_instance_id: str
    reason: str
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelRunResponse(_message.Message):
    __slots__ = ("accepted",)
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    def __init__(self, accepted: _Optional[bool] = ...) -> None: ...
