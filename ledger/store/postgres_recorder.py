"""The PostgreSQL application recorder: eventsourcing's, writing in the same transaction
as each stored event its Merkle leaf, the complete subtrees it completes and the
idempotency key of its request.

The ``bigserial`` leaves gaps when a transaction rolls back (a conflicting save), so
positions are assigned here, under the table lock that already serialises inserts, as
``max + 1``: dense and stable, leaf index = position - 1 (RFC 9162). Triggers refuse
UPDATE, DELETE and TRUNCATE on the append-only tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Composed, Identifier, Literal

from ledger.integrity.tree import Frontier, NodeKey
from ledger.store.tables import (
    CHECKPOINT_FIELDS,
    CHECKPOINTS_TABLE,
    IDEMPOTENCY_TABLE,
    LEAVES_TABLE,
    NODES_TABLE,
    IdempotencyRecord,
    LeafRow,
    idempotency_row,
    leaf_rows_of,
)
from ledger.store.tree_cache import TreeCache, frontier_from, grow


class LedgerPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self._tree_cache = TreeCache()
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
                rows = leaf_rows_of(ids, stored_events)
                curs.executemany(
                    SQL(
                        "INSERT INTO {} (position, aggregate_id, version, leaf_hash) "
                        "VALUES (%s, %s, %s, %s)"
                    ).format(self.leaves_table),
                    rows,
                )
                frontier = self._tree_cache.get(size)
                if frontier is None:
                    frontier = frontier_from(size, self._read_nodes(curs, Frontier.keys(size)))
                nodes = grow(frontier, rows)
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
                        idempotency_row(record, ids, stored_events),
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
