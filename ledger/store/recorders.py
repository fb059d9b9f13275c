"""The ledger's application recorders, by eventsourcing persistence module.

The topics are set in the application's environment (``APPLICATION_RECORDER_TOPIC``),
never stored with an event: moving a recorder only changes them here.
"""

from __future__ import annotations

from ledger.store.postgres_recorder import LedgerPostgresRecorder
from ledger.store.sqlite_recorder import LedgerSQLiteRecorder

RECORDER_TOPICS = {
    "eventsourcing.sqlite": "ledger.store.sqlite_recorder:LedgerSQLiteRecorder",
    "eventsourcing.postgres": "ledger.store.postgres_recorder:LedgerPostgresRecorder",
}

LedgerRecorder = LedgerSQLiteRecorder | LedgerPostgresRecorder
