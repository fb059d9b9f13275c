"""C2SP signed notes (c2sp.org/signed-note), their verifier keys (vkeys), checkpoint
bodies (c2sp.org/tlog-checkpoint) and timestamped Ed25519 cosignatures
(c2sp.org/tlog-cosignature): the formats the transparency-log ecosystem's tools read.

Pure functions over bytes and text: nothing here reads a store or a clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ED25519 = 0x01
COSIGNATURE_V1 = 0x04  # timestamped Ed25519 witness cosignatures
DASH = "\u2014"  # em dash: every signature line starts with it and a space
MAX_SIGNATURES = 100  # the spec asks verifiers to accept at least 16
COSIGNATURE_HEADER = "cosignature/v1\n"


class NoteError(ValueError):
    """A note, vkey or checkpoint that is malformed, or that no trusted key verifies."""


def check_key_name(name: str) -> str:
    if not name or any(ch.isspace() for ch in name) or "+" in name:
        raise NoteError(f"a key name is non-empty, with no spaces or '+': {name!r}")
    return name


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    """SHA-256(name || 0x0A || type || public key)[:4] (signed-note, tlog-cosignature)."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(f"{what} is not base64") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ------------------------------------------------------------------------- vkeys


@dataclass(frozen=True)
class Vkey:
    """A verifier key: ``<name>+<8 hex key id>+<base64(type || public key)>``."""

    name: str
    sig_type: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.sig_type, self.public_key)

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()

    def __str__(self) -> str:
        material = _b64(bytes([self.sig_type]) + self.public_key)
        return f"{self.name}+{self.key_id_hex}+{material}"

    @classmethod
    def ed25519(cls, name: str, public_key: bytes, sig_type: int = ED25519) -> Vkey:
        if len(public_key) != 32:
            raise NoteError("an Ed25519 public key has 32 bytes")
        return cls(check_key_name(name), sig_type, public_key)

    @classmethod
    def parse(cls, text: str) -> Vkey:
        name, sep1, rest = text.strip().partition("+")
        hash_hex, sep2, material = rest.partition("+")
        if not (sep1 and sep2) or len(hash_hex) != 8:
            raise NoteError("a vkey is <name>+<8 hex digits>+<base64 key>")
        check_key_name(name)
        raw = _b64decode(material, "the vkey's key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise NoteError("the vkey is not an Ed25519 key (type 0x01 or 0x04, 32 bytes)")
        vkey = cls(name, raw[0], raw[1:])
        if vkey.key_id_hex != hash_hex.lower() or hash_hex != hash_hex.lower():
            raise NoteError("the vkey's key id does not match its name and key")
        return vkey

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


def parse_signer_key(text: str) -> tuple[Vkey, Ed25519PrivateKey]:
    """Go's private key format ``PRIVATE+KEY+<name>+<hash>+<base64(type || seed)>``
    (used here for the note package's published test vector)."""
    prefix = "PRIVATE+KEY+"
    if not text.startswith(prefix):
        raise NoteError("a signer key starts with PRIVATE+KEY+")
    name, _, rest = text[len(prefix) :].partition("+")
    hash_hex, _, material = rest.partition("+")
    raw = _b64decode(material, "the signer key")
    if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
        raise NoteError("the signer key is not an Ed25519 key (type 0x01 or 0x04)")
    private = Ed25519PrivateKey.from_private_bytes(raw[1:])
    vkey = Vkey.ed25519(name, private.public_key().public_bytes_raw(), raw[0])
    if vkey.key_id_hex != hash_hex:
        raise NoteError("the signer key's key id does not match")
    return vkey, private


def signer_key_text(name: str, private: Ed25519PrivateKey, sig_type: int = ED25519) -> str:
    """The key in Go's private key format (type 0x04 for a witness's cosigning key)."""
    vkey = Vkey.ed25519(name, private.public_key().public_bytes_raw(), sig_type)
    material = _b64(bytes([sig_type]) + private.private_bytes_raw())
    return f"PRIVATE+KEY+{name}+{vkey.key_id_hex}+{material}"


# ------------------------------------------------------------------------- notes


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes  # what follows the key id: the algorithm's bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {_b64(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class Note:
    text: str  # ends with a newline
    signatures: tuple[Signature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    def with_signatures(self, more: list[Signature]) -> Note:
        """This note with ``more`` added; a signature already present is not repeated."""
        known = {(s.name, s.key_id, s.signature) for s in self.signatures}
        added = [s for s in more if (s.name, s.key_id, s.signature) not in known]
        return Note(self.text, self.signatures + tuple(added))


def check_text(text: str) -> str:
    if not text.endswith("\n"):
        raise NoteError("a note's text ends with a newline")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise NoteError("a note holds no control characters other than newline")
    return text


def parse_note(data: bytes | str) -> Note:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("a note is UTF-8") from None
    check_text(data)
    split = data.rfind("\n\n")
    if split < 0:
        raise NoteError("a note has a blank line between its text and its signatures")
    text, block = data[: split + 1], data[split + 2 :]
    lines = block.split("\n")
    if lines[-1] != "" or len(lines) < 2:
        raise NoteError("a note ends with at least one signature line")
    if len(lines) - 1 > MAX_SIGNATURES:
        raise NoteError(f"a note has at most {MAX_SIGNATURES} signatures")
    return Note(text, tuple(parse_signature_line(line) for line in lines[:-1]))


def parse_signature_line(line: str) -> Signature:
    """One ``— <name> base64(key id || signature)`` line, without its newline."""
    head, _, rest = line.partition(" ")
    name, _, encoded = rest.partition(" ")
    if head != DASH or not encoded or " " in encoded:
        raise NoteError(f"not a signature line: {line!r}")
    raw = _b64decode(encoded, "a signature")
    if len(raw) < 5:
        raise NoteError("a signature is a key id and at least one byte")
    return Signature(check_key_name(name), raw[:4], raw[4:])


def sign_note(text: str, name: str, private: Ed25519PrivateKey) -> Signature:
    check_text(text)
    public = private.public_key().public_bytes_raw()
    return Signature(
        check_key_name(name), key_id(name, ED25519, public), private.sign(text.encode())
    )


def signature_by(note: Note, vkey: Vkey) -> Signature | None:
    """The signature of ``note`` whose name and key id are ``vkey``'s (None if none)."""
    for s in note.signatures:
        if s.name == vkey.name and s.key_id == vkey.key_id:
            return s
    return None


def verify_note(note: Note, vkey: Vkey) -> bool:
    """Whether ``note`` carries a valid Ed25519 (type 0x01) signature by ``vkey``."""
    if vkey.sig_type != ED25519:
        raise NoteError("verify_note takes an Ed25519 (0x01) vkey")
    found = signature_by(note, vkey)
    return found is not None and vkey.verify(note.text.encode(), found.signature)


def open_note(data: bytes | str, vkeys: list[Vkey]) -> Note:
    """Parse ``data`` and require a valid signature by one of ``vkeys`` (0x01 keys); a
    signature of a known key that fails rejects the whole note, as the spec asks."""
    note = parse_note(data)
    verified = False
    for vkey in vkeys:
        found = signature_by(note, vkey)
        if found is None:
            continue
        if not vkey.verify(note.text.encode(), found.signature):
            raise NoteError(f"the signature of {vkey.name}+{vkey.key_id_hex} does not verify")
        verified = True
    if not verified:
        raise NoteError("no signature of a trusted key")
    return note


# ------------------------------------------------------------------- checkpoints


@dataclass(frozen=True)
class CheckpointBody:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), _b64(self.root_hash), *self.extensions]
        return "".join(line + "\n" for line in lines)


