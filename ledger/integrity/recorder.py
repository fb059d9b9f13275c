"""Application recorders that write, in the same transaction as each stored event, its
Merkle leaf, the complete subtrees it completes, and (when given) the idempotency key of
the request that caused it.

So the log and its tree never disagree, a proof at any size reads O(log n) stored
subtree hashes (never the whole log), and a retried request never appends twice.

Positions are dense and stable, so that leaf index = position - 1 (RFC 9162):
- SQLite: the events table declares its rowid (``rowid INTEGER PRIMARY KEY
  AUTOINCREMENT``), so VACUUM never renumbers it and a deleted newest id is never reused.
- PostgreSQL: the ``bigserial`` leaves gaps when a transaction rolls back (a conflicting
  save), so positions are assigned here, under the table lock that already serialises
  inserts, as ``max + 1``.

The database refuses UPDATE and DELETE (and TRUNCATE) on the events, leaves, subtree and
checkpoint tables by triggers; ``verify`` still catches an owner who drops them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg.rows import dict_row
from psycopg.sql import SQL, Composed, Identifier, Literal

from ledger.integrity.entry import leaf_hash_of_row
from ledger.integrity.tree import Frontier, NodeKey
from ledger.store.group_commit import GroupCommit
from ledger.store.sqlite import LedgerSQLiteDatastore

LEAVES_TABLE = "ledger_leaves"
NODES_TABLE = "ledger_nodes"
CHECKPOINTS_TABLE = "ledger_checkpoints"
IDEMPOTENCY_TABLE = "ledger_idempotency"
CHECKPOINT_FIELDS = ("size", "origin", "root_hash", "issued_at", "key_id", "signature")


class TreeStoreError(RuntimeError):
    """The stored tree lacks subtree hashes it should have (a damaged or foreign store)."""


@dataclass(frozen=True)
class IdempotencyRecord:
    """A request's idempotency key, scoped to its principal, and what it appended."""

    principal_id: str
    key: str
    fingerprint: str
    aggregate_id: str


class _Append(NamedTuple):
    """One caller's events, and the idempotency key of its request if it has one."""

    stored_events: Sequence[StoredEvent]
    idempotency: IdempotencyRecord | None


@dataclass(frozen=True)
class LeafRow:
    position: int
    aggregate_id: str
    version: int
    leaf_hash: bytes


def _leaf_rows(ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for position, s in zip(ids, stored_events, strict=True):
        aggregate_id = str(s.originator_id)
        version = s.originator_version
        leaf = leaf_hash_of_row(position, aggregate_id, version, s.topic, s.state)
        rows.append((position, aggregate_id, version, leaf))
    return rows


def _idempotency_row(
    record: IdempotencyRecord, ids: Sequence[int], stored_events: Sequence[StoredEvent]
) -> tuple[Any, ...]:
    last, last_position = stored_events[-1], ids[-1]
    for position, s in zip(ids, stored_events, strict=True):
        if str(s.originator_id) == record.aggregate_id:
            last, last_position = s, position
    return (
        record.principal_id,
        record.key,
        record.fingerprint,
        record.aggregate_id,
        last.originator_version,
        last_position,
    )


class _TreeCache:
    """The frontier after the last committed append of this process, keyed by its size.

    A transaction uses it only when the tree it extends has exactly that size: the
    subtrees of a committed size never change, so a cache from another writer's era is
    simply not used. It is updated only after a commit.
    """

    def __init__(self) -> None:
        self._frontier: Frontier | None = None
        self._lock = threading.Lock()

    def get(self, size: int) -> Frontier | None:
        f = self._frontier  # a frontier, once cached, is never changed: no lock to read
        return f.copy() if f is not None and f.size == size else None

    def put(self, frontier: Frontier) -> None:
        with self._lock:
            if self._frontier is None or frontier.size >= self._frontier.size:
                self._frontier = frontier


def _grow(frontier: Frontier, leaf_rows: Sequence[tuple[Any, ...]]) -> list[tuple[int, int, bytes]]:
    nodes: list[tuple[int, int, bytes]] = []
    for row in leaf_rows:
        nodes.extend(frontier.append(row[3]))
    return nodes


def _frontier_from(size: int, found: dict[NodeKey, bytes]) -> Frontier:
    keys = Frontier.keys(size)
    missing = [k for k in keys if k not in found]
    if missing:
        raise TreeStoreError(f"the stored tree of size {size} lacks subtrees {missing}")
    return Frontier(size, [found[k] for k in keys])


def _checkpoint_dict(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(CHECKPOINT_FIELDS, row, strict=True))


# ------------------------------------------------------------------------------ SQLite


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
        self._tree_cache = _TreeCache()
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
            _Append(stored_events, record if isinstance(record, IdempotencyRecord) else None)
        )

    def _append_together(self, appends: Sequence[_Append]) -> list[list[int]]:
        if len(appends) == 1:
            stored_events = appends[0].stored_events
        else:
            stored_events = [s for append in appends for s in append.stored_events]
        with self._write_transaction() as c:
            ids = self._insert_events(c, stored_events)
            assert ids is not None
            if not stored_events:
                return [[] for _ in appends]
            rows = _leaf_rows(ids, stored_events)
            c.executemany(self.insert_leaves_statement, rows)
            size = ids[0] - 1
            frontier = self._tree_cache.get(size)
            if frontier is None:
                frontier = _frontier_from(size, self._read_nodes(c, Frontier.keys(size)))
            nodes = _grow(frontier, rows)
            if nodes:
                c.executemany(self.insert_nodes_statement, nodes)
            answers: list[list[int]] = []
            start = 0
            for append in appends:
                own = list(ids[start : start + len(append.stored_events)])
                if append.idempotency is not None:
                    c.execute(
                        f"INSERT INTO {IDEMPOTENCY_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                        _idempotency_row(append.idempotency, own, append.stored_events),
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
            return _checkpoint_dict(tuple(c.fetchone()))

    def checkpoints(self) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {','.join(CHECKPOINT_FIELDS)} FROM {CHECKPOINTS_TABLE} ORDER BY size"
            )
            return [_checkpoint_dict(tuple(r)) for r in c.fetchall()]

    def latest_checkpoint(self) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {','.join(CHECKPOINT_FIELDS)} FROM {CHECKPOINTS_TABLE} "
                "ORDER BY size DESC LIMIT 1"
            )
            row = c.fetchone()
            return None if row is None else _checkpoint_dict(tuple(row))

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


