import datetime

from ameide_core_proto.platform.auth.v1 import platform_auth_options_pb2 as _platform_auth_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Repository(_message.Message):
    __slots__ = ("scope", "clone_url", "allowed_actions", "network_allowed", "registered_by", "registered_at")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    CLONE_URL_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ALLOWED_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_BY_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.Scope
    clone_url: str
    allowed_actions: _containers.RepeatedScalarFieldContainer[str]
    network_allowed: bool
    registered_by: _transformation_common_envelope_pb2.Actor
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., clone_url: _Optional[str] = ..., allowed_actions: _Optional[_Iterable[str]] = ..., network_allowed: _Optional[bool] = ..., registered_by: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterRepositoryRequest(_message.Message):
    __slots__ = ("context", "clone_url", "allowed_actions", "network_allowed")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    CLONE_URL_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ALLOWED_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    clone_url: str
    allowed_actions: _containers.RepeatedScalarFieldContainer[str]
    network_allowed: bool
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., clone_url: _Optional[str] = ..., allowed_actions: _Optional[_Iterable[str]] = ..., network_allowed: _Optional[bool] = ...) -> None: ...

class RegisterRepositoryResponse(_message.Message):
    __slots__ = ("repository",)
    REPOSITORY_FIELD_NUMBER: _ClassVar[int]
    repository: Repository
    def __init__(self, repository: _Optional[_Union[Repository, _Mapping]] = ...) -> None: ...

class ListRepositoriesRequest(_message.Message):
    __slots__ = ("scope",)
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.TenantScope
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.TenantScope, _Mapping]] = ...) -> None: ...

class ListRepositoriesResponse(_message.Message):
    __slots__ = ("repositories",)
    REPOSITORIES_FIELD_NUMBER: _ClassVar[int]
    repositories: _containers.RepeatedCompositeFieldContainer[Repository]
    def __init__(self, repositories: _Optional[_Iterable[_Union[Repository, _Mapping]]] = ...) -> None: ...

class RemoveRepositoryRequest(_message.Message):
    __slots__ = ("context",)
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ...) -> None: ...

class RemoveRepositoryResponse(_message.Message):
    __slots__ = ("removed",)
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: bool
    def __init__(self, removed: _Optional[bool] = ...) -> None: ...
