from ameide_core_proto.platform.auth.v1 import platform_auth_options_pb2 as _platform_auth_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_request_pb2 as _transformation_work_request_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORK_RESULT_UNSPECIFIED: _ClassVar[WorkResult]
    WORK_RESULT_SUCCEEDED: _ClassVar[WorkResult]
    WORK_RESULT_FAILED: _ClassVar[WorkResult]
WORK_RESULT_UNSPECIFIED: WorkResult
WORK_RESULT_SUCCEEDED: WorkResult
WORK_RESULT_FAILED: WorkResult

class RequestWorkRequest(_message.Message):
    __slots__ = ("context", "client_request_id", "requested_by", "work_kind", "action_kind", "inputs", "execution")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    client_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    inputs: _transformation_work_request_pb2.WorkInputs
    execution: _transformation_work_request_pb2.ExecutionPolicy
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., client_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., inputs: _Optional[_Union[_transformation_work_request_pb2.WorkInputs, _Mapping]] = ..., execution: _Optional[_Union[_transformation_work_request_pb2.ExecutionPolicy, _Mapping]] = ...) -> None: ...

class RequestWorkResponse(_message.Message):
    __slots__ = ("work_request", "deduplicated")
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    deduplicated: bool
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class RecordWorkStartedRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "work_request_id", "attempt", "executor_id")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    EXECUTOR_ID_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    work_request_id: str
    attempt: int
    executor_id: str
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., work_request_id: _Optional[str] = ..., attempt: _Optional[int] = ..., executor_id: _Optional[str] = ...) -> None: ...

class RecordWorkStartedResponse(_message.Message):
    __slots__ = ("work_request", "deduplicated")
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    deduplicated: bool
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class RecordWorkOutcomeRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "work_request_id", "attempt", "result", "outcome")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    work_request_id: str
    attempt: int
    result: WorkResult
    outcome: _transformation_work_request_pb2.WorkOutcome
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., work_request_id: _Optional[str] = ..., attempt: _Optional[int] = ..., result: _Optional[_Union[WorkResult, str]] = ..., outcome: _Optional[_Union[_transformation_work_request_pb2.WorkOutcome, _Mapping]] = ...) -> None: ...

class RecordWorkOutcomeResponse(_message.Message):
    __slots__ = ("work_request", "deduplicated")
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    deduplicated: bool
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class CancelWorkRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "work_request_id", "reason")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    work_request_id: str
    reason: str
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., work_request_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelWorkResponse(_message.Message):
    __slots__ = ("work_request", "deduplicated")
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    deduplicated: bool
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class GetWorkRequestRequest(_message.Message):
    __slots__ = ("scope", "work_request_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.Scope
    work_request_id: str
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., work_request_id: _Optional[str] = ...) -> None: ...

class GetWorkRequestResponse(_message.Message):
    __slots__ = ("work_request",)
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ...) -> None: ...
