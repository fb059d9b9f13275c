"""The audit service behind ``/v1/audit``: the log page by page, the public key,
checkpoints, inclusion and consistency proofs, and a directive's "verified" badge.

Proofs read O(log n) stored subtree hashes (``ledger_nodes``), never the whole log.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from ledger.application.checkpointer import Checkpointer
from ledger.domain import errors
from ledger.domain.signing_key import SigningKey as SigningKeyAggregate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity import tree
from ledger.integrity.checkpoints import sign_checkpoint, signature_problem
from ledger.integrity.entry import canonical_bytes, entry_for, leaf_hash
from ledger.integrity.keys import ALGORITHM, PublicKey, SigningKey, load_or_create_signing_key

if TYPE_CHECKING:  # the application is the floor above; only its type is named here
    from ledger.application.core import LedgerApplication

MAX_PAGE = 1000
SIGNING_KEY_TOPIC = "ledger.domain.signing_key:SigningKey.SigningKeyRegistered"


class AuditService:
    def __init__(self, app: LedgerApplication) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._signing_key: SigningKey | None = None
        self._keys: dict[str, PublicKey] = {}  # key_id -> key, registered in the ledger
        self._latest_key: PublicKey | None = None
        self._keys_scanned_to = 0

    @property
    def recorder(self) -> Any:
        return self.app.ledger_recorder

    # ---------------------------------------------------------------------- keys

    def registered_keys(self) -> dict[str, PublicKey]:
        """Every public key recorded in the ledger (scanned incrementally)."""
        with self._lock:
            while True:
                batch = self.app.recorder.select_notifications(
                    self._keys_scanned_to,
                    1000,
                    topics=[SIGNING_KEY_TOPIC],
                    inclusive_of_start=False,
                )
                if not batch:
                    break
                for n in batch:
                    event: Any = self.app.mapper.to_domain_event(n)
                    key = PublicKey.from_base64(event.public_key)
                    self._keys[key.key_id] = key
                    self._latest_key = key
                self._keys_scanned_to = batch[-1].id
            return dict(self._keys)

    def signing_key(self) -> SigningKey:
        """The private key beside the store (created on first use), its public key
        recorded in the ledger."""
        if self._signing_key is None:
            key, _created = load_or_create_signing_key(self.app.settings.key_file)
            if key.public.key_id not in self.registered_keys():
                aggregate = SigningKeyAggregate.register(
                    ctx=self.app.context(SYSTEM_ACTOR, source={"document": "signing key file"}),
                    algorithm=ALGORITHM,
                    public_key=key.public.base64,
                    key_id=key.public.key_id,
                )
                try:
                    self.app.save(aggregate)
                except IntegrityError:  # another process registered it first
                    if key.public.key_id not in self.registered_keys():
                        raise
            self._signing_key = key
        return self._signing_key

    def public_key(self) -> dict[str, str]:
        self.registered_keys()
        if self._latest_key is None:
            self.signing_key()
            self.registered_keys()
        assert self._latest_key is not None
        return self._latest_key.as_dict()

    # --------------------------------------------------------------- checkpoints

    def create_checkpoint(self) -> dict[str, Any]:
        key = self.signing_key()
        size = self.recorder.tree_size()
        checkpoint = sign_checkpoint(
            key,
            origin=self.app.settings.origin,
            size=size,
            root_hash=tree.root(size, self.recorder.read_nodes),
        )
        stored: dict[str, Any] = self.recorder.insert_checkpoint({**checkpoint, "size": size})
        return stored

    def latest_checkpoint(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.recorder.latest_checkpoint()
        return found

    def checkpoints(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.recorder.checkpoints()
        return found

    def checkpointer(self) -> Checkpointer:
        """A worker issuing checkpoints every N events / T seconds (settings)."""
        settings = self.app.settings

        def latest_size() -> int:
            latest = self.latest_checkpoint()
            return 0 if latest is None else int(latest["size"])

        return Checkpointer(
            create=self.create_checkpoint,
            tree_size=self.recorder.tree_size,
            latest_size=latest_size,
            every_events=settings.checkpoint_every,
            every_seconds=settings.checkpoint_seconds,
        )

    # -------------------------------------------------------------------- proofs

    def _size(self, value: int, field: str, *, at_least: int = 1) -> int:
        current = int(self.recorder.tree_size())
        if not at_least <= value <= current:
            raise errors.InvalidValue(
                field,
                f"must be between {at_least} and the log's size {current}, got {value}",
                rule="out_of_range",
            )
        return value

    def inclusion_proof(self, position: int, size: int | None = None) -> dict[str, Any]:
        current = int(self.recorder.tree_size())
        size = current if size is None else size
        self._size(position, "position")
        if not position <= size <= current:
            raise errors.InvalidValue(
                "size",
                f"must be between the position {position} and the log's size {current}",
                rule="out_of_range",
            )
        read = self.recorder.read_nodes
        leaf = read([(0, position - 1)])[(0, position - 1)]
        return {
            "leaf_index": position - 1,
            "size": size,
            "leaf_hash": leaf.hex(),
            "audit_path": [h.hex() for h in tree.inclusion_path(position - 1, size, read)],
            "root_hash": tree.root(size, read).hex(),
        }

    def consistency_proof(self, first: int, second: int) -> dict[str, Any]:
        self._size(first, "from")
        self._size(second, "to", at_least=first)
        read = self.recorder.read_nodes
        return {
            "from": first,
            "to": second,
            "proof": [h.hex() for h in tree.consistency_proof(first, second, read)],
            "from_root": tree.root(first, read).hex(),
            "to_root": tree.root(second, read).hex(),
        }

    # ------------------------------------------------------------------ the log

    def log_page(self, after: int = 0, limit: int = 100) -> dict[str, Any]:
        if after < 0:
            raise errors.InvalidValue("after", "must be 0 or more", rule="out_of_range")
        if not 1 <= limit <= MAX_PAGE:
            raise errors.InvalidValue(
                "limit", f"must be between 1 and {MAX_PAGE}", rule="out_of_range"
            )
        if after >= self.app.max_position():  # also keeps huge numbers away from SQL
            return {"entries": [], "next": None}
        notifications = self.app.recorder.select_notifications(
            after, limit, inclusive_of_start=False
        )
        leaves = {r.position: r.leaf_hash for r in self.recorder.leaf_rows(after, limit)}
        entries = []
        for n in notifications:
            entry = entry_for(n.id, n.originator_id, n.originator_version, n.topic, n.state)
            stored = leaves.get(n.id)
            entries.append(
                {
                    "position": n.id,
                    "aggregate_id": entry["aggregate_id"],
                    "version": n.originator_version,
                    "type": entry["type"],
                    "recorded_at": entry["recorded_at"],
                    "entry": entry,
                    "leaf_hash": None if stored is None else stored.hex(),
                }
            )
        more = len(notifications) == limit and notifications[-1].id < self.app.max_position()
        return {"entries": entries, "next": notifications[-1].id if more else None}

    # ------------------------------------------------------------------ the badge

    def aggregate_badge(self, aggregate_id: UUID | str) -> dict[str, Any]:
        """Whether every event of one directive is proved included in the latest signed
        checkpoint, recomputing each leaf from the stored event."""
        stored = self.app.recorder.select_events(UUID(str(aggregate_id)))
        if not stored:
            raise errors.NotFound(f"no directive or meeting {aggregate_id}")
        checkpoint = self.latest_checkpoint()
        positions = self.recorder.leaves_of(str(aggregate_id))
        events: list[dict[str, Any]] = []
        signature_ok = False
        if checkpoint is not None:
            key = self.registered_keys().get(str(checkpoint["key_id"]))
            signature_ok = key is not None and signature_problem(checkpoint, key) is None
        read = self.recorder.read_nodes
        for s in stored:
            position = positions.get(s.originator_version, (None, b""))[0]
            result: dict[str, Any] = {
                "version": s.originator_version,
                "position": position,
                "included": None,
            }
            if position is not None and checkpoint is not None and position <= checkpoint["size"]:
                size = int(checkpoint["size"])
                leaf = leaf_hash(
                    canonical_bytes(
                        entry_for(position, s.originator_id, s.originator_version, s.topic, s.state)
                    )
                )
                path = tree.inclusion_path(position - 1, size, read)
                result["included"] = tree.verify_inclusion(
                    position - 1, size, leaf, path, bytes.fromhex(str(checkpoint["root_hash"]))
                )
            events.append(result)
        return {
            "aggregate_id": str(aggregate_id),
            "checkpoint": None
            if checkpoint is None
            else {k: checkpoint[k] for k in ("origin", "size", "root_hash", "issued_at", "key_id")},
            "signature_valid": signature_ok,
            "events": events,
            "verified": signature_ok and all(e["included"] is True for e in events),
            "pending": sum(1 for e in events if e["included"] is None),
        }
