from ameide_core_proto.platform.eventing.v1 import platform_eventing_options_pb2 as _platform_eventing_options_pb2
from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from ameide_core_proto.transformation.work.v1 import transformation_work_request_pb2 as _transformation_work_request_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkExecutionRequested(_message.Message):
    __slots__ = ("meta", "work_request", "attempt")
    META_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    meta: _transformation_common_envelope_pb2.EventMeta
    work_request: _transformation_work_request_pb2.WorkRequest
    attempt: int
    def __init__(self, meta: _Optional[_Union[_transformation_common_envelope_pb2.EventMeta, _Mapping]] = ..., work_request: _Optional[_Union[_transformation_work_request_pb2.WorkRequest, _Mapping]] = ..., attempt: _Optional[int] = ...) -> None: ...
