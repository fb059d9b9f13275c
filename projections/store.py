"""A store of view rows: its tables, and how a batch of events is written into them.

Stores are append-only (one row per event or per aggregate, keyed by log position), so
the rows a view shows at position P are exactly those with ``position <= P``: readers
never see half a batch, and a rebuild writes the very same rows again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from projections.database import ViewDatabase
from projections.events import ViewEvent


class Store(Protocol):
    name: str  # its tracking name (and the prefix of its tables)

    def tables(self) -> list[str]: ...

    def create_statements(self, db: ViewDatabase) -> list[str]: ...

    def apply(self, db: ViewDatabase, cursor: Any, events: Sequence[ViewEvent]) -> None:
        """Write the rows of ``events`` (all beyond this store's tracked position)."""
