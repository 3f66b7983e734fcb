from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
ACCESS_FIELD_NUMBER: _ClassVar[int]
access: _descriptor.FieldDescriptor

class MethodAccess(_message.Message):
    __slots__ = ("roles", "scope_field", "actor_field")
    ROLES_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedScalarFieldContainer[str]
    scope_field: str
    actor_field: str
    def __init__(self, roles: _Optional[_Iterable[str]] = ..., scope_field: _Optional[str] = ..., actor_field: _Optional[str] = ...) -> None: ...
