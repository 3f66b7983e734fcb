import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ColumnKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLUMN_KIND_UNSPECIFIED: _ClassVar[ColumnKind]
    COLUMN_KIND_INTAKE: _ClassVar[ColumnKind]
    COLUMN_KIND_TRIAGE: _ClassVar[ColumnKind]
    COLUMN_KIND_AWAITING_APPROVAL: _ClassVar[ColumnKind]
    COLUMN_KIND_EXECUTION: _ClassVar[ColumnKind]
    COLUMN_KIND_RELEASE: _ClassVar[ColumnKind]
    COLUMN_KIND_DONE: _ClassVar[ColumnKind]
    COLUMN_KIND_FAILED: _ClassVar[ColumnKind]

class WaitKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WAIT_KIND_UNSPECIFIED: _ClassVar[WaitKind]
    WAIT_KIND_APPROVAL: _ClassVar[WaitKind]
    WAIT_KIND_RELEASE_APPROVAL: _ClassVar[WaitKind]
    WAIT_KIND_EXTERNAL_WORK: _ClassVar[WaitKind]
    WAIT_KIND_DEPENDENCY: _ClassVar[WaitKind]

class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_UNSPECIFIED: _ClassVar[Outcome]
    OUTCOME_COMPLETED: _ClassVar[Outcome]
    OUTCOME_FAILED: _ClassVar[Outcome]
    OUTCOME_REJECTED: _ClassVar[Outcome]
    OUTCOME_CANCELLED: _ClassVar[Outcome]
COLUMN_KIND_UNSPECIFIED: ColumnKind
COLUMN_KIND_INTAKE: ColumnKind
COLUMN_KIND_TRIAGE: ColumnKind
COLUMN_KIND_AWAITING_APPROVAL: ColumnKind
COLUMN_KIND_EXECUTION: ColumnKind
COLUMN_KIND_RELEASE: ColumnKind
COLUMN_KIND_DONE: ColumnKind
COLUMN_KIND_FAILED: ColumnKind
WAIT_KIND_UNSPECIFIED: WaitKind
WAIT_KIND_APPROVAL: WaitKind
WAIT_KIND_RELEASE_APPROVAL: WaitKind
WAIT_KIND_EXTERNAL_WORK: WaitKind
WAIT_KIND_DEPENDENCY: WaitKind
OUTCOME_UNSPECIFIED: Outcome
OUTCOME_COMPLETED: Outcome
OUTCOME_FAILED: Outcome
OUTCOME_REJECTED: Outcome
OUTCOME_CANCELLED: Outcome

class BoardScope(_message.Message):
    __slots__ = ("tenant_id", "organization_id", "repository_id", "initiative_id", "board_kind", "process_definition_id")
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    BOARD_KIND_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_id: str
    organization_id: str
    repository_id: str
    initiative_id: str
    board_kind: str
    process_definition_id: str
    def __init__(self, tenant_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., repository_id: _Optional[str] = ..., initiative_id: _Optional[str] = ..., board_kind: _Optional[str] = ..., process_definition_id: _Optional[str] = ...) -> None: ...

