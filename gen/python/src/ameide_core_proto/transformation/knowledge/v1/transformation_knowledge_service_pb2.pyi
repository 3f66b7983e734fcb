from ameide_core_proto.platform.auth.v1 import platform_auth_options_pb2 as _platform_auth_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.knowledge.v1 import transformation_knowledge_element_pb2 as _transformation_knowledge_element_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DraftElementRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "element_id", "element_kind", "title", "content", "media_type", "initiative_id", "drafted_by_process_instance_id")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFTED_BY_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    element_id: str
    element_kind: str
    title: str
    content: str
    media_type: str
    initiative_id: str
    drafted_by_process_instance_id: str
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., element_id: _Optional[str] = ..., element_kind: _Optional[str] = ..., title: _Optional[str] = ..., content: _Optional[str] = ..., media_type: _Optional[str] = ..., initiative_id: _Optional[str] = ..., drafted_by_process_instance_id: _Optional[str] = ...) -> None: ...

class DraftElementResponse(_message.Message):
    __slots__ = ("element", "deduplicated")
    ELEMENT_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    element: _transformation_knowledge_element_pb2.Element
    deduplicated: bool
    def __init__(self, element: _Optional[_Union[_transformation_knowledge_element_pb2.Element, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class PublishElementRequest(_message.Message):
    __slots__ = ("context", "idempotency_key", "element_id", "version")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    context: _transformation_common_envelope_pb2.CommandContext
    idempotency_key: str
    element_id: str
    version: int
    def __init__(self, context: _Optional[_Union[_transformation_common_envelope_pb2.CommandContext, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., element_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class PublishElementResponse(_message.Message):
    __slots__ = ("element", "deduplicated")
    ELEMENT_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    element: _transformation_knowledge_element_pb2.Element
    deduplicated: bool
    def __init__(self, element: _Optional[_Union[_transformation_knowledge_element_pb2.Element, _Mapping]] = ..., deduplicated: _Optional[bool] = ...) -> None: ...

class GetElementRequest(_message.Message):
    __slots__ = ("scope", "element_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    scope: _transformation_common_envelope_pb2.Scope
    element_id: str
    def __init__(self, scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., element_id: _Optional[str] = ...) -> None: ...

class GetElementResponse(_message.Message):
    __slots__ = ("element",)
    ELEMENT_FIELD_NUMBER: _ClassVar[int]
    element: _transformation_knowledge_element_pb2.Element
    def __init__(self, element: _Optional[_Union[_transformation_knowledge_element_pb2.Element, _Mapping]] = ...) -> None: ...
