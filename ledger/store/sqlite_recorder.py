"""The SQLite application recorder: eventsourcing's, writing in the same transaction as
each stored event its Merkle leaf, the complete subtrees it completes and the idempotency
key of its request; appends of several threads share one transaction (group commit).

The events table declares its rowid (``rowid INTEGER PRIMARY KEY AUTOINCREMENT``), so
VACUUM never renumbers it and a deleted newest id is never reused: leaf index =
position - 1 (RFC 9162). Triggers refuse UPDATE and DELETE on the append-only tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.integrity.tree import Frontier, NodeKey
from ledger.store.group_commit import GroupCommit
from ledger.store.sqlite import LedgerSQLiteDatastore
from ledger.store.tables import (
    CHECKPOINT_FIELDS,
    CHECKPOINTS_TABLE,
    IDEMPOTENCY_TABLE,
    LEAVES_TABLE,
    NODES_TABLE,
    Append,
    IdempotencyRecord,
    LeafRow,
    checkpoint_dict,
    idempotency_row,
    leaf_rows_of,
)
from ledger.store.tree_cache import TreeCache, frontier_from, grow


class LedgerSQLiteRecorder(SQLiteApplicationRecorder):
    PROTECTED_TABLES = ("stored_events", LEAVES_TABLE, NODES_TABLE, CHECKPOINTS_TABLE)

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.insert_events_statement = (
            f"INSERT INTO {self.events_table_name} "
            "(originator_id, originator_version, topic, state) VALUES (?,?,?,?)"
        )
        self.insert_leaves_statement = (
            f"INSERT INTO {LEAVES_TABLE} (position, aggregate_id, version, leaf_hash) "
            "VALUES (?, ?, ?, ?)"
        )
        self.insert_nodes_statement = (
            f"INSERT INTO {NODES_TABLE} (level, idx, hash) VALUES (?, ?, ?)"
        )
        self._tree_cache = TreeCache()
        self._group_commit = GroupCommit(self._append_together)
        self._write_transaction: Callable[[], AbstractContextManager[SQLiteCursor]] = (
            datastore.write_transaction
            if isinstance(datastore, LedgerSQLiteDatastore)
            else partial(datastore.transaction, commit=True)
        )

    def construct_create_table_statements(self) -> list[str]:
        t = self.events_table_name
        statements = [
            # A declared rowid: stable under VACUUM, never reused (AUTOINCREMENT).
            f"CREATE TABLE IF NOT EXISTS {t} ("
            "rowid INTEGER PRIMARY KEY AUTOINCREMENT, "
            "originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, "
            "topic TEXT, "
            "state BLOB, "
            "UNIQUE (originator_id, originator_version))",
            f"CREATE TABLE IF NOT EXISTS {LEAVES_TABLE} ("
            "position INTEGER PRIMARY KEY, "
            "aggregate_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, "
            "leaf_hash BLOB NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {LEAVES_TABLE}_aggregate "
            f"ON {LEAVES_TABLE} (aggregate_id, version)",
            f"CREATE TABLE IF NOT EXISTS {NODES_TABLE} ("
            "level INTEGER NOT NULL, "
            "idx INTEGER NOT NULL, "
            "hash BLOB NOT NULL, "
            "PRIMARY KEY (level, idx)) WITHOUT ROWID",
            f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS_TABLE} ("
            "size INTEGER PRIMARY KEY, "
            "origin TEXT NOT NULL, "
            "root_hash TEXT NOT NULL, "
            "issued_at TEXT NOT NULL, "
            "key_id TEXT NOT NULL, "
            "signature TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {IDEMPOTENCY_TABLE} ("
            "principal_id TEXT NOT NULL, "
            "key TEXT NOT NULL, "
            "fingerprint TEXT NOT NULL, "
            "aggregate_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, "
            "position INTEGER NOT NULL, "
            "PRIMARY KEY (principal_id, key))",
        ]
        for table in (t, LEAVES_TABLE, NODES_TABLE, CHECKPOINTS_TABLE):
            for action in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} "
                    f"BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        return statements

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """eventsourcing's INSERTs, then the leaves, the subtrees they complete and the
        idempotency key, in one write transaction shared with the appends of other
        threads that arrive meanwhile (``group_commit``)."""
        record = kwargs.get("idempotency")
        return self._group_commit.submit(
            Append(stored_events, record if isinstance(record, IdempotencyRecord) else None)
        )

    def _append_together(self, appends: Sequence[Append]) -> list[list[int]]:
        if len(appends) == 1:
            stored_events = appends[0].stored_events
        else:
            stored_events = [s for append in appends for s in append.stored_events]
        with self._write_transaction() as c:
            ids = self._insert_events(c, stored_events)
            assert ids is not None
            if not stored_events:
                return [[] for _ in appends]
            rows = leaf_rows_of(ids, stored_events)
            c.executemany(self.insert_leaves_statement, rows)
            size = ids[0] - 1
            frontier = self._tree_cache.get(size)
            if frontier is None:
                frontier = frontier_from(size, self._read_nodes(c, Frontier.keys(size)))
            nodes = grow(frontier, rows)
            if nodes:
                c.executemany(self.insert_nodes_statement, nodes)
            answers: list[list[int]] = []
            start = 0
            for append in appends:
                own = list(ids[start : start + len(append.stored_events)])
                if append.idempotency is not None:
                    c.execute(
                        f"INSERT INTO {IDEMPOTENCY_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                        idempotency_row(append.idempotency, own, append.stored_events),
                    )
                answers.append(own)
                start += len(append.stored_events)
        self._tree_cache.put(frontier)  # committed: the next append may start from it
        return answers

    # -------------------------------------------------------------------- tree reads

    def _read_nodes(self, c: SQLiteCursor, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        # Point lookups on the primary keys: SQLite plans a row-value IN (VALUES ...)
        # as a scan, and O(log n) indexed lookups cost microseconds each.
        found: dict[NodeKey, bytes] = {}
        for level, index in keys:
            if level == 0:
                c.execute(f"SELECT leaf_hash FROM {LEAVES_TABLE} WHERE position = ?", (index + 1,))
            else:
                c.execute(
                    f"SELECT hash FROM {NODES_TABLE} WHERE level = ? AND idx = ?", (level, index)
                )
            row = c.fetchone()
            if row is not None:
                found[(level, index)] = bytes(row[0])
        return found

    def read_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        """The stored hashes of these complete subtrees (a ``tree.NodeReader``)."""
        with self.datastore.transaction(commit=False) as c:
            return self._read_nodes(c, keys)

    def tree_size(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT MAX(position) FROM {LEAVES_TABLE}")
            return int(c.fetchone()[0] or 0)

    def leaf_rows(self, after: int, limit: int) -> list[LeafRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, aggregate_id, version, leaf_hash FROM {LEAVES_TABLE} "
                "WHERE position > ? ORDER BY position LIMIT ?",
                (after, limit),
            )
            return [LeafRow(r[0], r[1], r[2], bytes(r[3])) for r in c.fetchall()]

    def leaves_of(self, aggregate_id: str) -> dict[int, tuple[int, bytes]]:
        """version -> (position, leaf hash) for one aggregate."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT version, position, leaf_hash FROM {LEAVES_TABLE} WHERE aggregate_id = ?",
                (aggregate_id,),
            )
            return {row[0]: (row[1], bytes(row[2])) for row in c.fetchall()}

    # ------------------------------------------------------------------- checkpoints

    def insert_checkpoint(self, checkpoint: dict[str, Any]) -> dict[str, Any]:
        """Store a signed checkpoint; an earlier one of the same size stands."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT OR IGNORE INTO {CHECKPOINTS_TABLE} ({','.join(CHECKPOINT_FIELDS)}) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [checkpoint[f] for f in CHECKPOINT_FIELDS],
            )
            c.execute(
                f"SELECT {','.join(CHECKPOINT_FIELDS)} FROM {CHECKPOINTS_TABLE} WHERE size = ?",
                (checkpoint["size"],),
            )
            return checkpoint_dict(tuple(c.fetchone()))

    def checkpoints(self) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {','.join(CHECKPOINT_FIELDS)} FROM {CHECKPOINTS_TABLE} ORDER BY size"
            )
            return [checkpoint_dict(tuple(r)) for r in c.fetchall()]

    def latest_checkpoint(self) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {','.join(CHECKPOINT_FIELDS)} FROM {CHECKPOINTS_TABLE} "
                "ORDER BY size DESC LIMIT 1"
            )
            row = c.fetchone()
            return None if row is None else checkpoint_dict(tuple(row))

    # ------------------------------------------------------------------- idempotency

    def find_idempotency(self, principal_id: str, key: str) -> tuple[Any, ...] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT fingerprint, aggregate_id, version, position FROM {IDEMPOTENCY_TABLE} "
                "WHERE principal_id = ? AND key = ?",
                (principal_id, key),
            )
            row = c.fetchone()
            return None if row is None else tuple(row)