# -------------------------------------------------------------------------- PostgreSQL


class LedgerPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self._tree_cache = _TreeCache()
        schema = Identifier(self.datastore.schema)

        def table(name: str) -> Composed:
            return SQL("{}.{}").format(schema, Identifier(name))

        self.events_table = table(self.events_table_name)
        self.leaves_table = table(LEAVES_TABLE)
        self.nodes_table = table(NODES_TABLE)
        self.checkpoints_table = table(CHECKPOINTS_TABLE)
        self.idempotency_table = table(IDEMPOTENCY_TABLE)
        self.sql_create_statements.extend(
            [
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "position bigint PRIMARY KEY, "
                    "aggregate_id text NOT NULL, "
                    "version bigint NOT NULL, "
                    "leaf_hash bytea NOT NULL)"
                ).format(self.leaves_table),
                SQL("CREATE INDEX IF NOT EXISTS {} ON {} (aggregate_id, version)").format(
                    Identifier(f"{LEAVES_TABLE}_aggregate"), self.leaves_table
                ),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "level integer NOT NULL, "
                    "idx bigint NOT NULL, "
                    "hash bytea NOT NULL, "
                    "PRIMARY KEY (level, idx))"
                ).format(self.nodes_table),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "size bigint PRIMARY KEY, "
                    "origin text NOT NULL, "
                    "root_hash text NOT NULL, "
                    "issued_at text NOT NULL, "
                    "key_id text NOT NULL, "
                    "signature text NOT NULL)"
                ).format(self.checkpoints_table),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "principal_id text NOT NULL, "
                    "key text NOT NULL, "
                    "fingerprint text NOT NULL, "
                    "aggregate_id text NOT NULL, "
                    "version bigint NOT NULL, "
                    "position bigint NOT NULL, "
                    "PRIMARY KEY (principal_id, key))"
                ).format(self.idempotency_table),
                SQL(
                    "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS "
                    "$BODY$ BEGIN RAISE EXCEPTION 'the % table is append-only', "
                    "TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $BODY$"
                ).format(table("ledger_append_only")),
            ]
        )
        # Created only when missing: CREATE TRIGGER locks its table against writers, and
        # API processes start while others write.
        for name in (self.events_table_name, LEAVES_TABLE, NODES_TABLE, CHECKPOINTS_TABLE):
            for trigger, when, each in (
                ("ledger_append_only", "UPDATE OR DELETE", "ROW"),
                ("ledger_no_truncate", "TRUNCATE", "STATEMENT"),
            ):
                create = SQL(
                    "CREATE TRIGGER {} BEFORE " + when + " ON {} FOR EACH " + each + " "
                    "EXECUTE FUNCTION {}()"
                ).format(Identifier(trigger), table(name), table("ledger_append_only"))
                self.sql_create_statements.append(
                    SQL(
                        "DO $TRIGGER$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger "
                        "WHERE tgname = {} AND tgrelid = {}::regclass) THEN {}; END IF; "
                        "END $TRIGGER$"
                    ).format(
                        Literal(trigger),
                        Literal(f"{self.datastore.schema}.{name}"),
                        create,
                    )
                )

    def _create_table(self, curs: Any) -> None:
        # One process at a time: concurrent CREATE OR REPLACE FUNCTION fails with
        # "tuple concurrently updated" (many API processes start together).
        curs.execute("SELECT pg_advisory_xact_lock(727001)")
        super()._create_table(curs)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        try:
            with self.datastore.transaction(commit=True) as curs:
                self._lock_table(curs)
                self._notify_channel(curs)
                curs.execute(
                    SQL("SELECT COALESCE(MAX(notification_id), 0) AS size FROM {}").format(
                        self.events_table
                    )
                )
                row = curs.fetchone()
                assert row is not None
                size = int(row["size"])
                ids = list(range(size + 1, size + 1 + len(stored_events)))
                curs.executemany(
                    SQL(
                        "INSERT INTO {} (originator_id, originator_version, topic, state, "
                        "notification_id) VALUES (%s, %s, %s, %s, %s)"
                    ).format(self.events_table),
                    [
                        (s.originator_id, s.originator_version, s.topic, s.state, i)
                        for s, i in zip(stored_events, ids, strict=True)
                    ],
                )
                rows = _leaf_rows(ids, stored_events)
                curs.executemany(
                    SQL(
                        "INSERT INTO {} (position, aggregate_id, version, leaf_hash) "
                        "VALUES (%s, %s, %s, %s)"
                    ).format(self.leaves_table),
                    rows,
                )
                frontier = self._tree_cache.get(size)
                if frontier is None:
                    frontier = _frontier_from(size, self._read_nodes(curs, Frontier.keys(size)))
                nodes = _grow(frontier, rows)
                if nodes:
                    curs.executemany(
                        SQL("INSERT INTO {} (level, idx, hash) VALUES (%s, %s, %s)").format(
                            self.nodes_table
                        ),
                        nodes,
                    )
                record = kwargs.get("idempotency")
                if isinstance(record, IdempotencyRecord):
                    curs.execute(
                        SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s)").format(
                            self.idempotency_table
                        ),
                        _idempotency_row(record, ids, stored_events),
                    )
        except psycopg.IntegrityError as e:
            raise IntegrityError(e) from e
        self._tree_cache.put(frontier)
        return ids

    # -------------------------------------------------------------------- tree reads

    def _read_nodes(self, curs: Any, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        found: dict[NodeKey, bytes] = {}
        leaves = [index + 1 for level, index in keys if level == 0]
        if leaves:
            curs.execute(
                SQL("SELECT position, leaf_hash FROM {} WHERE position = ANY(%s)").format(
                    self.leaves_table
                ),
                (leaves,),
            )
            for r in curs.fetchall():
                found[(0, r["position"] - 1)] = bytes(r["leaf_hash"])
        inner = [k for k in keys if k[0] > 0]
        if inner:
            curs.execute(
                SQL(
                    "SELECT n.level, n.idx, n.hash FROM {} n "
                    "JOIN unnest(%s::integer[], %s::bigint[]) AS k(level, idx) "
                    "ON n.level = k.level AND n.idx = k.idx"
                ).format(self.nodes_table),
                ([k[0] for k in inner], [k[1] for k in inner]),
            )
            for r in curs.fetchall():
                found[(r["level"], r["idx"])] = bytes(r["hash"])
        return found

    def read_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        with self.datastore.transaction(commit=False) as curs:
            return self._read_nodes(curs, keys)

    def tree_size(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT MAX(position) AS m FROM {}").format(self.leaves_table))
            row = curs.fetchone()
            return int(row["m"] or 0) if row else 0

    def leaf_rows(self, after: int, limit: int) -> list[LeafRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT position, aggregate_id, version, leaf_hash FROM {} "
                    "WHERE position > %s ORDER BY position LIMIT %s"
                ).format(self.leaves_table),
                (after, limit),
            )
            return [
                LeafRow(r["position"], r["aggregate_id"], r["version"], bytes(r["leaf_hash"]))
                for r in curs.fetchall()
            ]

    def leaves_of(self, aggregate_id: str) -> dict[int, tuple[int, bytes]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT version, position, leaf_hash FROM {} WHERE aggregate_id = %s").format(
                    self.leaves_table
                ),
                (aggregate_id,),
            )
            return {
                row["version"]: (row["position"], bytes(row["leaf_hash"]))
                for row in curs.fetchall()
            }

    # ------------------------------------------------------------------- checkpoints

    def insert_checkpoint(self, checkpoint: dict[str, Any]) -> dict[str, Any]:
        columns = SQL(",").join(Identifier(f) for f in CHECKPOINT_FIELDS)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (size) DO NOTHING"
                ).format(self.checkpoints_table, columns),
                [checkpoint[f] for f in CHECKPOINT_FIELDS],
            )
            curs.execute(
                SQL("SELECT {} FROM {} WHERE size = %s").format(columns, self.checkpoints_table),
                (checkpoint["size"],),
            )
            row = curs.fetchone()
            assert row is not None
            return {f: row[f] for f in CHECKPOINT_FIELDS}

    def checkpoints(self) -> list[dict[str, Any]]:
        columns = SQL(",").join(Identifier(f) for f in CHECKPOINT_FIELDS)
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL("SELECT {} FROM {} ORDER BY size").format(columns, self.checkpoints_table)
            )
            return [{f: r[f] for f in CHECKPOINT_FIELDS} for r in curs.fetchall()]

    def latest_checkpoint(self) -> dict[str, Any] | None:
        found = self.checkpoints()
        return found[-1] if found else None

    # ------------------------------------------------------------------- idempotency

    def find_idempotency(self, principal_id: str, key: str) -> tuple[Any, ...] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT fingerprint, aggregate_id, version, position FROM {} "
                    "WHERE principal_id = %s AND key = %s"
                ).format(self.idempotency_table),
                (principal_id, key),
            )
            row = curs.fetchone()
            if row is None:
                return None
            return (row["fingerprint"], row["aggregate_id"], row["version"], row["position"])


