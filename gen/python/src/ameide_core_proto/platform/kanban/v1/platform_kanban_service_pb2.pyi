from ameide_core_proto.platform.auth.v1 import platform_auth_options_pb2 as _platform_auth_options_pb2
from ameide_core_proto.platform.kanban.v1 import platform_kanban_board_pb2 as _platform_kanban_board_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetKanbanBoardRequest(_message.Message):
    __slots__ = ("scope", "page_size", "page_token", "column_key", "include_archived")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    COLUMN_KEY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    scope: _platform_kanban_board_pb2.BoardScope
    page_size: int
    page_token: str
    column_key: str
    include_archived: bool
    def __init__(self, scope: _Optional[_Union[_platform_kanban_board_pb2.BoardScope, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., column_key: _Optional[str] = ..., include_archived: _Optional[bool] = ...) -> None: ...

class GetKanbanBoardResponse(_message.Message):
    __slots__ = ("board", "columns", "next_page_token", "read_context")
    BOARD_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    READ_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    board: _platform_kanban_board_pb2.BoardRef
    columns: _containers.RepeatedCompositeFieldContainer[_platform_kanban_board_pb2.Column]
    next_page_token: str
    read_context: _platform_kanban_board_pb2.ReadContext
    def __init__(self, board: _Optional[_Union[_platform_kanban_board_pb2.BoardRef, _Mapping]] = ..., columns: _Optional[_Iterable[_Union[_platform_kanban_board_pb2.Column, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., read_context: _Optional[_Union[_platform_kanban_board_pb2.ReadContext, _Mapping]] = ...) -> None: ...

class GetKanbanDeltasRequest(_message.Message):
    __slots__ = ("scope", "since_board_seq", "limit")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SINCE_BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    scope: _platform_kanban_board_pb2.BoardScope
    since_board_seq: int
    limit: int
    def __init__(self, scope: _Optional[_Union[_platform_kanban_board_pb2.BoardScope, _Mapping]] = ..., since_board_seq: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class GetKanbanDeltasResponse(_message.Message):
    __slots__ = ("board", "upserted_cards", "archived_card_ids", "deleted_card_ids", "board_seq", "has_more", "read_context")
    BOARD_FIELD_NUMBER: _ClassVar[int]
    UPSERTED_CARDS_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_CARD_IDS_FIELD_NUMBER: _ClassVar[int]
    DELETED_CARD_IDS_FIELD_NUMBER: _ClassVar[int]
    BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_FIELD_NUMBER: _ClassVar[int]
    READ_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    board: _platform_kanban_board_pb2.BoardRef
    upserted_cards: _containers.RepeatedCompositeFieldContainer[_platform_kanban_board_pb2.Card]
    archived_card_ids: _containers.RepeatedScalarFieldContainer[str]
    deleted_card_ids: _containers.RepeatedScalarFieldContainer[str]
    board_seq: int
    has_more: bool
    read_context: _platform_kanban_board_pb2.ReadContext
    def __init__(self, board: _Optional[_Union[_platform_kanban_board_pb2.BoardRef, _Mapping]] = ..., upserted_cards: _Optional[_Iterable[_Union[_platform_kanban_board_pb2.Card, _Mapping]]] = ..., archived_card_ids: _Optional[_Iterable[str]] = ..., deleted_card_ids: _Optional[_Iterable[str]] = ..., board_seq: _Optional[int] = ..., has_more: _Optional[bool] = ..., read_context: _Optional[_Union[_platform_kanban_board_pb2.ReadContext, _Mapping]] = ...) -> None: ...

class GetRunTimelineRequest(_message.Message):
    __slots__ = ("scope", "card_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    CARD_ID_FIELD_NUMBER: _ClassVar[int]
    scope: _platform_kanban_board_pb2.BoardScope
    card_id: str
    def __init__(self, scope: _Optional[_Union[_platform_kanban_board_pb2.BoardScope, _Mapping]] = ..., card_id: _Optional[str] = ...) -> None: ...

class GetRunTimelineResponse(_message.Message):
    __slots__ = ("card", "entries", "read_context")
    CARD_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    READ_CONTEXT_FIELD_NUMBER: _ClassVar[int]
    card: _platform_kanban_board_pb2.Card
    entries: _containers.RepeatedCompositeFieldContainer[_platform_kanban_board_pb2.TimelineEntry]
    read_context: _platform_kanban_board_pb2.ReadContext
    def __init__(self, card: _Optional[_Union[_platform_kanban_board_pb2.Card, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[_platform_kanban_board_pb2.TimelineEntry, _Mapping]]] = ..., read_context: _Optional[_Union[_platform_kanban_board_pb2.ReadContext, _Mapping]] = ...) -> None: ...

class WatchKanbanUpdatesRequest(_message.Message):
    __slots__ = ("scope", "since_board_seq")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SINCE_BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    scope: _platform_kanban_board_pb2.BoardScope
    since_board_seq: int
    def __init__(self, scope: _Optional[_Union[_platform_kanban_board_pb2.BoardScope, _Mapping]] = ..., since_board_seq: _Optional[int] = ...) -> None: ...

class WatchKanbanUpdatesResponse(_message.Message):
    __slots__ = ("board", "board_seq")
    BOARD_FIELD_NUMBER: _ClassVar[int]
    BOARD_SEQ_FIELD_NUMBER: _ClassVar[int]
    board: _platform_kanban_board_pb2.BoardRef
    board_seq: int
    def __init__(self, board: _Optional[_Union[_platform_kanban_board_pb2.BoardRef, _Mapping]] = ..., board_seq: _Optional[int] = ...) -> None: ...
