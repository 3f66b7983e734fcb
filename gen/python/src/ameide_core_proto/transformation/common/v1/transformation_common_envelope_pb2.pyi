import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ActorKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTOR_KIND_UNSPECIFIED: _ClassVar[ActorKind]
    ACTOR_KIND_HUMAN: _ClassVar[ActorKind]
    ACTOR_KIND_AGENT: _ClassVar[ActorKind]
    ACTOR_KIND_SERVICE: _ClassVar[ActorKind]
ACTOR_KIND_UNSPECIFIED: ActorKind
ACTOR_KIND_HUMAN: ActorKind
ACTOR_KIND_AGENT: ActorKind
ACTOR_KIND_SERVICE: ActorKind

class Scope(_message.Message):
    __slots__ = ("tenant_id", "organization_id", "repository_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    organization_id: str
    repository_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., repository_id: _Optional[str] = ...) -> None: ...

class TenantScope(_message.Message):
    __slots__ = ("tenant_id", "organization_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    organization_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class Actor(_message.Message):
    __slots__ = ("actor_id", "kind", "display_name")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    kind: ActorKind
    display_name: str
    def __init__(self, actor_id: _Optional[str] = ..., kind: _Optional[_Union[ActorKind, str]] = ..., display_name: _Optional[str] = ...) -> None: ...

class TraceContext(_message.Message):
    __slots__ = ("traceparent", "tracestate")
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    TRACESTATE_FIELD_NUMBER: _ClassVar[int]
    traceparent: str
    tracestate: str
    def __init__(self, traceparent: _Optional[str] = ..., tracestate: _Optional[str] = ...) -> None: ...

class EventMeta(_message.Message):
    __slots__ = ("message_id", "schema_version", "occurred_at", "producer", "scope", "correlation_id", "causation_id", "subject", "actor", "trace")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    schema_version: str
    occurred_at: _timestamp_pb2.Timestamp
    producer: str
    scope: Scope
    correlation_id: str
    causation_id: str
    subject: str
    actor: Actor
    trace: TraceContext
    def __init__(self, message_id: _Optional[str] = ..., schema_version: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., producer: _Optional[str] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ..., subject: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., trace: _Optional[_Union[TraceContext, _Mapping]] = ...) -> None: ...

class AggregateRef(_message.Message):
    __slots__ = ("type", "id", "version")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    type: str
    id: str
    version: int
    def __init__(self, type: _Optional[str] = ..., id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class CommandContext(_message.Message):
    __slots__ = ("scope", "correlation_id", "causation_id", "actor", "trace")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    scope: Scope
    correlation_id: str
    causation_id: str
    actor: Actor
    trace: TraceContext
    def __init__(self, scope: _Optional[_Union[Scope, _Mapping]] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ..., actor: _Optional[_Union[Actor, _Mapping]] = ..., trace: _Optional[_Union[TraceContext, _Mapping]] = ...) -> None: ...
