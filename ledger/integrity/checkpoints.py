"""Signed checkpoints: Ed25519 over the RFC 8785 canonical JSON of
``{origin, size, root_hash, issued_at}`` (DESIGN section 6): the format, its signing and
its check. The worker that issues them lives with the application
(``application/checkpointer.py``)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import rfc8785

from ledger.integrity.keys import PublicKey, SigningKey

SIGNED_FIELDS = ("origin", "size", "root_hash", "issued_at")


def checkpoint_message(checkpoint: dict[str, Any]) -> bytes:
    """The bytes that are signed: canonical JSON of the four signed fields."""
    return bytes(rfc8785.dumps({f: checkpoint[f] for f in SIGNED_FIELDS}))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def sign_checkpoint(
    key: SigningKey, *, origin: str, size: int, root_hash: bytes, issued_at: str | None = None
) -> dict[str, Any]:
    checkpoint: dict[str, Any] = {
        "origin": origin,
        "size": size,
        "root_hash": root_hash.hex(),
        "issued_at": issued_at or utc_now(),
    }
    signature = key.sign(checkpoint_message(checkpoint))
    checkpoint["key_id"] = key.public.key_id
    checkpoint["signature"] = base64.b64encode(signature).decode("ascii")
    return checkpoint


def signature_problem(checkpoint: dict[str, Any], public_key: PublicKey) -> str | None:
    """Why this checkpoint's signature does not verify with ``public_key`` (None if it does)."""
    try:
        message = checkpoint_message(checkpoint)
        signature = base64.b64decode(str(checkpoint["signature"]), validate=True)
    except (KeyError, ValueError, TypeError) as e:
        return f"malformed checkpoint ({e})"
    if checkpoint.get("key_id") != public_key.key_id:
        return f"signed by key {checkpoint.get('key_id')}, not by {public_key.key_id}"
    if not public_key.verify(signature, message):
        return "the signature does not verify"
    return None
