from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TopicClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOPIC_CLASS_UNSPECIFIED: _ClassVar[TopicClass]
    TOPIC_CLASS_SPINE: _ClassVar[TopicClass]
    TOPIC_CLASS_QUEUE: _ClassVar[TopicClass]

class TopicKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOPIC_KIND_UNSPECIFIED: _ClassVar[TopicKind]
    TOPIC_KIND_FACTS: _ClassVar[TopicKind]
    TOPIC_KIND_INTENTS: _ClassVar[TopicKind]
TOPIC_CLASS_UNSPECIFIED: TopicClass
TOPIC_CLASS_SPINE: TopicClass
TOPIC_CLASS_QUEUE: TopicClass
TOPIC_KIND_UNSPECIFIED: TopicKind
TOPIC_KIND_FACTS: TopicKind
TOPIC_KIND_INTENTS: TopicKind
TOPIC_FIELD_NUMBER: _ClassVar[int]
topic: _descriptor.FieldDescriptor

class TopicBinding(_message.Message):
    __slots__ = ("name", "topic_class", "topic_kind", "queue_ref", "consumer_group")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOPIC_CLASS_FIELD_NUMBER: _ClassVar[int]
    TOPIC_KIND_FIELD_NUMBER: _ClassVar[int]
    QUEUE_REF_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_GROUP_FIELD_NUMBER: _ClassVar[int]
    name: str
    topic_class: TopicClass
    topic_kind: TopicKind
    queue_ref: str
    consumer_group: str
    def __init__(self, name: _Optional[str] = ..., topic_class: _Optional[_Union[TopicClass, str]] = ..., topic_kind: _Optional[_Union[TopicKind, str]] = ..., queue_ref: _Optional[str] = ..., consumer_group: _Optional[str] = ...) -> None: ...
