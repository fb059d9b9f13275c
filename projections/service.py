"""The views as a service: catch up, wait for a position, rebuild, and answer queries.

Views and the stores they read:
- ``status-board``, ``overdue``, ``units``, ``activity``: the events store (every
  directive and meeting event, one row each);
- ``meetings``: the meetings store and the events store.
A view answers at the lowest position of its stores, from rows up to that position only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from projections.activity import read_activity
from projections.database import ViewDatabase
from projections.digest import digest_of, digest_of_pages
from projections.event_store import EventsStore
from projections.meetings import MeetingsStore, meeting_rows, read_meetings
from projections.overdue import overdue_rows
from projections.runner import REBUILD_BATCH_SIZE, Progress, Runner
from projections.status_board import FoldCache, board_rows, matches
from projections.store import Store
from projections.units import unit_rows

if TYPE_CHECKING:
    from ledger.application import LedgerApplication

log = logging.getLogger(__name__)

VIEW_NAMES = ("status-board", "overdue", "units", "meetings", "activity")
STORES_OF_VIEW: dict[str, tuple[str, ...]] = {
    "status-board": ("events",),
    "overdue": ("events",),
    "units": ("events",),
    "meetings": ("meetings", "events"),
    "activity": ("events",),
}
BOARD_FILTERS = ("status", "unit", "meeting_id", "overdue", "grid")


class UnknownView(KeyError):
    pass


def view_database_of(app: LedgerApplication) -> ViewDatabase:
    datastore = getattr(app.recorder, "datastore", None)
    if not isinstance(datastore, SQLiteDatastore | PostgresDatastore):
        raise TypeError("the views need a SQLite or PostgreSQL event store")
    return ViewDatabase(datastore)


class ViewService:
    def __init__(
        self,
        app: LedgerApplication,
        db: ViewDatabase | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.app = app
        self.db = db or view_database_of(app)
        self.stores: dict[str, Store] = {s.name: s for s in (EventsStore(), MeetingsStore())}
        statements = [st for s in self.stores.values() for st in s.create_statements(self.db)]
        self.db.setup(statements)
        self.runner = Runner(
            app.recorder, app.mapper, self.db, list(self.stores.values()), batch_size
        )
        self.board_cache = FoldCache()
        self._caught_up = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: BaseException | None = None

    # ------------------------------------------------------------------ running

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every event recorded so far; returns the position the views reached."""
        reached = self.runner.catch_up(progress=progress)
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

    def rebuild(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the named views (all by default) and replay the log into them."""
        stores = self._stores_for(names or list(VIEW_NAMES))
        self.runner.reset(stores)
        return self.runner.catch_up(
            stores, progress=progress, batch_size=max(self.runner.batch_size, REBUILD_BATCH_SIZE)
        )

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
        """The API's background thread: catch up; and once today's board has been read,
        keep it folded up to the views' position (in a thread of its own, so folding never
        holds up the catching up), so the next read folds little or nothing. The first
        fold of a date is left to the first read of it: on a large ledger it takes
        seconds of CPU that the catching up should not share."""
        warmer: threading.Thread | None = None
        while not self._stop.is_set():
            self._catch_up_quietly()
            idle = warmer is None or not warmer.is_alive()
            if idle and self.board_cache.has(self.app.today()):
                warmer = threading.Thread(
                    target=self._warm_board, name="ledger-views-board", daemon=True
                )
                warmer.start()
            self._stop.wait(interval)

    def _warm_board(self) -> None:
        try:
            with self.db.transaction(commit=False) as c:
                position = self.db.tracked(c, "events")
                self.board_cache.folds(self.db, c, position, self.app.today())
        except Exception:  # only a cache; the next read folds what it needs
            log.debug("could not warm the board cache", exc_info=True)

    def _catch_up_quietly(self) -> None:
        try:
            self.catch_up()
            self.last_error = None
        except Exception as e:  # the store may be briefly unavailable; try again
            if self.last_error is None:
                log.exception("the views could not catch up; retrying")
            self.last_error = e

    # ------------------------------------------------------------------ queries

    def rows(self, name: str, on: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.view(name, on, **filters)["rows"]
        return rows

    def view(self, name: str, on: date | None = None, **filters: Any) -> dict[str, Any]:
        """``{position, digest, rows}`` of one view, on the business date ``on``."""
        position, rows = self._read(name, on or self.app.today(), filters)
        return {"position": position, "digest": digest_of(rows), "rows": rows}

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
        on = on or self.app.today()
        board_filters = {k: v for k, v in filters.items() if k in BOARD_FILTERS and v is not None}
        with self.db.transaction(commit=False) as c:
            position = self.db.tracked(c, "events")
            folds = self.board_cache.folds(self.db, c, position, on)
        after = cursor or 0
        page: list[dict[str, Any]] = []
        next_cursor: int | None = None
        last_sequence = after
        for fold in folds:  # in issuing order: stop as soon as the page is full
            if fold.sequence <= after:
                continue
            row = fold.row(on)
            if board_filters and not matches(row, **board_filters):
                continue
            if len(page) == limit:
                next_cursor = last_sequence
                break
            page.append(row)
            last_sequence = fold.sequence
        return {"position": position, "rows": page, "next_cursor": next_cursor}

    def digests(self, on: date | None = None) -> dict[str, str]:
        on = on or self.app.today()
        return {
            name: self.activity_digest() if name == "activity" else self.view(name, on)["digest"]
            for name in VIEW_NAMES
        }

    def activity_digest(self, page_size: int = 10_000) -> str:
        """The digest of the whole activity feed, read a page at a time."""
        with self.db.transaction(commit=False) as c:
            position = self.db.tracked(c, "events")

        def pages() -> Iterator[list[dict[str, Any]]]:
            after = 0
            while True:
                with self.db.transaction(commit=False) as c:
                    page = read_activity(self.db, c, position, after, page_size)
                if not page:
                    return
                yield page
                after = page[-1]["position"]

        return digest_of_pages(pages())

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
            if name not in STORES_OF_VIEW:
                raise UnknownView(name)
            wanted += [s for s in STORES_OF_VIEW[name] if s not in wanted]
        return [self.stores[s] for s in wanted]

    def _read(
        self, name: str, on: date, filters: dict[str, Any]
    ) -> tuple[int, list[dict[str, Any]]]:
        if name not in STORES_OF_VIEW:
            raise UnknownView(name)
        if name == "activity":
            with self.db.transaction(commit=False) as c:
                position = self.db.tracked(c, "events")
                after = int(filters.get("after") or 0)
                limit = filters.get("limit")
                return position, read_activity(self.db, c, position, after, limit)
        if name == "meetings":
            with self.db.transaction(commit=False) as c:
                position = min(self.db.tracked_many(c, ["meetings", "events"]).values())
                meetings = read_meetings(self.db, c, position, on, filters.get("meeting_id"))
                board = board_rows(self.board_cache.folds(self.db, c, position, on), on)
            return position, meeting_rows(meetings, board)
        position, board = self._read_board(on, filters)
        if name == "overdue":
            return position, overdue_rows(board)
        if name == "units":
            return position, unit_rows(board)
        return position, board

    def _read_board(self, on: date, filters: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        board_filters = {k: v for k, v in filters.items() if k in BOARD_FILTERS and v is not None}
        with self.db.transaction(commit=False) as c:
            position = self.db.tracked(c, "events")
            folds = self.board_cache.folds(self.db, c, position, on)
        rows = []
        for fold in folds:
            row = fold.row(on)
            if board_filters and not matches(row, **board_filters):
                continue
            rows.append(row)
        return position, rows
