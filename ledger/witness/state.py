"""The witness's memory: every checkpoint it cosigned, per log origin, in its own SQLite
file. The latest size per origin is the largest cosigned one.

Checking a request's ``old`` against the latest size and recording the new checkpoint
are one write transaction (``BEGIN IMMEDIATE``, ``synchronous=FULL``): two concurrent
requests cannot both pass the check (the spec's rollback race), and a cosignature is
only answered after the checkpoint it vouches for is on disk.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ledger.integrity.note import CheckpointBody
from ledger.integrity.tree import verify_consistency

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cosigned ("
    " origin TEXT NOT NULL, size INTEGER NOT NULL, root_hash BLOB NOT NULL,"
    " checkpoint TEXT NOT NULL, recorded_at INTEGER NOT NULL,"
    " PRIMARY KEY (origin, size))",
    # A signed checkpoint that failed its proof or contradicts a cosigned root: kept, as
    # the spec allows, because it may be proof that the log misbehaved.
    "CREATE TABLE IF NOT EXISTS refused ("
    " id INTEGER PRIMARY KEY, origin TEXT NOT NULL, old INTEGER NOT NULL,"
    " size INTEGER NOT NULL, reason TEXT NOT NULL, checkpoint TEXT NOT NULL,"
    " recorded_at INTEGER NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS cosigned_no_update BEFORE UPDATE ON cosigned"
    " BEGIN SELECT RAISE(ABORT, 'the witness state is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS cosigned_no_delete BEFORE DELETE ON cosigned"
    " BEGIN SELECT RAISE(ABORT, 'the witness state is append-only'); END",
)


@dataclass(frozen=True)
class Advanced:
    """The checkpoint is recorded: the witness may cosign it."""


@dataclass(frozen=True)
class OldMismatch:
    """``old`` is not the latest cosigned size (409, with that size)."""

    latest: int


@dataclass(frozen=True)
class RootMismatch:
    """The same size with another root than the one cosigned (409)."""

    size: int


@dataclass(frozen=True)
class ProofFailed:
    """The consistency proof from the latest cosigned checkpoint does not verify (422)."""


Outcome = Advanced | OldMismatch | RootMismatch | ProofFailed


class WitnessState:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            for statement in SCHEMA:
                db.execute(statement)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        return db

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = self._open()
        try:
            yield db
        finally:
            db.close()

    @staticmethod
    def _latest(db: sqlite3.Connection, origin: str) -> tuple[int, bytes] | None:
        row = db.execute(
            "SELECT size, root_hash FROM cosigned WHERE origin = ? ORDER BY size DESC LIMIT 1",
            (origin,),
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def latest(self, origin: str) -> tuple[int, bytes] | None:
        """The size and root of the latest cosigned checkpoint of ``origin``."""
        with self._connect() as db:
            return self._latest(db, origin)

    def advance(
        self, old: int, proof: tuple[bytes, ...], checkpoint: CheckpointBody, note: str
    ) -> Outcome:
        """Check ``old`` and the proof against the latest cosigned checkpoint and record
        ``checkpoint``, all in one write transaction."""
        now = int(time.time())
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                outcome = self._check(db, old, proof, checkpoint)
                if isinstance(outcome, Advanced):
                    db.execute(
                        "INSERT OR IGNORE INTO cosigned VALUES (?, ?, ?, ?, ?)",
                        (checkpoint.origin, checkpoint.size, checkpoint.root_hash, note, now),
                    )
                elif not isinstance(outcome, OldMismatch):
                    db.execute(
                        "INSERT INTO refused (origin, old, size, reason, checkpoint, recorded_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            checkpoint.origin,
                            old,
                            checkpoint.size,
                            type(outcome).__name__,
                            note,
                            now,
                        ),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return outcome

    def _check(
        self,
        db: sqlite3.Connection,
        old: int,
        proof: tuple[bytes, ...],
        checkpoint: CheckpointBody,
    ) -> Outcome:
        latest = self._latest(db, checkpoint.origin)
        latest_size, latest_root = latest if latest is not None else (0, b"")
        if old != latest_size:
            return OldMismatch(latest_size)
        if old == checkpoint.size:
            if latest is not None and latest_root != checkpoint.root_hash:
                return RootMismatch(old)
            return ProofFailed() if proof else Advanced()  # equal sizes: an empty proof
        if old == 0:  # the first checkpoint seen of this log: nothing to be consistent with
            return Advanced()
        if not verify_consistency(old, checkpoint.size, latest_root, checkpoint.root_hash, proof):
            return ProofFailed()
        return Advanced()

    def refused(self, origin: str) -> list[tuple[int, int, str]]:
        """The refused checkpoints of ``origin`` (old, size, reason), oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT old, size, reason FROM refused WHERE origin = ? ORDER BY id", (origin,)
            ).fetchall()
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]