RECORDER_TOPICS = {
    "eventsourcing.sqlite": "ledger.integrity.recorder:LedgerSQLiteRecorder",
    "eventsourcing.postgres": "ledger.integrity.recorder:LedgerPostgresRecorder",
}


LedgerRecorder = LedgerSQLiteRecorder | LedgerPostgresRecorder


# ------------------------------------------------------------------ bulk reads for audit

LogRow = tuple[int, str, int, str, bytes, "str | None", "int | None", "bytes | None"]
"""(position, aggregate id, version, topic, state, leaf's aggregate id, leaf's version,
leaf hash): one stored event beside the leaf stored at its position (None if none)."""


def log_rows(recorder: LedgerRecorder, after: int, limit: int) -> list[LogRow]:
    """Stored events after ``after`` in log order, each beside the leaf stored at its
    position."""
    if isinstance(recorder, LedgerSQLiteRecorder):
        with recorder.datastore.transaction(commit=False) as c:
            # Plain tuples: sqlite3.Row objects cost a microsecond a row here.
            c.sqlite_cursor.row_factory = None
            return _sqlite_rows(c, recorder.events_table_name, after, limit)
    with recorder.datastore.transaction(commit=False) as curs:
        return _pg_rows(curs, recorder.events_table, recorder.leaves_table, after, limit)


