"""The runner: follows the notification log in batches and applies each batch to every
store that is behind, writing the stores' rows and tracking records in one transaction.

Exactly once: the runner takes a lock row first, re-reads each store's tracked position
inside the transaction and applies only the events beyond it; the tracking record
(eventsourcing's, single row per store) refuses a position that is not beyond the
stored one, so even a racing runner cannot apply an event twice, and a crash rolls the
whole batch back.
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper

from projections.bulk import BULK_MINIMUM, bulk_catch_up, can_bulk
from projections.database import ViewDatabase
from projections.events import Decoder, ViewEvent
from projections.store import Store

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 2000
# A rebuild has the log to itself: bigger batches, fewer commits.
REBUILD_BATCH_SIZE = 10_000
# Test hook: seconds to sleep inside each batch's transaction, so a crash test can kill
# the runner while a batch is open.
BATCH_SLEEP_ENV = "LEDGER_VIEWS_BATCH_SLEEP"
BATCH_SIZE_ENV = "LEDGER_VIEWS_BATCH_SIZE"
# Test hook: a file where the runner writes "<start> <end>" when a batch is open.
BATCH_MARKER_ENV = "LEDGER_VIEWS_BATCH_MARKER"
Progress = Callable[[int, int], None]  # (position reached, head of the log)


@contextmanager
def no_cycle_collection(active: bool) -> Iterator[None]:
    """A long catch-up (a rebuild) makes millions of short-lived dicts, none in a cycle:
    reference counting frees them, and the cycle collector, triggered by the allocations
    alone, took a third of a rebuild's time. It is paused meanwhile, then restored."""
    was_enabled = gc.isenabled()
    if active:
        gc.disable()
    try:
        yield
    finally:
        if active and was_enabled:
            gc.enable()


