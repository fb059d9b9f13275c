"""A store of view rows: its tables, and how a batch of events is written into them.

Each view is one store with its own tables and its own tracking position. A store with
a ``source`` (the status board's) copies the source's spans of the directives a batch
touches, so it never goes beyond the source's position; rebuilding it copies the
source's bitemporal spans, which still know every earlier position.

A store may also have a ``bulk_writer``: how it takes a whole log in one transaction
(``projections.bulk``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from projections.database import ViewDatabase
from projections.events import ViewEvent


class Store(Protocol):
    name: str  # its tracking name: the view's name
    source: str | None  # the store it copies from, or None

    def tables(self) -> list[str]: ...

    def create_statements(self, db: ViewDatabase) -> list[str]: ...

    def apply(
        self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent], start: int, end: int
    ) -> None:
        """Write the rows of ``events`` (positions in (start, end], beyond this store's
        tracked position ``start``); the store will be tracked at ``end``."""


class BulkWriter(Protocol):
    """A store's writer for a catch-up from nothing (``projections.bulk``): the batches
    come in log order within one transaction, then ``finish`` writes what is left."""

    needs_events: bool  # False: ``finish`` alone writes every row (no replay of the log)

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None: ...

    def finish(self, db: ViewDatabase, cursor: Any, end: int) -> None:
        """The last rows, as of position ``end`` (the store's source is there too)."""


class CopyWriter:
    """The bulk writer of a store whose rows are copies of its source's (the board's
    spans): one copy of them all at the end. ``own`` writes the rows a store keeps of
    the events themselves (the meetings' rows)."""

    def __init__(
        self,
        copy: Callable[[ViewDatabase, Any, Sequence[str] | None, int, int], None],
        own: Callable[[ViewDatabase, Any, Sequence[ViewEvent]], None] | None = None,
    ) -> None:
        self.copy = copy
        self.own = own
        self.needs_events = own is not None

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        if self.own is not None:
            self.own(db, cursor, events)

    def finish(self, db: ViewDatabase, cursor: Any, end: int) -> None:
        self.copy(db, cursor, None, 0, end)


class EventsWriter:
    """The bulk writer of a store whose rows are the events' own (the activity feed):
    each batch as the store applies it, nothing left at the end."""

    needs_events = True

    def __init__(self, store: Store) -> None:
        self.store = store

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        if events:
            self.store.apply(db, cursor, events, events[0].position - 1, events[-1].position)

    def finish(self, db: ViewDatabase, cursor: Any, end: int) -> None:
        return None