def _sqlite_rows(c: Any, events_table: str, after: int, limit: int) -> list[LogRow]:
    # Two range scans rather than a join: both read sequentially.
    c.execute(
        "SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {events_table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
        (after, limit),
    )
    events = c.fetchall()
    if not events:
        return []
    c.execute(
        f"SELECT position, aggregate_id, version, leaf_hash FROM {LEAVES_TABLE} "
        "WHERE position > ? AND position <= ? ORDER BY position",
        (after, events[-1][0]),
    )
    leaves = {r[0]: r for r in c.fetchall()}
    none = (None, None, None, None)
    rows: list[LogRow] = []
    for e in events:
        leaf = leaves.get(e[0], none)
        rows.append(
            (
                e[0],
                _dashed(e[1]),
                e[2],
                e[3],
                bytes(e[4]),
                leaf[1],
                leaf[2],
                None if leaf[3] is None else bytes(leaf[3]),
            )
        )
    return rows


def _pg_rows(curs: Any, events: Composed, leaves: Composed, after: int, limit: int) -> list[LogRow]:
    curs.execute(
        SQL(
            "SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, "
            "e.state, l.aggregate_id, l.version, l.leaf_hash FROM {} e "
            "LEFT JOIN {} l ON l.position = e.notification_id "
            "WHERE e.notification_id > %s ORDER BY e.notification_id LIMIT %s"
        ).format(events, leaves),
        (after, limit),
    )
    return [
        (
            r["notification_id"],
            str(r["originator_id"]),
            r["originator_version"],
            r["topic"],
            bytes(r["state"]),
            r["aggregate_id"],
            r["version"],
            None if r["leaf_hash"] is None else bytes(r["leaf_hash"]),
        )
        for r in curs.fetchall()
    ]