def checkpoint_text(origin: str, size: int, root_hash: bytes) -> str:
    check_key_name(origin)
    return CheckpointBody(origin, size, root_hash).text()


def parse_checkpoint(text: str) -> CheckpointBody:
    """The origin, size and root hash of a checkpoint's note text (tlog-checkpoint)."""
    lines = check_text(text).split("\n")[:-1]
    if len(lines) < 3:
        raise NoteError("a checkpoint has an origin, a size and a root hash line")
    origin, size_line, root_line, *extensions = lines
    if not origin:
        raise NoteError("a checkpoint's origin is not empty")
    if (
        not size_line.isascii()
        or not size_line.isdigit()
        or (len(size_line) > 1 and size_line[0] == "0")
    ):
        raise NoteError("a checkpoint's size is a decimal with no leading zeros")
    root = _b64decode(root_line, "the root hash")
    if len(root) != 32:
        raise NoteError("a checkpoint's root hash has 32 bytes")
    if any(not line for line in extensions):
        raise NoteError("a checkpoint's extension lines are not empty")
    return CheckpointBody(origin, int(size_line), root, tuple(extensions))


# ------------------------------------------------------------------ cosignatures


def cosignature_message(checkpoint_text: str, timestamp: int) -> bytes:
    return f"{COSIGNATURE_HEADER}time {timestamp}\n{checkpoint_text}".encode()


def cosign(
    checkpoint_text: str, name: str, private: Ed25519PrivateKey, timestamp: int
) -> Signature:
    """A tlog-cosignature/v1 line: key id of type 0x04, 8-byte big-endian time, Ed25519."""
    if not 0 <= timestamp < 2**63:
        raise NoteError("a cosignature's time is between 0 and 2^63 - 1")
    public = private.public_key().public_bytes_raw()
    signed = private.sign(cosignature_message(checkpoint_text, timestamp))
    return Signature(
        check_key_name(name),
        key_id(name, COSIGNATURE_V1, public),
        struct.pack(">Q", timestamp) + signed,
    )


def cosignature_time(note: Note, vkey: Vkey) -> int | None:
    """The time of ``vkey``'s valid cosignature on ``note`` (None: none, or invalid)."""
    if vkey.sig_type != COSIGNATURE_V1:
        raise NoteError("a cosigner's vkey has type 0x04")
    found = signature_by(note, vkey)
    if found is None or len(found.signature) != 72:
        return None
    (timestamp,) = struct.unpack(">Q", found.signature[:8])
    if timestamp >= 2**63:
        return None
    message = cosignature_message(note.text, timestamp)
    return timestamp if vkey.verify(message, found.signature[8:]) else None


def add_signature_lines(signed_note: str, lines: list[str]) -> str:
    """``signed_note`` with the signature ``lines`` (each ``— name base64``, with or
    without its newline) appended; a line already present is not repeated."""
    note = parse_note(signed_note)
    more = [parse_signature_line(line.removesuffix("\n")) for line in lines]
    return str(note.with_signatures(more))
