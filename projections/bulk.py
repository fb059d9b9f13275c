"""A catch-up from nothing (a rebuild, a first projection, an auditor's replay) in one
transaction, with writers made for it (``bulk_writer`` of each store).

The batched catch-up loads each touched directive's spans, updates them and commits every
batch: right for following the log, slow for replaying all of it. Here the board keeps
every directive's current spans in memory, writes only the spans that will never change
again, and writes the rest at the end; the stores that copy the board's spans copy them
all at once; the tables' secondary indexes are dropped first and built again at the end
(one sort each rather than millions of inserts all over them). Then the stores are
tracked at the position reached, in the same transaction: a crash leaves the views as
they were.

Meanwhile, on SQLite readers see the old rows and appends wait (the transaction holds
the write lock); on PostgreSQL appends go on and the views' readers wait for the commit
(docs/views.md, "Replaying a whole log"). Hence the callers beside the API never take
this path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from projections.database import ViewDatabase
from projections.events import Decoder
from projections.store import BulkWriter, Store

# Below this many events the batched catch-up is about as quick, and keeps appends going.
BULK_MINIMUM = 20_000
READ_BATCH = 20_000
IDLE_LIMIT = "5min"
Progress = Callable[[int, int], None]


def can_bulk(recorder: ApplicationRecorder, db: ViewDatabase) -> bool:
    """Not in a shared in-memory SQLite database that also holds the log: its pool lets
    no reader in while a writer is out, and this reads the log while it writes."""
    pool = getattr(db.datastore, "pool", None)
    memory = bool(getattr(pool, "is_sqlite_memory_mode", False))
    return not (memory and getattr(recorder, "datastore", None) is db.datastore)


def index_names(db: ViewDatabase, store: Store) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each secondary index of the store's tables."""
    found = []
    for statement in store.create_statements(db):
        words = statement.split()
        if words[:2] == ["CREATE", "INDEX"]:
            found.append((words[5], statement))
    return found


def bulk_catch_up(
    recorder: ApplicationRecorder,
    decoder: Decoder,
    db: ViewDatabase,
    stores: Sequence[Store],
    head: int,
    progress: Progress | None = None,
    reset: Sequence[Store] = (),
) -> None:
    """Bring the stores of ``stores`` that stand at position 0 (and can) to ``head``; a
    store that copies from a source that is not at 0 is brought to its source's
    position. ``stores`` lists each source before the stores that copy from it. The
    stores ``reset`` are emptied first, in the same transaction (a rebuild)."""
    with db.transaction(commit=True) as c:
        if db.engine == "postgres":
            # The store's sessions end a transaction idle for 5 s (eventsourcing's
            # default), and this one is idle while the next batch is read (on another
            # connection) and folded. For this transaction only: still bounded.
            c.execute(f"SET LOCAL idle_in_transaction_session_timeout = '{IDLE_LIMIT}'")
        db.lock(c)
        for store in reset:
            for table in store.tables():
                empty = "TRUNCATE" if db.engine == "postgres" else "DELETE FROM"
                c.execute(f"{empty} {db.table(table)}")
            db.untrack(c, store.name)
        tracked = db.tracked_many(c, [s.name for s in stores])
        ends: dict[str, int] = {}
        for store in stores:
            if tracked[store.name] != 0 or not hasattr(store, "bulk_writer"):
                continue  # beyond 0, or no writer for a whole log: the batched catch-up
            end = head if store.source is None else ends.get(store.source, tracked[store.source])
            if end > 0:
                ends[store.name] = end
        fresh = [s for s in stores if s.name in ends]
        if not fresh:
            return
        indexes = [i for s in fresh for i in index_names(db, s)]
        for name, _ in indexes:
            c.execute(f"DROP INDEX IF EXISTS {db.table(name)}")
        writers: dict[str, BulkWriter] = {}
        for store in fresh:
            writers[store.name] = store.bulk_writer()  # type: ignore[attr-defined]
        _replay(recorder, decoder, db, c, writers, ends, progress)
        for store in fresh:
            writers[store.name].finish(db, c, ends[store.name])
        for _, statement in indexes:
            c.execute(statement)
        for store in fresh:
            db.untrack(c, store.name)
            db.track(c, store.name, ends[store.name])


def _replay(
    recorder: ApplicationRecorder,
    decoder: Decoder,
    db: ViewDatabase,
    cursor: Any,
    writers: dict[str, BulkWriter],
    ends: dict[str, int],
    progress: Progress | None,
) -> None:
    """Every event up to the furthest end, in batches, to each writer up to its end."""
    replaying = {name: w for name, w in writers.items() if w.needs_events}
    last = max((ends[name] for name in replaying), default=0)
    position = 0
    while position < last:
        notifications = recorder.select_notifications(
            position, READ_BATCH, stop=last, inclusive_of_start=False
        )
        if not notifications:
            break
        events = decoder.decode_all(notifications)
        position = events[-1].position
        for name, writer in replaying.items():
            end = ends[name]
            if events[0].position > end:
                continue
            writer.apply(db, cursor, events if position <= end else _upto(events, end))
        if progress is not None:
            progress(position, last)


def _upto(events: Sequence[Any], end: int) -> list[Any]:
    return [e for e in events if e.position <= end]
