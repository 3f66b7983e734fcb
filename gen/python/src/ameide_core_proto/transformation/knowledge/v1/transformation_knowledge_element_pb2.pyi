import datetime

from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ElementStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ELEMENT_STATUS_UNSPECIFIED: _ClassVar[ElementStatus]
    ELEMENT_STATUS_DRAFT: _ClassVar[ElementStatus]
    ELEMENT_STATUS_PUBLISHED: _ClassVar[ElementStatus]
ELEMENT_STATUS_UNSPECIFIED: ElementStatus
ELEMENT_STATUS_DRAFT: ElementStatus
ELEMENT_STATUS_PUBLISHED: ElementStatus

class ElementVersion(_message.Message):
    __slots__ = ("version", "status", "content", "content_sha256", "media_type", "created_at", "drafted_by_process_instance_id")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DRAFTED_BY_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    version: int
    status: ElementStatus
    content: str
    content_sha256: str
    media_type: str
    created_at: _timestamp_pb2.Timestamp
    drafted_by_process_instance_id: str
    def __init__(self, version: _Optional[int] = ..., status: _Optional[_Union[ElementStatus, str]] = ..., content: _Optional[str] = ..., content_sha256: _Optional[str] = ..., media_type: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., drafted_by_process_instance_id: _Optional[str] = ...) -> None: ...

class Element(_message.Message):
    __slots__ = ("element_id", "scope", "element_kind", "title", "latest_version", "status", "versions", "version", "initiative_id")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    scope: _transformation_common_envelope_pb2.Scope
    element_kind: str
    title: str
    latest_version: int
    status: ElementStatus
    versions: _containers.RepeatedCompositeFieldContainer[ElementVersion]
    version: int
    initiative_id: str
    def __init__(self, element_id: _Optional[str] = ..., scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., element_kind: _Optional[str] = ..., title: _Optional[str] = ..., latest_version: _Optional[int] = ..., status: _Optional[_Union[ElementStatus, str]] = ..., versions: _Optional[_Iterable[_Union[ElementVersion, _Mapping]]] = ..., version: _Optional[int] = ..., initiative_id: _Optional[str] = ...) -> None: ...
