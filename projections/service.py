"""The views as a service: catch up, wait for a position, rebuild, and answer queries.

Each view is its own store (its own tables and tracking position): the status board's
spans (``projections.status_board``), the overdue list's, the per-unit table's and the
meeting summary's copies of them, and the activity feed. ``rebuild NAME`` drops and
replays that view alone; the others keep serving. Reading is ``projections.queries``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from projections.activity import ActivityStore
from projections.database import ViewDatabase
from projections.meetings import MeetingsStore
from projections.overdue import OverdueStore
from projections.queries import (
    BOARD_FILTERS,
    VIEW_NAMES,
    InvalidCursor,
    NotYetKnown,
    UnknownView,
    ViewReader,
)
from projections.runner import REBUILD_BATCH_SIZE, Progress, Runner
from projections.status_board import BoardStore
from projections.store import Store
from projections.units import UnitsStore

if TYPE_CHECKING:
    from ledger.application import LedgerApplication

log = logging.getLogger(__name__)

__all__ = ["VIEW_NAMES", "InvalidCursor", "NotYetKnown", "UnknownView", "ViewService"]


def view_database_of(app: LedgerApplication) -> ViewDatabase:
    datastore = getattr(app.recorder, "datastore", None)
    if not isinstance(datastore, SQLiteDatastore | PostgresDatastore):
        raise TypeError("the views need a SQLite or PostgreSQL event store")
    return ViewDatabase(datastore)


def make_stores() -> list[Store]:
    """Every view's store, each source before the stores that copy from it."""
    return [BoardStore(), OverdueStore(), UnitsStore(), MeetingsStore(), ActivityStore()]


