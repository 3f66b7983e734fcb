from ameide_core_proto.platform.eventing.v1 import platform_eventing_options_pb2 as _platform_eventing_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.knowledge.v1 import transformation_knowledge_element_pb2 as _transformation_knowledge_element_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TransformationKnowledgeDomainFact(_message.Message):
    __slots__ = ("meta", "aggregate", "element_drafted", "element_published")
    META_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_DRAFTED_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    meta: _transformation_common_envelope_pb2.EventMeta
    aggregate: _transformation_common_envelope_pb2.AggregateRef
    element_drafted: ElementDrafted
    element_published: ElementPublished
    def __init__(self, meta: _Optional[_Union[_transformation_common_envelope_pb2.EventMeta, _Mapping]] = ..., aggregate: _Optional[_Union[_transformation_common_envelope_pb2.AggregateRef, _Mapping]] = ..., element_drafted: _Optional[_Union[ElementDrafted, _Mapping]] = ..., element_published: _Optional[_Union[ElementPublished, _Mapping]] = ...) -> None: ...

class ElementDrafted(_message.Message):
    __slots__ = ("element_id", "element_kind", "title", "element_version", "initiative_id")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    element_kind: str
    title: str
    element_version: _transformation_knowledge_element_pb2.ElementVersion
    initiative_id: str
    def __init__(self, element_id: _Optional[str] = ..., element_kind: _Optional[str] = ..., title: _Optional[str] = ..., element_version: _Optional[_Union[_transformation_knowledge_element_pb2.ElementVersion, _Mapping]] = ..., initiative_id: _Optional[str] = ...) -> None: ...

class ElementPublished(_message.Message):
    __slots__ = ("element_id", "published_version", "content_sha256")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    published_version: int
    content_sha256: str
    def __init__(self, element_id: _Optional[str] = ..., published_version: _Optional[int] = ..., content_sha256: _Optional[str] = ...) -> None: ...