class Runner:
    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any] | None,
        db: ViewDatabase,
        stores: Sequence[Store],
        batch_size: int | None = None,
    ) -> None:
        self.recorder = recorder
        self.decoder = Decoder(mapper)
        self.db = db
        self.stores = list(stores)
        self.batch_size = batch_size or int(os.environ.get(BATCH_SIZE_ENV) or DEFAULT_BATCH_SIZE)
        self.batch_sleep = float(os.environ.get(BATCH_SLEEP_ENV) or 0)
        self.batch_marker = os.environ.get(BATCH_MARKER_ENV)
        # The last position to apply (None: the whole log): a replica compared with
        # views that stand at a given position of a log still being appended to.
        self.last: int | None = None
        # Stores at position 0 catch up in one transaction (``projections.bulk``), when
        # the log has at least ``bulk_minimum`` events.
        self.bulk = can_bulk(recorder, db)
        self.bulk_minimum = BULK_MINIMUM

    def positions(self, stores: Sequence[Store] | None = None) -> dict[str, int]:
        with self.db.transaction(commit=False) as c:
            return self.db.tracked_many(c, [s.name for s in stores or self.stores])

    def head(self) -> int:
        head = self.recorder.max_notification_id() or 0
        return head if self.last is None else min(head, self.last)

    def catch_up(
        self,
        stores: Sequence[Store] | None = None,
        progress: Progress | None = None,
        batch_size: int | None = None,
        bulk: bool = True,
    ) -> int:
        """Apply every event recorded so far; returns the position the stores reached.
        ``bulk``: stores at position 0 may catch up in one transaction, which on SQLite
        keeps appends waiting meanwhile (``projections.bulk``); a follower beside the API
        passes False."""
        stores = self.with_sources(stores or self.stores)
        size = batch_size or self.batch_size
        head = self.head()
        positions = self.positions(stores)
        long_run = head - min(positions.values()) > 2 * size
        with no_cycle_collection(long_run):
            if self._in_one_transaction(bulk, head) and 0 in positions.values():
                bulk_catch_up(self.recorder, self.decoder, self.db, stores, head, progress)
            while True:
                reached = self.run_batch(stores, size)
                if progress is not None:
                    progress(reached, max(head, reached))
                if reached >= head:
                    # Events appended meanwhile are left for the next call: a follower
                    # never starves, and a one-off catch-up ends.
                    return reached

    def with_sources(self, stores: Sequence[Store]) -> list[Store]:
        """``stores`` and the sources they copy from, sources first (the order of
        ``self.stores``): a store waits for its source, which must then move on too."""
        names = {s.name for s in stores}
        for store in self.stores:
            if store.name in names and store.source is not None:
                names.add(store.source)
        return [s for s in self.stores if s.name in names]

    def run_batch(self, stores: Sequence[Store], batch_size: int) -> int:
        """Apply one batch; returns the lowest position the stores have reached."""
        for _attempt in range(20):
            try:
                return self._run_batch(stores, batch_size)
            except (IntegrityError, psycopg.errors.IntegrityError):
                # Another runner applied (part of) this batch first: nothing of ours
                # was written. Read the tracking again and go on from there.
                log.info("tracking conflict; retrying the batch", exc_info=True)
        raise RuntimeError("the views could not record a batch after 20 attempts")

    def _run_batch(self, stores: Sequence[Store], batch_size: int) -> int:
        start = min(self.positions(stores).values())
        notifications = self.recorder.select_notifications(
            start, batch_size, stop=self.last, inclusive_of_start=False
        )
        if not notifications:
            return start
        return self._apply(stores, start, self.decoder.decode_all(notifications))

    def _apply(self, stores: Sequence[Store], start: int, events: list[ViewEvent]) -> int:
        """One transaction: the rows of the events beyond each store's tracked position,
        and the stores' new tracking records. ``events`` follow position ``start``.

        A store with a source goes no further than its source has reached (the source
        comes first in ``stores`` and is read again after its own batch)."""
        end = events[-1].position
        reached = end
        with self.db.transaction(commit=True) as c:
            self.db.lock(c)
            for store in stores:
                tracked = self.db.tracked(c, store.name)
                limit = end
                if store.source is not None:
                    limit = min(end, self.db.tracked(c, store.source))
                if tracked < start or tracked >= limit:
                    # Reset by a rebuild meanwhile (it starts again on the next batch), or
                    # already there, or waiting for its source.
                    reached = min(reached, tracked)
                    continue
                todo = [e for e in events if tracked < e.position <= limit]
                store.apply(self.db, c, todo, tracked, limit)
                self.db.track(c, store.name, limit)
                reached = min(reached, limit)
            if self.batch_sleep:
                self._mark_open_batch(start, end)
                time.sleep(self.batch_sleep)
        return reached

    def _mark_open_batch(self, start: int, end: int) -> None:
        if self.batch_marker:
            with open(self.batch_marker, "w", encoding="utf-8") as marker:
                marker.write(f"{start} {end}\n")

    def rebuild(
        self,
        stores: Sequence[Store],
        progress: Progress | None = None,
        batch_size: int | None = None,
        bulk: bool = True,
    ) -> int:
        """Empty the stores and replay the log into them. With ``bulk``, a long log is
        replayed in the same transaction as the emptying (``projections.bulk``); without,
        in batches, each its own transaction (appends go on between them)."""
        head = self.head()
        if self._in_one_transaction(bulk, head):
            with no_cycle_collection(True):
                sources = self.with_sources(stores)
                bulk_catch_up(
                    self.recorder, self.decoder, self.db, sources, head, progress, reset=stores
                )
        else:
            self.reset(stores)
        return self.catch_up(stores, progress=progress, batch_size=batch_size, bulk=bulk)

    def _in_one_transaction(self, asked: bool, head: int) -> bool:
        """Whether a replay from 0 to ``head`` goes through ``projections.bulk``."""
        return asked and self.bulk and head >= self.bulk_minimum

    def reset(self, stores: Sequence[Store]) -> None:
        """Drop the stores' rows and tracking (one transaction): they start again from 0."""
        with self.db.transaction(commit=True) as c:
            self.db.lock(c)
            for store in stores:
                for table in store.tables():
                    c.execute(f"DELETE FROM {self.db.table(table)}")
                self.db.untrack(c, store.name)
