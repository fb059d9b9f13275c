"""A store of view rows: its tables, and how a batch of events is written into them.

Each view is one store with its own tables and its own tracking position. A store with
a ``source`` (the status board's) copies the source's spans of the directives a batch
touches, so it never goes beyond the source's position; rebuilding it replays the log
against the source's bitemporal spans, which still know every earlier position.
"""

from __future__ import annotations

from collections.abc import Sequence
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
