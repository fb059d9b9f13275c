"""The SigningKey aggregate: the public key that signs the ledger's checkpoints.

Recording it in the ledger lets every API process serve it and makes a key change part
of the audited log: the ledger's signing identity is the first key registered, and each
``SigningKeyRotated`` on that aggregate names the next key, signed by the key it
replaces (the integrity layer makes and checks that signature; rotations of one identity
are serialised by the aggregate's version). The key id is computed by the integrity
layer and passed in (the domain does not hash); the aggregate's id is derived from it,
so registering the same key twice is refused by the store and a reader finds a key by
its id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from ledger.domain.values import Context

SIGNING_KEY_NAMESPACE = UUID("0b7f3c1e-2d9a-4f51-8c0e-5a6d2e9b7c31")


def signing_key_id_for(key_id: str) -> UUID:
    return uuid5(SIGNING_KEY_NAMESPACE, key_id)


class SigningKey(Aggregate):
    @staticmethod
    def create_id(key_id: str) -> UUID:
        return signing_key_id_for(key_id)

    @classmethod
    def register(cls, *, ctx: Context, algorithm: str, public_key: str, key_id: str) -> SigningKey:
        return cls(
            algorithm=algorithm,
            public_key=public_key,
            key_id=key_id,
            effective_on=ctx.recorded_on.isoformat(),
            meta=ctx.meta(),
        )

    @event("SigningKeyRegistered")
    def __init__(
        self,
        *,
        algorithm: str,
        public_key: str,
        key_id: str,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        self.algorithm = algorithm
        self.public_key = public_key
        self.key_id = key_id
        self.rotations = 0

    @event("SigningKeyRotated")
    def rotate(
        self,
        *,
        public_key: str,
        key_id: str,
        vkey: str,
        old_vkey: str,
        index: int,
        signature: str,
        effective_on: str,
        meta: dict[str, Any],
    ) -> None:
        """The key in force becomes ``public_key``; ``signature`` is the old key's
        Ed25519 signature over the rotation statement (index, old and new vkeys)."""
        self.public_key = public_key
        self.key_id = key_id
        self.rotations = index

    def as_dict(self) -> dict[str, str]:
        return {"algorithm": self.algorithm, "key_id": self.key_id, "public_key": self.public_key}