def read_source(recorder: LedgerRecorder, database: Any) -> dict[str, Any]:
    """How another process opens this store read-only (for parallel verification)."""
    if isinstance(recorder, LedgerSQLiteRecorder):
        return {
            "engine": "sqlite",
            "path": str(database.sqlite_path),
            "events": recorder.events_table_name,
            # The store's own busy timeout: a reader may have to wait too (WAL recovery).
            "lock_timeout": recorder.datastore.pool.lock_timeout or 5,
        }
    return {
        "engine": "postgres",
        "conninfo": {
            "dbname": database.dbname,
            "host": database.host,
            "port": database.port,
            "user": database.user,
            "password": database.password,
        },
        "schema": recorder.datastore.schema,
        "events": recorder.events_table_name,
    }


_connections: dict[str, Any] = {}


def source_rows(source: dict[str, Any], after: int, limit: int) -> list[LogRow]:
    """``log_rows`` over a connection of this process's own (a worker's)."""
    key = repr(sorted(source.items()))
    if source["engine"] == "sqlite":
        conn = _connections.get(key)
        if conn is None:
            conn = sqlite3.connect(
                f"file:{source['path']}?mode=ro", uri=True, timeout=source["lock_timeout"]
            )
            _connections[key] = conn
        return _sqlite_rows(conn.cursor(), source["events"], after, limit)
    conn = _connections.get(key)
    if conn is None:
        conn = psycopg.connect(**source["conninfo"], autocommit=True, row_factory=dict_row)
        _connections[key] = conn
    schema = Identifier(source["schema"])
    events = SQL("{}.{}").format(schema, Identifier(source["events"]))
    leaves = SQL("{}.{}").format(schema, Identifier(LEAVES_TABLE))
    with conn.cursor() as curs:
        return _pg_rows(curs, events, leaves, after, limit)


def _dashed(originator_id: str) -> str:
    """SQLite stores UUIDs as 32 hex digits; entries name them in the dashed form."""
    i = originator_id
    if len(i) == 32:
        return f"{i[:8]}-{i[8:12]}-{i[12:16]}-{i[16:20]}-{i[20:]}"
    return i


def count_rows(recorder: LedgerRecorder) -> tuple[int, int]:
    """(number of stored events, number of stored leaves)."""
    if isinstance(recorder, LedgerSQLiteRecorder):
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) FROM {recorder.events_table_name}")
            events = int(c.fetchone()[0])
            c.execute(f"SELECT COUNT(*) FROM {LEAVES_TABLE}")
            return events, int(c.fetchone()[0])
    with recorder.datastore.transaction(commit=False) as curs:
        curs.execute(SQL("SELECT COUNT(*) AS n FROM {}").format(recorder.events_table))
        events_row = curs.fetchone()
        curs.execute(SQL("SELECT COUNT(*) AS n FROM {}").format(recorder.leaves_table))
        leaves_row = curs.fetchone()
        assert events_row is not None
        assert leaves_row is not None
        return int(events_row["n"]), int(leaves_row["n"])


def stored_snapshots(snapshot_recorder: Any) -> list[StoredEvent]:
    """Every stored snapshot (the application's snapshot store, SQLite or PostgreSQL)."""
    table = snapshot_recorder.events_table_name
    if hasattr(snapshot_recorder.datastore, "schema"):
        with snapshot_recorder.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {}.{} "
                    "ORDER BY originator_id, originator_version"
                ).format(Identifier(snapshot_recorder.datastore.schema), Identifier(table))
            )
            return [
                StoredEvent(
                    r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"])
                )
                for r in curs.fetchall()
            ]
    with snapshot_recorder.datastore.transaction(commit=False) as c:
        c.execute(
            f"SELECT originator_id, originator_version, topic, state FROM {table} "
            "ORDER BY originator_id, originator_version"
        )
        return [StoredEvent(_dashed(r[0]), r[1], r[2], bytes(r[3])) for r in c.fetchall()]
