"""Bulk reads of the log for audit: stored events in log order, each beside the leaf stored
at its position, through the application's recorder or a worker's own connection."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg.rows import dict_row
from psycopg.sql import SQL, Composed, Identifier

from ledger.integrity.entry import LogRow
from ledger.store.recorders import LedgerRecorder
from ledger.store.sqlite_recorder import LedgerSQLiteRecorder
from ledger.store.tables import LEAVES_TABLE, dashed


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
                dashed(e[1]),
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
        return [StoredEvent(dashed(r[0]), r[1], r[2], bytes(r[3])) for r in c.fetchall()]
