"""The ledger's chain of signing keys: from the first key, each rotation recorded in the
log names the next key and carries the old key's Ed25519 signature over a rotation
statement. Walking the chain says which key was in force at each log position; a
checkpoint of size N must be signed by the key in force at position N.

The statement signed by the old key (domain-separated from checkpoint notes: its first
line holds spaces, which no origin does)::

    directive-ledger key rotation/v1
    <index: 1 for the first rotation>
    old <vkey of the key in force>
    new <vkey of the next key>

Pure: the caller reads the key events from the log (or an export) and passes them in.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity.keys import PublicKey
from ledger.integrity.note import NoteError, Vkey

REGISTERED_TOPIC = "ledger.domain.signing_key:SigningKey.SigningKeyRegistered"
ROTATED_TOPIC = "ledger.domain.signing_key:SigningKey.SigningKeyRotated"
KEY_TOPICS = (REGISTERED_TOPIC, ROTATED_TOPIC)
ROTATION_HEADER = "directive-ledger key rotation/v1"


def rotation_statement(index: int, old_vkey: str, new_vkey: str) -> bytes:
    return f"{ROTATION_HEADER}\n{index}\nold {old_vkey}\nnew {new_vkey}\n".encode()


def log_vkey(origin: str, public: PublicKey) -> Vkey:
    """The log's verifier key: its name is the origin (tlog-checkpoint)."""
    return Vkey.ed25519(origin, public.raw)


def sign_rotation(
    old: Ed25519PrivateKey, *, origin: str, index: int, new: PublicKey
) -> dict[str, Any]:
    """The fields of a ``SigningKeyRotated`` event from the key in force to ``new``."""
    old_public = PublicKey(old.public_key().public_bytes_raw())
    old_vkey, new_vkey = str(log_vkey(origin, old_public)), str(log_vkey(origin, new))
    signature = old.sign(rotation_statement(index, old_vkey, new_vkey))
    return {
        "public_key": new.base64,
        "key_id": new.key_id,
        "vkey": new_vkey,
        "old_vkey": old_vkey,
        "index": index,
        "signature": base64.b64encode(signature).decode("ascii"),
    }


@dataclass(frozen=True)
class KeyInForce:
    public: PublicKey
    from_position: int  # the first log position (tree size) it signs for; 0 for the first
    vkey: str = ""  # as recorded (the origin at the time is its name); "" for an anchor

    def as_dict(self, origin: str) -> dict[str, Any]:
        return {
            "key_id": self.public.key_id,
            "vkey": self.vkey or str(log_vkey(origin, self.public)),
            "public_key": self.public.base64,
            "from_position": self.from_position,
        }


@dataclass
class Chain:
    keys: list[KeyInForce]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (position, why)

    def key_at(self, size: int) -> KeyInForce:
        """The key in force for a checkpoint of ``size``: after every rotation recorded
        at a position up to ``size``."""
        found = self.keys[0]
        for key in self.keys[1:]:
            if key.from_position <= size:
                found = key
        return found

    @property
    def current(self) -> KeyInForce:
        return self.keys[-1]

    def reaches(self, public: PublicKey) -> bool:
        return any(k.public == public for k in self.keys)


def _rotation_problem(data: dict[str, Any], in_force: PublicKey, index: int) -> str | None:
    try:
        old_vkey = Vkey.parse(str(data["old_vkey"]))
        new_vkey = Vkey.parse(str(data["vkey"]))
        signature = base64.b64decode(str(data["signature"]), validate=True)
        recorded_index = int(data["index"])
    except (KeyError, ValueError, TypeError, NoteError, binascii.Error) as e:
        return f"a malformed key rotation ({e})"
    if old_vkey.public_key != in_force.raw:
        return (
            f"the rotation replaces key {PublicKey(old_vkey.public_key).key_id}, "
            f"not the key in force {in_force.key_id}"
        )
    if recorded_index != index:
        return f"rotation number {recorded_index} where number {index} was due"
    if str(data.get("public_key")) != PublicKey(new_vkey.public_key).base64:
        return "the rotation's public key differs from its vkey"
    statement = rotation_statement(index, str(data["old_vkey"]), str(data["vkey"]))
    if not in_force.verify(signature, statement):
        return f"the rotation is not signed by the key in force {in_force.key_id}"
    return None


def walk_chain(anchor: PublicKey, key_events: Iterable[tuple[int, str, dict[str, Any]]]) -> Chain:
    """Follow the valid rotations from ``anchor``. ``key_events``: (position, topic, event
    data) of the log's key events in log order; registrations after the first are not
    trusted (they name no predecessor), and a rotation that the key in force did not
    sign is a problem and changes nothing."""
    chain = Chain([KeyInForce(anchor, 0)])
    for position, topic, data in key_events:
        if topic != ROTATED_TOPIC:
            continue
        in_force = chain.current.public
        problem = _rotation_problem(data, in_force, len(chain.keys))
        if problem is not None:
            chain.problems.append((position, problem))
            continue
        new = PublicKey(Vkey.parse(str(data["vkey"])).public_key)
        chain.keys.append(KeyInForce(new, position, str(data["vkey"])))
    return chain


def first_registered(key_events: Iterable[tuple[int, str, dict[str, Any]]]) -> PublicKey | None:
    """The ledger's own trust anchor: the first key it registered."""
    for _position, topic, data in key_events:
        if topic == REGISTERED_TOPIC:
            return PublicKey.from_base64(str(data["public_key"]))
    return None
