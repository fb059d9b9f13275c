"""The workspace's tables beside the log, on the ledger's own datastore (SQLite or
PostgreSQL), so several API processes share sign-ins, sessions and evidence files.

None of these rows is an event. Credentials, invitations, sessions and failed sign-ins
change (a password is set again, a session ends); the files are content-addressed and
append-only like the integrity tables: triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

CREDENTIALS_TABLE = "ledger_credentials"
INVITES_TABLE = "ledger_invites"
SESSIONS_TABLE = "ledger_sessions"
FAILURES_TABLE = "ledger_signin_failures"
FILES_TABLE = "ledger_files"

# Column types, SQLite's then PostgreSQL's.
_TYPES = {
    "blob": ("BLOB", "bytea"),
    "int": ("INTEGER", "bigint"),
    "real": ("REAL", "double precision"),
}

_SCHEMA = [
    (
        CREDENTIALS_TABLE,
        "principal_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
        "password_hash TEXT NOT NULL, set_at {real} NOT NULL",
    ),
    (
        INVITES_TABLE,
        "token_sha256 TEXT PRIMARY KEY, principal_id TEXT NOT NULL, "
        "expires_at {real} NOT NULL, used_at {real}",
    ),
    (
        SESSIONS_TABLE,
        "token_sha256 TEXT PRIMARY KEY, principal_id TEXT NOT NULL, csrf_token TEXT NOT NULL, "
        "created_at {real} NOT NULL, expires_at {real} NOT NULL, ended_at {real}",
    ),
    (FAILURES_TABLE, "subject TEXT NOT NULL, at {real} NOT NULL"),
    (
        FILES_TABLE,
        "sha256 TEXT PRIMARY KEY, size {int} NOT NULL, media_type TEXT NOT NULL, "
        "content {blob} NOT NULL, stored_at {real} NOT NULL",
    ),
]


class WorkspaceDB:
    """Plain SQL on the recorder's datastore; written with ``?`` placeholders."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        self.postgres = hasattr(datastore, "schema")
        self._schema = f'"{datastore.schema}".' if self.postgres else ""
        self._ready = False
        self._lock = threading.Lock()

    def table(self, name: str) -> str:
        return self._schema + name

    def execute(self, sql: str, params: Sequence[Any] = (), *, commit: bool = True) -> None:
        self._ensure_tables()
        with self.datastore.transaction(commit=commit) as cursor:
            cursor.execute(self._dialect(sql), tuple(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self._ensure_tables()
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._dialect(sql), tuple(params))
            return [dict(row) for row in cursor.fetchall()]

    def _dialect(self, sql: str) -> str:
        sql = sql.format(**{name: self.table(name) for name, _ in _SCHEMA})
        return sql.replace("?", "%s") if self.postgres else sql

    def _ensure_tables(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            types = {k: v[1 if self.postgres else 0] for k, v in _TYPES.items()}
            with self.datastore.transaction(commit=True) as cursor:
                if self.postgres:  # one process at a time creates functions and triggers
                    cursor.execute("SELECT pg_advisory_xact_lock(727016)")
                for name, columns in _SCHEMA:
                    cursor.execute(
                        f"CREATE TABLE IF NOT EXISTS {self.table(name)} ("
                        + columns.format(**types)
                        + ")"
                    )
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {FAILURES_TABLE}_subject "
                    f"ON {self.table(FAILURES_TABLE)} (subject, at)"
                )
                for statement in self._append_only_statements():
                    cursor.execute(statement)
            self._ready = True

    def _append_only_statements(self) -> list[str]:
        files = self.table(FILES_TABLE)
        if not self.postgres:
            return [
                f"CREATE TRIGGER IF NOT EXISTS {FILES_TABLE}_no_{action.lower()} "
                f"BEFORE {action} ON {files} "
                f"BEGIN SELECT RAISE(ABORT, '{FILES_TABLE} is append-only'); END"
                for action in ("UPDATE", "DELETE")
            ]
        function = self.table("ledger_files_append_only")
        statements = [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
            "$BODY$ BEGIN RAISE EXCEPTION 'the % table is append-only', "
            "TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $BODY$"
        ]
        for trigger, when, each in (
            ("ledger_files_append_only", "UPDATE OR DELETE", "ROW"),
            ("ledger_files_no_truncate", "TRUNCATE", "STATEMENT"),
        ):
            statements.append(
                "DO $TRIGGER$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger "
                f"WHERE tgname = '{trigger}' AND tgrelid = '{files}'::regclass) THEN "
                f"CREATE TRIGGER {trigger} BEFORE {when} ON {files} FOR EACH {each} "
                f"EXECUTE FUNCTION {function}(); END IF; END $TRIGGER$"
            )
        return statements
