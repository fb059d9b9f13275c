"""Export a live store (``ledger.integrity.export``'s format) and replay an export into an
empty store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from uuid import UUID

import orjson

from ledger.integrity.entry import LogRow
from ledger.integrity.export import envelope
from ledger.store.log_reader import count_rows, log_rows

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication


def iter_rows(app: LedgerApplication, batch: int = 5000) -> Iterator[LogRow]:
    after = 0
    while True:
        rows = log_rows(app.ledger_recorder, after, batch)
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def write_export(
    app: LedgerApplication,
    out: IO[bytes],
    *,
    public_keys: list[dict[str, Any]],
    view_digests: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the export; returns the number of events written."""
    # The checkpoints first: the log only grows, so every one of them is within the
    # events written below, even while the store is being appended to.
    checkpoints = app.ledger_recorder.checkpoints()
    total = count_rows(app.ledger_recorder)[0]
    origin = app.settings.origin
    written = 0
    for row in iter_rows(app):
        out.write(orjson.dumps(envelope(row, origin)) + b"\n")
        written += 1
        if progress is not None and written % 5000 == 0:
            progress(written, total)
    for checkpoint in checkpoints:
        out.write(orjson.dumps({"record": "checkpoint", "checkpoint": checkpoint}) + b"\n")
    for key in public_keys:
        out.write(orjson.dumps({"record": "public_key", "public_key": key}) + b"\n")
    if view_digests is not None:
        out.write(orjson.dumps({"record": "view_digests", **view_digests}) + b"\n")
    if progress is not None:
        progress(written, total)
    return written


def export_to(app: LedgerApplication, path: Path, **kwargs: Any) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        return write_export(app, f, **kwargs)


def replay_export(
    app: LedgerApplication,
    events: list[tuple[LogRow, Any]],
    *,
    batch: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Append an export's stored events, byte for byte and in order, to an empty store:
    the store's recorder writes their leaves and subtrees, so the replayed log has the
    same positions, leaves and roots as the exported one."""
    from eventsourcing.persistence import StoredEvent

    if app.max_position() != 0:
        raise ValueError("replay needs an empty store")
    total = len(events)
    done = 0
    for start in range(0, total, batch):
        chunk = events[start : start + batch]
        stored = [StoredEvent(UUID(row[1]), row[2], row[3], row[4]) for row, _entry in chunk]
        ids = app.recorder.insert_events(stored)
        expected = [row[0] for row, _entry in chunk]
        if list(ids or []) != expected:
            raise ValueError(
                f"replayed positions {list(ids or [])[:3]}... differ from {expected[:3]}..."
            )
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return done
