"""The ledger's own tables beside eventsourcing's events table, and the rows written to
them in the same transaction as each stored event.

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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from eventsourcing.persistence import StoredEvent

from ledger.integrity.entry import leaf_hash_of_row

LEAVES_TABLE = "ledger_leaves"
NODES_TABLE = "ledger_nodes"
CHECKPOINTS_TABLE = "ledger_checkpoints"
IDEMPOTENCY_TABLE = "ledger_idempotency"
CHECKPOINT_FIELDS = ("size", "origin", "root_hash", "issued_at", "key_id", "signature")


@dataclass(frozen=True)
class IdempotencyRecord:
    """A request's idempotency key, scoped to its principal, and what it appended."""

    principal_id: str
    key: str
    fingerprint: str
    aggregate_id: str


class Append(NamedTuple):
    """One caller's events, and the idempotency key of its request if it has one."""

    stored_events: Sequence[StoredEvent]
    idempotency: IdempotencyRecord | None


@dataclass(frozen=True)
class LeafRow:
    position: int
    aggregate_id: str
    version: int
    leaf_hash: bytes


def leaf_rows_of(ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for position, s in zip(ids, stored_events, strict=True):
        aggregate_id = str(s.originator_id)
        version = s.originator_version
        leaf = leaf_hash_of_row(position, aggregate_id, version, s.topic, s.state)
        rows.append((position, aggregate_id, version, leaf))
    return rows


def idempotency_row(
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


def checkpoint_dict(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(CHECKPOINT_FIELDS, row, strict=True))


def dashed(originator_id: str) -> str:
    """SQLite stores UUIDs as 32 hex digits; entries name them in the dashed form."""
    i = originator_id
    if len(i) == 32:
        return f"{i[:8]}-{i[8:12]}-{i[12:16]}-{i[16:20]}-{i[20:]}"
    return i
