import datetime

from ameide_core_proto.platform.eventing.v1 import platform_eventing_options_pb2 as _platform_eventing_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_request_pb2 as _transformation_work_request_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TransformationWorkDomainFact(_message.Message):
    __slots__ = ("meta", "aggregate", "work_requested", "work_started", "work_completed", "work_failed", "work_canceled", "work_attempt_expired")
    META_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    WORK_STARTED_FIELD_NUMBER: _ClassVar[int]
    WORK_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    WORK_FAILED_FIELD_NUMBER: _ClassVar[int]
    WORK_CANCELED_FIELD_NUMBER: _ClassVar[int]
    WORK_ATTEMPT_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    meta: _transformation_common_envelope_pb2.EventMeta
    aggregate: _transformation_common_envelope_pb2.AggregateRef
    work_requested: WorkRequested
    work_started: WorkStarted
    work_completed: WorkCompleted
    work_failed: WorkFailed
    work_canceled: WorkCanceled
    work_attempt_expired: WorkAttemptExpired
    def __init__(self, meta: _Optional[_Union[_transformation_common_envelope_pb2.EventMeta, _Mapping]] = ..., aggregate: _Optional[_Union[_transformation_common_envelope_pb2.AggregateRef, _Mapping]] = ..., work_requested: _Optional[_Union[WorkRequested, _Mapping]] = ..., work_started: _Optional[_Union[WorkStarted, _Mapping]] = ..., work_completed: _Optional[_Union[WorkCompleted, _Mapping]] = ..., work_failed: _Optional[_Union[WorkFailed, _Mapping]] = ..., work_canceled: _Optional[_Union[WorkCanceled, _Mapping]] = ..., work_attempt_expired: _Optional[_Union[WorkAttemptExpired, _Mapping]] = ...) -> None: ...

class WorkRequested(_message.Message):
    __slots__ = ("work_request",)
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    work_request: _transformation_work_request_pb2.WorkRequest
    def __init__(self, work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ...) -> None: ...

class WorkStarted(_message.Message):
    __slots__ = ("work_request_id", "requested_by", "work_kind", "action_kind", "attempt", "started_at", "executor_id", "lease_expires_at")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    EXECUTOR_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    attempt: int
    started_at: _timestamp_pb2.Timestamp
    executor_id: str
    lease_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, work_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., attempt: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., executor_id: _Optional[str] = ..., lease_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkCompleted(_message.Message):
    __slots__ = ("work_request_id", "requested_by", "work_kind", "action_kind", "attempt", "finished_at", "outcome")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    attempt: int
    finished_at: _timestamp_pb2.Timestamp
    outcome: _transformation_work_request_pb2.WorkOutcome
    def __init__(self, work_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., attempt: _Optional[int] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[_transformation_work_request_pb2.WorkOutcome, _Mapping]] = ...) -> None: ...

class WorkFailed(_message.Message):
    __slots__ = ("work_request_id", "requested_by", "work_kind", "action_kind", "attempt", "finished_at", "outcome")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    attempt: int
    finished_at: _timestamp_pb2.Timestamp
    outcome: _transformation_work_request_pb2.WorkOutcome
    def __init__(self, work_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., attempt: _Optional[int] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[_transformation_work_request_pb2.WorkOutcome, _Mapping]] = ...) -> None: ...

class WorkCanceled(_message.Message):
    __slots__ = ("work_request_id", "requested_by", "work_kind", "action_kind", "reason", "canceled_at")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CANCELED_AT_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    reason: str
    canceled_at: _timestamp_pb2.Timestamp
    def __init__(self, work_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., reason: _Optional[str] = ..., canceled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkAttemptExpired(_message.Message):
    __slots__ = ("work_request_id", "requested_by", "work_kind", "action_kind", "attempt", "expired_at", "next_attempt")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_AT_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    requested_by: _transformation_work_request_pb2.RequestedBy
    work_kind: _transformation_work_request_pb2.WorkKind
    action_kind: _transformation_work_request_pb2.ActionKind
    attempt: int
    expired_at: _timestamp_pb2.Timestamp
    next_attempt: int
    def __init__(self, work_request_id: _Optional[str] = ..., requested_by: _Optional[_Union[_transformation_work_request_pb2.RequestedBy, _Mapping]] = ..., work_kind: _Optional[_Union[_transformation_work_request_pb2.WorkKind, str]] = ..., action_kind: _Optional[_Union[_transformation_work_request_pb2.ActionKind, str]] = ..., attempt: _Optional[int] = ..., expired_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_attempt: _Optional[int] = ...) -> None: ...
