from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
WORKFLOW_FIELD_NUMBER: _ClassVar[int]
workflow: _descriptor.FieldDescriptor

class WorkflowInterface(_message.Message):
    __slots__ = ("workflow_type", "task_queue", "input", "result", "workflow_id", "signals", "updates", "queries")
    WORKFLOW_TYPE_FIELD_NUMBER: _ClassVar[int]
    TASK_QUEUE_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNALS_FIELD_NUMBER: _ClassVar[int]
    UPDATES_FIELD_NUMBER: _ClassVar[int]
    QUERIES_FIELD_NUMBER: _ClassVar[int]
    workflow_type: str
    task_queue: str
    input: str
    result: str
    workflow_id: str
    signals: _containers.RepeatedCompositeFieldContainer[WorkflowHandler]
    updates: _containers.RepeatedCompositeFieldContainer[WorkflowHandler]
    queries: _containers.RepeatedCompositeFieldContainer[WorkflowHandler]
    def __init__(self, workflow_type: _Optional[str] = ..., task_queue: _Optional[str] = ..., input: _Optional[str] = ..., result: _Optional[str] = ..., workflow_id: _Optional[str] = ..., signals: _Optional[_Iterable[_Union[WorkflowHandler, _Mapping]]] = ..., updates: _Optional[_Iterable[_Union[WorkflowHandler, _Mapping]]] = ..., queries: _Optional[_Iterable[_Union[WorkflowHandler, _Mapping]]] = ...) -> None: ...

class WorkflowHandler(_message.Message):
    __slots__ = ("name", "input", "output", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    input: str
    output: str
    description: str
    def __init__(self, name: _Optional[str] = ..., input: _Optional[str] = ..., output: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...
