import datetime

from ameide_core_proto.transformation.common.v1 import transformation_common_envelope_pb2 as _transformation_common_envelope_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORK_KIND_UNSPECIFIED: _ClassVar[WorkKind]
    WORK_KIND_TOOL_RUN: _ClassVar[WorkKind]
    WORK_KIND_AGENT_WORK: _ClassVar[WorkKind]

class ActionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTION_KIND_UNSPECIFIED: _ClassVar[ActionKind]
    ACTION_KIND_PREFLIGHT: _ClassVar[ActionKind]
    ACTION_KIND_SCAFFOLD: _ClassVar[ActionKind]
    ACTION_KIND_GENERATE: _ClassVar[ActionKind]
    ACTION_KIND_VERIFY: _ClassVar[ActionKind]
    ACTION_KIND_BUILD: _ClassVar[ActionKind]
    ACTION_KIND_PUBLISH: _ClassVar[ActionKind]
    ACTION_KIND_DEPLOY: _ClassVar[ActionKind]
    ACTION_KIND_SMOKE: _ClassVar[ActionKind]

class WorkStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORK_STATUS_UNSPECIFIED: _ClassVar[WorkStatus]
    WORK_STATUS_REQUESTED: _ClassVar[WorkStatus]
    WORK_STATUS_STARTED: _ClassVar[WorkStatus]
    WORK_STATUS_SUCCEEDED: _ClassVar[WorkStatus]
    WORK_STATUS_FAILED: _ClassVar[WorkStatus]
    WORK_STATUS_CANCELED: _ClassVar[WorkStatus]
WORK_KIND_UNSPECIFIED: WorkKind
WORK_KIND_TOOL_RUN: WorkKind
WORK_KIND_AGENT_WORK: WorkKind
ACTION_KIND_UNSPECIFIED: ActionKind
ACTION_KIND_PREFLIGHT: ActionKind
ACTION_KIND_SCAFFOLD: ActionKind
ACTION_KIND_GENERATE: ActionKind
ACTION_KIND_VERIFY: ActionKind
ACTION_KIND_BUILD: ActionKind
ACTION_KIND_PUBLISH: ActionKind
ACTION_KIND_DEPLOY: ActionKind
ACTION_KIND_SMOKE: ActionKind
WORK_STATUS_UNSPECIFIED: WorkStatus
WORK_STATUS_REQUESTED: WorkStatus
WORK_STATUS_STARTED: WorkStatus
WORK_STATUS_SUCCEEDED: WorkStatus
WORK_STATUS_FAILED: WorkStatus
WORK_STATUS_CANCELED: WorkStatus

class RequestedBy(_message.Message):
    __slots__ = ("process_instance_id", "activity_id", "process_run_id")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    activity_id: str
    process_run_id: str
    def __init__(self, process_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., process_run_id: _Optional[str] = ...) -> None: ...

class RepoCheckout(_message.Message):
    __slots__ = ("repo_url", "commit_sha", "workdir", "branch")
    REPO_URL_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    WORKDIR_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    repo_url: str
    commit_sha: str
    workdir: str
    branch: str
    def __init__(self, repo_url: _Optional[str] = ..., commit_sha: _Optional[str] = ..., workdir: _Optional[str] = ..., branch: _Optional[str] = ...) -> None: ...

class WorkInputs(_message.Message):
    __slots__ = ("checkout", "plan_refs", "constraints", "verification_suite_ref", "parameters", "instructions")
    class ConstraintsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CHECKOUT_FIELD_NUMBER: _ClassVar[int]
    PLAN_REFS_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_SUITE_REF_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    checkout: RepoCheckout
    plan_refs: _containers.RepeatedScalarFieldContainer[str]
    constraints: _containers.ScalarMap[str, str]
    verification_suite_ref: str
    parameters: _containers.ScalarMap[str, str]
    instructions: str
    def __init__(self, checkout: _Optional[_Union[RepoCheckout, _Mapping]] = ..., plan_refs: _Optional[_Iterable[str]] = ..., constraints: _Optional[_Mapping[str, str]] = ..., verification_suite_ref: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., instructions: _Optional[str] = ...) -> None: ...

class ExecutionPolicy(_message.Message):
    __slots__ = ("queue_ref", "timeout", "max_attempts", "network_allowed")
    QUEUE_REF_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_ALLOWED_FIELD_NUMBER: _ClassVar[int]
    queue_ref: str
    timeout: _duration_pb2.Duration
    max_attempts: int
    network_allowed: bool
    def __init__(self, queue_ref: _Optional[str] = ..., timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_attempts: _Optional[int] = ..., network_allowed: _Optional[bool] = ...) -> None: ...

class ArtifactRef(_message.Message):
    __slots__ = ("uri", "sha256", "media_type", "size_bytes")
    URI_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    uri: str
    sha256: str
    media_type: str
    size_bytes: int
    def __init__(self, uri: _Optional[str] = ..., sha256: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class WorkOutcome(_message.Message):
    __slots__ = ("summary", "exit_code", "outputs", "evidence_bundle_id", "artifact_refs", "failure_reason")
    class OutputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_REFS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    summary: str
    exit_code: int
    outputs: _containers.ScalarMap[str, str]
    evidence_bundle_id: str
    artifact_refs: _containers.RepeatedCompositeFieldContainer[ArtifactRef]
    failure_reason: str
    def __init__(self, summary: _Optional[str] = ..., exit_code: _Optional[int] = ..., outputs: _Optional[_Mapping[str, str]] = ..., evidence_bundle_id: _Optional[str] = ..., artifact_refs: _Optional[_Iterable[_Union[ArtifactRef, _Mapping]]] = ..., failure_reason: _Optional[str] = ...) -> None: ...

class WorkRequest(_message.Message):
    __slots__ = ("work_request_id", "scope", "requested_by", "requested_at", "actor", "work_kind", "action_kind", "client_request_id", "execution", "inputs", "status", "attempt", "started_at", "finished_at", "outcome", "version", "correlation_id", "lease_expires_at")
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    scope: _transformation_common_envelope_pb2.Scope
    requested_by: RequestedBy
    requested_at: _timestamp_pb2.Timestamp
    actor: _transformation_common_envelope_pb2.Actor
    work_kind: WorkKind
    action_kind: ActionKind
    client_request_id: str
    execution: ExecutionPolicy
    inputs: WorkInputs
    status: WorkStatus
    attempt: int
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    outcome: WorkOutcome
    version: int
    correlation_id: str
    lease_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, work_request_id: _Optional[str] = ..., scope: _Optional[_Union[_transformation_common_envelope_pb2.Scope, _Mapping]] = ..., requested_by: _Optional[_Union[RequestedBy, _Mapping]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[_Union[_transformation_common_envelope_pb2.Actor, _Mapping]] = ..., work_kind: _Optional[_Union[WorkKind, str]] = ..., action_kind: _Optional[_Union[ActionKind, str]] = ..., client_request_id: _Optional[str] = ..., execution: _Optional[_Union[ExecutionPolicy, _Mapping]] = ..., inputs: _Optional[_Union[WorkInputs, _Mapping]] = ..., status: _Optional[_Union[WorkStatus, str]] = ..., attempt: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[WorkOutcome, _Mapping]] = ..., version: _Optional[int] = ..., correlation_id: _Optional[str] = ..., lease_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