class ViewService:
    def __init__(
        self,
        app: LedgerApplication,
        db: ViewDatabase | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.app = app
        self.db = db or view_database_of(app)
        self.stores: dict[str, Store] = {s.name: s for s in make_stores()}
        statements = [st for s in self.stores.values() for st in s.create_statements(self.db)]
        self.db.setup(statements)
        self.runner = Runner(
            app.recorder, app.mapper, self.db, list(self.stores.values()), batch_size
        )
        self.reader = ViewReader(self.db)
        self._caught_up = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: BaseException | None = None

    # ------------------------------------------------------------------ running

    def catch_up(self, progress: Progress | None = None, bulk: bool = True) -> int:
        """Apply every event recorded so far; returns the position the views reached
        (``bulk``: see ``Runner.catch_up``)."""
        reached = self.runner.catch_up(progress=progress, bulk=bulk)
        with self._caught_up:
            self._caught_up.notify_all()
        return reached

    def position(self) -> int:
        """The lowest position of all views."""
        return min(self.runner.positions().values())

    def head(self) -> int:
        return self.runner.head()

    def wait_for(self, position: int, timeout: float) -> bool:
        """Wait (at most ``timeout`` seconds) until every view has reached ``position``.

        The catching up is done by the background thread or by a separate
        ``project --follow`` process; this only watches the tracking records."""
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            if self.position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._caught_up:
                self._caught_up.wait(min(remaining, 0.02))

    def rebuild(
        self,
        names: list[str] | None = None,
        progress: Progress | None = None,
        batch_size: int | None = None,
        online: bool = False,
    ) -> int:
        """Drop the named views (all by default) and replay the log into them; the other
        views keep their rows and positions (a view that copies from one being rebuilt
        waits for it, serving what it has). A long log is replayed in one transaction
        (``projections.bulk``) unless ``online``: then in batches, appends going on."""
        stores = self._stores_for(names or list(VIEW_NAMES))
        size = batch_size or max(self.runner.batch_size, REBUILD_BATCH_SIZE)
        return self.runner.rebuild(stores, progress=progress, batch_size=size, bulk=not online)

    def start_background(self, interval: float = 0.05) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._follow, args=(interval,), name="ledger-views", daemon=True
        )
        self._thread.start()

    def start(self) -> None:
        self.start_background()

    def is_following(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def follow(self, interval: float = 0.05, stop: threading.Event | None = None) -> None:
        """Keep catching up until ``stop`` is set (``project --follow``)."""
        stop = stop or self._stop
        while not stop.is_set():
            self._catch_up_quietly()
            stop.wait(interval)

    def _follow(self, interval: float) -> None:
        """The API's background thread: catch up, then poll the log."""
        while not self._stop.is_set():
            self._catch_up_quietly()
            self._stop.wait(interval)

    def _catch_up_quietly(self) -> None:
        try:
            self.catch_up(bulk=False)  # beside the API: appends must not wait for it
            self.last_error = None
        except Exception as e:  # the store may be briefly unavailable; try again
            if self.last_error is None:
                log.exception("the views could not catch up; retrying")
            self.last_error = e

    # ------------------------------------------------------------------ queries

    def rows(self, name: str, on: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.view(name, on, **filters)["rows"]
        return rows

    def view(
        self, name: str, on: date | None = None, known_at: int | None = None, **filters: Any
    ) -> dict[str, Any]:
        """``{position, digest, rows}`` of one whole view, on the business date ``on``, as
        known now (or at position ``known_at``)."""
        return self.reader.whole(name, on or self.app.today(), known_at, **filters)

    def page(
        self,
        name: str,
        on: date | None = None,
        *,
        limit: int = 100,
        cursor: str | None = None,
        known_at: int | None = None,
        with_digest: bool = True,
        **filters: Any,
    ) -> dict[str, Any]:
        """A page of the status board, the overdue list or the activity feed, with the
        counts and the digest of the whole view (``projections.queries.ViewReader.page``)."""
        return self.reader.page(
            name,
            on or self.app.today(),
            limit=limit,
            cursor=cursor,
            known_at=known_at,
            with_digest=with_digest,
            **filters,
        )

    def directives(
        self,
        on: date | None = None,
        *,
        limit: int = 100,
        cursor: int | None = None,
        **filters: Any,
    ) -> dict[str, Any]:
        """A page of status-board rows (``GET /v1/directives``): ``{position, rows,
        next_cursor}``; the cursor is the last row's issuing position."""
        board_filters = {k: v for k, v in filters.items() if k in BOARD_FILTERS and v is not None}
        page = self.page(
            "status-board",
            on,
            limit=limit,
            cursor=None if cursor is None else str(cursor),
            **board_filters,
        )
        next_cursor = page["next_cursor"]
        return {
            "position": page["position"],
            "rows": page["rows"],
            "next_cursor": None if next_cursor is None else int(next_cursor),
        }

    def digests(self, on: date | None = None) -> dict[str, str]:
        on = on or self.app.today()
        return {
            name: self.activity_digest() if name == "activity" else self.view(name, on)["digest"]
            for name in VIEW_NAMES
        }

    def activity_digest(self, page_size: int = 10_000) -> str:
        return self.reader.activity_digest(page_size)

    def memory_digests(
        self, on: date | None = None, at: dict[str, int] | None = None
    ) -> dict[str, str]:
        """Replay the log into a throwaway in-memory store; its views' digests: each view
        named in ``at`` at the position given there (the log may have grown since),
        otherwise every view at the head of the log."""
        on = on or self.app.today()
        memory = ViewDatabase.memory()
        try:
            replica = ViewService(self.app, memory)
            if at is None:
                replica.catch_up()
                return replica.digests(on)
            digests: dict[str, str] = {}
            for name, position in sorted(at.items(), key=lambda item: item[1]):
                replica.runner.last = position  # one replay, paused at each position
                replica.catch_up()
                digests[name] = replica.view(name, on)["digest"]
            return digests
        finally:
            memory.close()

    # ---------------------------------------------------------------- internals

    def _stores_for(self, names: Iterable[str]) -> list[Store]:
        wanted: list[str] = []
        for name in names:
            if name not in self.stores:
                raise UnknownView(name)
            wanted.append(name)
        return [s for s in self.stores.values() if s.name in wanted]
