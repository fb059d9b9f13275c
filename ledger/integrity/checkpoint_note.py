"""Checkpoints as C2SP signed notes (c2sp.org/tlog-checkpoint, c2sp.org/signed-note):
the body ``<origin>\\n<size>\\n<base64 root>\\n`` and one Ed25519 signature line by the
log's key, whose name is the origin. Go's ``sumdb/note`` opens them with our vkey.

A stored checkpoint keeps the fields ``size, origin, root_hash (hex), issued_at, key_id,
signature``; for a note checkpoint ``key_id`` is the note key id (8 hex digits) and
``signature`` the base64 Ed25519 signature over the note text, so the exact note is
rebuilt from the row. ``issued_at`` is the signer's clock, not signed: a note carries no
time (witness cosignatures do). Checkpoints of older stores (16-hex key ids, Ed25519
over RFC 8785 JSON) keep verifying through ``checkpoints.signature_problem``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity.checkpoints import signature_problem, utc_now
from ledger.integrity.keychain import Chain, log_vkey
from ledger.integrity.note import (
    Note,
    NoteError,
    Signature,
    checkpoint_text,
    parse_checkpoint,
    parse_note,
    sign_note,
)

NOTE_KEY_ID_DIGITS = 8


def sign_checkpoint_note(
    private: Ed25519PrivateKey,
    *,
    origin: str,
    size: int,
    root_hash: bytes,
    issued_at: str | None = None,
) -> dict[str, Any]:
    text = checkpoint_text(origin, size, root_hash)
    signature = sign_note(text, origin, private)
    return {
        "origin": origin,
        "size": size,
        "root_hash": root_hash.hex(),
        "issued_at": issued_at or utc_now(),
        "key_id": signature.key_id.hex(),
        "signature": base64.b64encode(signature.signature).decode("ascii"),
    }


def is_note_checkpoint(checkpoint: dict[str, Any]) -> bool:
    return len(str(checkpoint.get("key_id", ""))) == NOTE_KEY_ID_DIGITS


def checkpoint_note(checkpoint: dict[str, Any]) -> Note:
    """The log's signed note of a stored note checkpoint (no cosignatures)."""
    if not is_note_checkpoint(checkpoint):
        raise NoteError("a checkpoint signed over JSON (an older store) has no note")
    try:
        root = bytes.fromhex(str(checkpoint["root_hash"]))
        key_id = bytes.fromhex(str(checkpoint["key_id"]))
        signature = base64.b64decode(str(checkpoint["signature"]), validate=True)
        text = checkpoint_text(str(checkpoint["origin"]), int(checkpoint["size"]), root)
    except (KeyError, ValueError, TypeError, binascii.Error) as e:
        raise NoteError(f"a malformed checkpoint ({e})") from None
    return Note(text, (Signature(str(checkpoint["origin"]), key_id, signature),))


def note_text_of(checkpoint: dict[str, Any]) -> str | None:
    """The exact note text served for a stored checkpoint (None for an older one)."""
    return str(checkpoint_note(checkpoint)) if is_note_checkpoint(checkpoint) else None


def checkpoint_from_note(data: str | bytes) -> dict[str, Any]:
    """A checkpoint an auditor kept as a note (one signature line: the log's), as the
    fields a stored checkpoint has (its ``issued_at`` is empty: notes carry no time)."""
    note = parse_note(data)
    body = parse_checkpoint(note.text)
    logs = [s for s in note.signatures if s.name == body.origin and len(s.signature) == 64]
    if not logs:
        raise NoteError("the note has no Ed25519 signature named after its origin")
    return {
        "origin": body.origin,
        "size": body.size,
        "root_hash": body.root_hash.hex(),
        "issued_at": "",
        "key_id": logs[0].key_id.hex(),
        "signature": base64.b64encode(logs[0].signature).decode("ascii"),
    }


def _key_named(checkpoint: dict[str, Any], chain: Chain) -> str:
    """How to name the key a checkpoint claims, and when it was in force if it was."""
    claimed = str(checkpoint.get("key_id"))
    origin = str(checkpoint.get("origin"))
    for key in chain.keys:
        ids = {key.public.key_id}
        with contextlib.suppress(NoteError):
            ids.add(log_vkey(origin, key.public).key_id_hex)
        if claimed in ids:
            return f"key {claimed}, in force only from position {key.from_position}"
    return f"key {claimed}, which no valid rotation from the trusted key reaches"


def checkpoint_problem(
    checkpoint: dict[str, Any], chain: Chain, *, origin: str | None = None
) -> str | None:
    """Why ``checkpoint`` is not signed by the key in force at its size (None if it is).
    ``origin``: the log's name the auditor trusts (a vkey's name), when known."""
    try:
        size = int(checkpoint["size"])
    except (KeyError, ValueError, TypeError):
        return "a malformed checkpoint (no size)"
    in_force = chain.key_at(size)
    if not is_note_checkpoint(checkpoint):
        if checkpoint.get("key_id") != in_force.public.key_id:
            return f"signed by {_key_named(checkpoint, chain)}"
        return signature_problem(checkpoint, in_force.public)
    if origin is not None and checkpoint.get("origin") != origin:
        return f"its origin {checkpoint.get('origin')!r} is not the log's {origin!r}"
    try:
        note = checkpoint_note(checkpoint)
        vkey = log_vkey(str(checkpoint["origin"]), in_force.public)
    except NoteError as e:
        return str(e)
    if note.signatures[0].key_id != vkey.key_id:
        return f"signed by {_key_named(checkpoint, chain)}"
    if not vkey.verify(note.text.encode(), note.signatures[0].signature):
        return "the signature does not verify"
    return None
