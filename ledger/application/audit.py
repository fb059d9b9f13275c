"""The audit service behind ``/v1/audit``: the log page by page, the public key,
checkpoints, inclusion and consistency proofs, and a directive's "verified" badge.

Proofs read O(log n) stored subtree hashes (``ledger_nodes``), never the whole log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.application.checkpointer import Checkpointer
from ledger.application.signing import SigningService
from ledger.domain import errors
from ledger.integrity import tree
from ledger.integrity.checkpoint_note import (
    checkpoint_problem,
    note_text_of,
    sign_checkpoint_note,
)
from ledger.integrity.entry import canonical_bytes, entry_for, leaf_hash
from ledger.integrity.keychain import log_vkey
from ledger.integrity.keys import PublicKey
from ledger.integrity.note import add_signature_lines
from ledger.integrity.tlog_proof import ProofBundle
from ledger.store.log_reader import log_rows

if TYPE_CHECKING:  # the application is the floor above; only its type is named here
    from ledger.application.core import LedgerApplication
    from ledger.application.witnessing import Witnessing

MAX_PAGE = 1000


class AuditService:
    def __init__(self, app: LedgerApplication) -> None:
        self.app = app
        self.signing = SigningService(app)
        # The process that signs also submits to witnesses (set by the checkpoint worker).
        self.witnessing: Witnessing | None = None

    @property
    def recorder(self) -> Any:
        return self.app.ledger_recorder

    # ---------------------------------------------------------------------- keys

    def registered_keys(self) -> dict[str, PublicKey]:
        """Every public key the log names (registered or rotated to), by key id."""
        found: dict[str, PublicKey] = {}
        for _position, _topic, data in self.signing.key_events():
            key = PublicKey.from_base64(str(data["public_key"]))
            found[key.key_id] = key
        return found

    def public_key(self) -> dict[str, Any]:
        """The key in force, its vkey, and the chain from the ledger's first key. Reads
        only: with no key registered it is a 404 (``keys init`` makes one)."""
        chain = self.signing.chain()
        if chain is None:
            raise errors.NotFound(
                "no signing key is registered yet (`directive-ledger keys init` makes one)"
            )
        origin = self.app.settings.origin
        current = chain.current.public
        return {
            **current.as_dict(),
            "vkey": str(log_vkey(origin, current)),
            "keys": [k.as_dict(origin) for k in chain.keys],
        }

    # --------------------------------------------------------------- checkpoints

    def create_checkpoint(self) -> dict[str, Any]:
        """Sign the log as it is now with the key in force (a C2SP checkpoint note)."""
        size = self.recorder.tree_size()  # first: a rotation appended later is after it
        key = self.signing.signer_for(size)
        if key is None:
            raise errors.NotTheSigner(
                "this process holds no private key of the key in force: it never signs"
            )
        checkpoint = sign_checkpoint_note(
            key.private,
            origin=self.app.settings.origin,
            size=size,
            root_hash=tree.root(size, self.recorder.read_nodes),
        )
        stored = self.recorder.insert_checkpoint({**checkpoint, "size": size})
        if self.witnessing is not None:
            self.witnessing.notify()  # submitted in the background: never waited for
        return self.with_note(stored)

    def with_note(self, checkpoint: dict[str, Any]) -> dict[str, Any]:
        """``checkpoint`` with ``note``: the exact signed note served for it, with every
        witness cosignature stored for its size (None for an older JSON checkpoint)."""
        text = note_text_of(checkpoint)
        if text is not None:
            text = self.cosigned(text, int(checkpoint["size"]))
        return {**checkpoint, "note": text}

    def cosigned(self, note_text: str, size: int) -> str:
        """The note with the witness cosignatures stored for ``size`` (section 3), when
        this store keeps them."""
        lines = getattr(self.recorder, "cosignatures", None)
        found = [] if lines is None else lines(size)
        return add_signature_lines(note_text, found) if found else note_text

    def witnessed(self, checkpoint: dict[str, Any]) -> bool:
        """Whether any witness cosignature is stored for the checkpoint's size (the
        witness policy's quorum is checked by ``verify --witness-policy``)."""
        lines = getattr(self.recorder, "cosignatures", None)
        return bool(lines(int(checkpoint["size"]))) if lines is not None else False

    def latest_checkpoint(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.recorder.latest_checkpoint()
        return None if found is None else self.with_note(found)

    def checkpoints(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.recorder.checkpoints()
        return found

    def checkpointer(self) -> Checkpointer:
        """A worker issuing checkpoints every N events / T seconds (settings)."""
        settings = self.app.settings

        def latest_size() -> int:
            latest = self.latest_checkpoint()
            return 0 if latest is None else int(latest["size"])

        def create() -> dict[str, Any] | None:
            try:
                return self.create_checkpoint()
            except errors.NotTheSigner:  # said once in the log at start; others sign
                return None

        return Checkpointer(
            create=create,
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

    def proof_bundle(self, position: int) -> str:
        """A c2sp.org/tlog-proof@v1 bundle: the event at ``position`` (its exact hashed
        entry bytes as extra data) included in the latest checkpoint note, cosigned."""
        self._size(position, "position")
        checkpoint = self.latest_checkpoint()
        if checkpoint is None or checkpoint["note"] is None:
            raise errors.NotFound("no checkpoint note has been signed yet")
        size = int(checkpoint["size"])
        if position > size:
            raise errors.NotYetCheckpointed(
                f"position {position} is after the latest checkpoint (size {size}); "
                "it is proved once the next checkpoint is signed"
            )
        (row,) = log_rows(self.recorder, position - 1, 1)
        entry = canonical_bytes(entry_for(row[0], row[1], row[2], row[3], row[4]))
        path = tree.inclusion_path(position - 1, size, self.recorder.read_nodes)
        return str(ProofBundle(position - 1, tuple(path), str(checkpoint["note"]), entry))

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
        signature_ok, checked_against, witnessed = False, None, False
        chain = self.signing.chain()  # trusting only keys reached from the first one
        if checkpoint is not None and chain is not None:
            signature_ok = checkpoint_problem(checkpoint, chain) is None
            in_force = chain.key_at(int(checkpoint["size"])).public
            checked_against = (
                log_vkey(str(checkpoint["origin"]), in_force).key_id_hex
                if checkpoint.get("note")
                else in_force.key_id
            )
            witnessed = self.witnessed(checkpoint)
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
            "checked_against": checked_against,
            "witnessed": witnessed,
            "events": events,
            "verified": signature_ok and all(e["included"] is True for e in events),
            "pending": sum(1 for e in events if e["included"] is None),
        }
