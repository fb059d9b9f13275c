"""Offline proof bundles (c2sp.org/tlog-proof@v1): that one entry is in the log, checked
with nothing but the log's vkey (and, for witnesses, a policy)::

    c2sp.org/tlog-proof@v1
    extra <base64 of the exact entry bytes hashed: the RFC 8785 JSON of the audit entry>
    index <leaf index: position - 1>
    <the RFC 9162 inclusion proof, one base64 hash per line, leaf side first>
    (blank line)
    <the checkpoint note, verbatim, with its cosignatures>

The extra data is not trusted by itself: its leaf hash must be the one the proof
includes in the signed tree. Pure.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from ledger.integrity import tree
from ledger.integrity.note import CheckpointBody, Note, NoteError, Vkey, open_note, parse_checkpoint

HEADER = "c2sp.org/tlog-proof@v1"
MAX_PATH = 63  # a tree of up to 2^63 leaves


class ProofBundleError(ValueError):
    """A proof bundle that is malformed or that does not prove its entry."""


@dataclass(frozen=True)
class ProofBundle:
    index: int
    path: tuple[bytes, ...]
    checkpoint: str  # the note, verbatim
    extra: bytes | None = None

    def __str__(self) -> str:
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode("ascii"))
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode("ascii") for h in self.path)
        return "\n".join(lines) + "\n\n" + self.checkpoint


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProofBundleError(f"{what} is not base64") from None


def parse_bundle(data: str | bytes) -> ProofBundle:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ProofBundleError("a proof is UTF-8 text") from None
    head, sep, checkpoint = data.partition("\n\n")
    if not sep or not checkpoint:
        raise ProofBundleError("a proof has a blank line and then the checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise ProofBundleError(f"a proof's first line is {HEADER}")
    lines = lines[1:]
    extra = None
    if lines and lines[0].startswith("extra "):
        extra = _b64(lines[0][len("extra ") :], "the extra data")
        lines = lines[1:]
    if not lines or not lines[0].startswith("index "):
        raise ProofBundleError("a proof names its entry's index on an 'index' line")
    number = lines[0][len("index ") :]
    if not (number.isascii() and number.isdigit()) or (len(number) > 1 and number[0] == "0"):
        raise ProofBundleError("the index is a decimal with no leading zeros")
    path = tuple(_b64(line, "an inclusion proof line") for line in lines[1:])
    if len(path) > MAX_PATH or any(len(h) != 32 for h in path):
        raise ProofBundleError(f"the inclusion proof is at most {MAX_PATH} SHA-256 hashes")
    return ProofBundle(int(number), path, checkpoint, extra)


@dataclass(frozen=True)
class CheckedProof:
    bundle: ProofBundle
    note: Note
    body: CheckpointBody


def check_bundle(data: str | bytes, vkeys: Sequence[Vkey]) -> CheckedProof:
    """Parse and check a bundle: the checkpoint signed by one of ``vkeys`` (the log's:
    their name is its origin), and the leaf of the extra data included at the index."""
    bundle = parse_bundle(data)
    if bundle.extra is None:
        raise ProofBundleError("this ledger's proofs carry the entry as extra data")
    try:
        note = open_note(bundle.checkpoint, list(vkeys))
        body = parse_checkpoint(note.text)
    except NoteError as e:
        raise ProofBundleError(f"the checkpoint: {e}") from None
    names = {v.name for v in vkeys}
    if body.origin not in names:
        raise ProofBundleError(f"the checkpoint's origin {body.origin!r} is not the log's")
    leaf = tree.hash_leaf(bundle.extra)
    if not tree.verify_inclusion(bundle.index, body.size, leaf, bundle.path, body.root_hash):
        raise ProofBundleError(
            f"the entry is not included at index {bundle.index} in the tree of size "
            f"{body.size} that the checkpoint signs"
        )
    return CheckedProof(bundle, note, body)
