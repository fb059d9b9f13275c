"""The bodies of c2sp.org/tlog-witness ``add-checkpoint``: the request (``old N``, the
consistency proof lines, a blank line, the checkpoint note), the 409 answer
(``text/x.tlog.size``) and the 200 answer (cosignature lines).

Pure: the witness service parses requests with it and the ledger builds them with it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from ledger.integrity.note import NoteError, Signature, parse_signature_line

MAX_PROOF_LINES = 63
SIZE_CONTENT_TYPE = "text/x.tlog.size"
HASH_SIZE = 32


class WitnessProtocolError(ValueError):
    """A malformed add-checkpoint request or answer; ``field`` names the part."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AddCheckpoint:
    old: int
    proof: tuple[bytes, ...]
    checkpoint: str  # the signed note, as sent


def parse_decimal(text: str, field: str) -> int:
    """An ASCII decimal with no leading zeros (``0`` itself allowed)."""
    if not text.isascii() or not text.isdigit() or (len(text) > 1 and text[0] == "0"):
        raise WitnessProtocolError(field, f"{text!r} is not a decimal with no leading zeros")
    return int(text)


def add_checkpoint_body(old: int, proof: list[bytes], checkpoint: str) -> bytes:
    if old < 0 or len(proof) > MAX_PROOF_LINES:
        raise ValueError("old is not negative and a proof has at most 63 hashes")
    lines = [f"old {old}", *(base64.b64encode(h).decode("ascii") for h in proof)]
    return ("".join(line + "\n" for line in lines) + "\n" + checkpoint).encode("utf-8")


def parse_add_checkpoint(body: bytes) -> AddCheckpoint:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessProtocolError("body", "the body is not UTF-8") from None
    head, blank, checkpoint = text.partition("\n\n")
    if not blank:
        raise WitnessProtocolError("body", "no blank line before the checkpoint")
    lines = head.split("\n")
    old_line, proof_lines = lines[0], lines[1:]
    keyword, space, number = old_line.partition(" ")
    if keyword != "old" or not space:
        raise WitnessProtocolError("old", "the body starts with the line 'old <size>'")
    old = parse_decimal(number, "old")
    if len(proof_lines) > MAX_PROOF_LINES:
        raise WitnessProtocolError("proof", f"at most {MAX_PROOF_LINES} consistency proof lines")
    proof = []
    for i, line in enumerate(proof_lines, start=1):
        try:
            digest = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError):
            digest = b""
        if len(digest) != HASH_SIZE:
            raise WitnessProtocolError("proof", f"proof line {i} is not a base64 SHA-256 hash")
        proof.append(digest)
    if old == 0 and proof:
        raise WitnessProtocolError("proof", "the proof is empty when old is 0")
    return AddCheckpoint(old, tuple(proof), checkpoint)


def size_body(size: int) -> bytes:
    return f"{size}\n".encode("ascii")


def parse_size_body(body: bytes) -> int:
    text = body.decode("ascii", errors="replace")
    if not text.endswith("\n") or "\n" in text[:-1]:
        raise WitnessProtocolError("size", "a size answer is one decimal line")
    return parse_decimal(text[:-1], "size")


def cosignature_lines_body(signatures: list[Signature]) -> bytes:
    return "".join(s.line() for s in signatures).encode("utf-8")


def parse_cosignature_lines(body: bytes) -> list[Signature]:
    """The signature lines of a 200 answer (one or more, each ending with a newline)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessProtocolError("cosignatures", "the answer is not UTF-8") from None
    lines = text.split("\n")
    if len(lines) < 2 or lines[-1] != "":
        raise WitnessProtocolError("cosignatures", "one or more lines, each ending in newline")
    try:
        return [parse_signature_line(line) for line in lines[:-1]]
    except NoteError as e:
        raise WitnessProtocolError("cosignatures", str(e)) from None
