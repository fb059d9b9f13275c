"""The application floor: the ledger's application service and the services that read its
store and append to it (audit, checkpoints, export, verify of a live store)."""

from ledger.application.core import MAX_CONFLICT_RETRIES, LedgerApplication, WriteResult
from ledger.application.principals import new_token, token_sha256
from ledger.application.reads import project_events, topic_of
from ledger.application.write_cache import WRITE_CACHE_SIZE

__all__ = [
    "MAX_CONFLICT_RETRIES",
    "WRITE_CACHE_SIZE",
    "LedgerApplication",
    "WriteResult",
    "new_token",
    "project_events",
    "token_sha256",
    "topic_of",
]
