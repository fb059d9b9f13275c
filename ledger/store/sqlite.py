"""eventsourcing's SQLite persistence with a statement cache, one writer connection and
write transactions that take the lock first."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any

from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
    SQLiteTransaction,
)
from eventsourcing.utils import Environment, EnvType


class StatementCachingPool(SQLiteConnectionPool):
    """eventsourcing's SQLite pool, with a real prepared-statement cache.

    Its connections are opened with ``cached_statements=True``, a cache of ONE statement,
    so each write prepared BEGIN and both INSERTs again (about 20 us of a 350 us append).
    Everything else is as eventsourcing does it: WAL for a file, rows as ``sqlite3.Row``.
    """

    STATEMENT_CACHE_SIZE = 128

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # eventsourcing issues BEGIN itself
                cached_statements=self.STATEMENT_CACHE_SIZE,
                timeout=self.lock_timeout or 5,
            )
        except (sqlite3.Error, TypeError) as e:
            from eventsourcing.persistence import InterfaceError

            raise InterfaceError(e) from e
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class WriteTransaction(SQLiteTransaction):
    """eventsourcing's SQLite transaction, begun with ``BEGIN IMMEDIATE``: the write lock
    is taken first, waiting up to the busy timeout for another process's writer.

    A plain (deferred) ``BEGIN`` takes the lock at the first write; if the transaction
    has read before (``CREATE TABLE IF NOT EXISTS``, a tracking record, a tree node),
    SQLite cannot wait for a lock upgrade and fails at once with "database is locked"
    whenever another process (an API, ``project --follow``, ``checkpoint``) is writing.
    """

    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:  # still locked after the busy timeout
            cursor.sqlite_cursor.close()
            raise OperationalError(e) from e
        return cursor


class LedgerSQLiteDatastore(SQLiteDatastore):
    """eventsourcing's SQLite datastore, with the statement-caching pool for reads and one
    connection of its own for writes.

    SQLite has one writer at a time anyway; eventsourcing's pool serialises writers with
    its own locks, semaphores and conditions, which cost more than the INSERTs themselves.
    Here a plain lock does: the same transactions (BEGIN ... COMMIT, errors mapped by
    eventsourcing's SQLiteTransaction), the same durability, less Python per write.
    """

    def __init__(self, db_name: str, *, lock_timeout: int | None, **kwargs: Any) -> None:
        super().__init__(db_name, lock_timeout=lock_timeout, **kwargs)
        self.pool.close()  # no connection was opened yet
        self.pool = StatementCachingPool(db_name=db_name, lock_timeout=lock_timeout)
        self._writer: SQLiteConnection | None = None
        self._writer_lock = threading.Lock()

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        if not commit or self.pool.is_sqlite_memory_mode:
            with super().transaction(commit=commit) as cursor:
                yield cursor
            return
        with self.write_transaction() as cursor:
            yield cursor

    def write_transaction(self) -> AbstractContextManager[SQLiteCursor]:
        """A write transaction on the writer connection (the append path's, without a
        generator in between)."""
        if self.pool.is_sqlite_memory_mode:
            return self.transaction(commit=True)
        return _WriterTransaction(self)

    def _writer_connection(self) -> SQLiteConnection:
        # Called holding the writer lock.
        if self._writer is None or self._writer.closed:
            self._writer = self.pool._create_connection()
        return self._writer

    def close(self) -> None:
        with self._writer_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        super().close()


class _WriterTransaction:
    """The writer lock, then what ``SQLiteConnection.transaction`` does (BEGIN IMMEDIATE;
    COMMIT, or ROLLBACK on an error, mapped to eventsourcing's errors), then the lock
    released."""

    __slots__ = ("_cursor", "_datastore", "_transaction")

    def __init__(self, datastore: LedgerSQLiteDatastore) -> None:
        self._datastore = datastore

    def __enter__(self) -> SQLiteCursor:
        lock = self._datastore._writer_lock
        lock.acquire()
        try:
            self._transaction = WriteTransaction(self._datastore._writer_connection(), commit=True)
            self._cursor = self._transaction.__enter__()
        except BaseException:
            lock.release()
            raise
        return self._cursor

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        try:
            self._cursor.sqlite_cursor.close()
            self._transaction.__exit__(exc_type, exc_val, exc_tb)
        finally:
            self._datastore._writer_lock.release()


class LedgerSQLiteFactory(SQLiteFactory):
    """eventsourcing's SQLite factory, with the ledger's datastore."""

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        old = self.datastore  # no connection is opened before the recorders are made
        self.datastore = LedgerSQLiteDatastore(
            old.pool.db_name,
            lock_timeout=old.pool.lock_timeout,
            single_row_tracking=old.single_row_tracking,
            originator_id_type=old.originator_id_type,
        )
        old.close()