class BoardRef(_message.Message):
    __slots__ = ("scope", "board_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    BOARD_ID_FIELD_NUMBER: _ClassVar[int]
    scope: BoardScope
    board_id: str
    def __init__(self, scope: _Optional[_Union[BoardScope, _Mapping]] = ..., board_id: _Optional[str] = ...) -> None: ...

class ReadContext(_message.Message):
    __slots__ = ("board_seq", "read_at", "projection_version", "source_positions")
    class SourcePositionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    PROJECTION_VERSION_FIELD_NUMBER: _ClassVar[int]
    SOURCE_POSITIONS_FIELD_NUMBER: _ClassVar[int]
    board_seq: int
    read_at: _timestamp_pb2.Timestamp
    projection_version: str
    source_positions: _containers.ScalarMap[str, str]
    def __init__(self, board_seq: _Optional[int] = ..., read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., projection_version: _Optional[str] = ..., source_positions: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CardWait(_message.Message):
    __slots__ = ("kind", "ref")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REF_FIELD_NUMBER: _ClassVar[int]
    kind: WaitKind
    ref: str
    def __init__(self, kind: _Optional[_Union[WaitKind, str]] = ..., ref: _Optional[str] = ...) -> None: ...

class Column(_message.Message):
    __slots__ = ("column_key", "title", "position", "card_count", "cards", "next_page_token", "kind")
    COLUMN_KEY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    CARDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    column_key: str
    title: str
    position: int
    card_count: int
    cards: _containers.RepeatedCompositeFieldContainer[Card]
    next_page_token: str
    kind: ColumnKind
    def __init__(self, column_key: _Optional[str] = ..., title: _Optional[str] = ..., position: _Optional[int] = ..., card_count: _Optional[int] = ..., cards: _Optional[_Iterable[_Union[Card, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., kind: _Optional[_Union[ColumnKind, str]] = ...) -> None: ...

class WorkItemView(_message.Message):
    __slots__ = ("work_request_id", "work_kind", "action_kind", "status", "summary", "outputs", "evidence_bundle_id")
    class OutputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    WORK_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTION_KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    work_request_id: str
    work_kind: str
    action_kind: str
    status: str
    summary: str
    outputs: _containers.ScalarMap[str, str]
    evidence_bundle_id: str
    def __init__(self, work_request_id: _Optional[str] = ..., work_kind: _Optional[str] = ..., action_kind: _Optional[str] = ..., status: _Optional[str] = ..., summary: _Optional[str] = ..., outputs: _Optional[_Mapping[str, str]] = ..., evidence_bundle_id: _Optional[str] = ...) -> None: ...

class ArtifactView(_message.Message):
    __slots__ = ("element_id", "title", "version", "status")
    ELEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    element_id: str
    title: str
    version: int
    status: str
    def __init__(self, element_id: _Optional[str] = ..., title: _Optional[str] = ..., version: _Optional[int] = ..., status: _Optional[str] = ...) -> None: ...

class Card(_message.Message):
    __slots__ = ("card_id", "process_definition_id", "initiative_id", "title", "column_key", "phase_key", "seq", "awaiting", "blocked_reason", "work_items", "artifacts", "promoted_digests", "terminal", "archived", "updated_board_seq", "repository_id", "outcome", "outcome_reason", "column", "waiting_for", "outcome_kind")
    class PromotedDigestsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CARD_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    INITIATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COLUMN_KEY_FIELD_NUMBER: _ClassVar[int]
    PHASE_KEY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    AWAITING_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_REASON_FIELD_NUMBER: _ClassVar[int]
    WORK_ITEMS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    PROMOTED_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    TERMINAL_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_REASON_FIELD_NUMBER: _ClassVar[int]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    WAITING_FOR_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_KIND_FIELD_NUMBER: _ClassVar[int]
    card_id: str
    process_definition_id: str
    initiative_id: str
    title: str
    column_key: str
    phase_key: str
    seq: int
    awaiting: str
    blocked_reason: str
    work_items: _containers.RepeatedCompositeFieldContainer[WorkItemView]
    artifacts: _containers.RepeatedCompositeFieldContainer[ArtifactView]
    promoted_digests: _containers.ScalarMap[str, str]
    terminal: bool
    archived: bool
    updated_board_seq: int
    repository_id: str
    outcome: str
    outcome_reason: str
    column: ColumnKind
    waiting_for: CardWait
    outcome_kind: Outcome
    def __init__(self, card_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., initiative_id: _Optional[str] = ..., title: _Optional[str] = ..., column_key: _Optional[str] = ..., phase_key: _Optional[str] = ..., seq: _Optional[int] = ..., awaiting: _Optional[str] = ..., blocked_reason: _Optional[str] = ..., work_items: _Optional[_Iterable[_Union[WorkItemView, _Mapping]]] = ..., artifacts: _Optional[_Iterable[_Union[ArtifactView, _Mapping]]] = ..., promoted_digests: _Optional[_Mapping[str, str]] = ..., terminal: _Optional[bool] = ..., archived: _Optional[bool] = ..., updated_board_seq: _Optional[int] = ..., repository_id: _Optional[str] = ..., outcome: _Optional[str] = ..., outcome_reason: _Optional[str] = ..., column: _Optional[_Union[ColumnKind, str]] = ..., waiting_for: _Optional[_Union[CardWait, _Mapping]] = ..., outcome_kind: _Optional[_Union[Outcome, str]] = ...) -> None: ...

class TimelineEntry(_message.Message):
    __slots__ = ("message_id", "source_topic", "run_epoch", "seq", "fact_type", "phase_key", "summary", "evidence_refs", "occurred_at", "work_request_id")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TOPIC_FIELD_NUMBER: _ClassVar[int]
    RUN_EPOCH_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    FACT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PHASE_KEY_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REFS_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    WORK_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    source_topic: str
    run_epoch: int
    seq: int
    fact_type: str
    phase_key: str
    summary: str
    evidence_refs: _containers.RepeatedScalarFieldContainer[str]
    occurred_at: _timestamp_pb2.Timestamp
    work_request_id: str
    def __init__(self, message_id: _Optional[str] = ..., source_topic: _Optional[str] = ..., run_epoch: _Optional[int] = ..., seq: _Optional[int] = ..., fact_type: _Optional[str] = ..., phase_key: _Optional[str] = ..., summary: _Optional[str] = ..., evidence_refs: _Optional[_Iterable[str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., work_request_id: _Optional[str] = ...) -> None: ...
