"""A log for witness tests: a key, leaves, signed checkpoint notes and consistency
proofs, and request bodies written out by hand (no helper of the code under test)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import note as n
from ledger.integrity import tree

ORIGIN = "example.com/directive-ledger"
WITNESS_NAME = "witness.example/w1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class FakeLog:
    origin: str = ORIGIN
    private: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    leaves: list[bytes] = field(default_factory=list)

    @property
    def vkey(self) -> n.Vkey:
        return n.Vkey.ed25519(self.origin, self.private.public_key().public_bytes_raw())

    def grow(self, size: int) -> None:
        while len(self.leaves) < size:
            self.leaves.append(tree.hash_leaf(f"entry {len(self.leaves)}".encode()))

    def root(self, size: int) -> bytes:
        self.grow(size)
        return tree.root(size, tree.ListNodes(self.leaves[:size]))

    def body_text(self, size: int, root: bytes | None = None) -> str:
        root = self.root(size) if root is None else root
        return f"{self.origin}\n{size}\n{b64(root)}\n"

    def note(
        self, size: int, root: bytes | None = None, signer: Ed25519PrivateKey | None = None
    ) -> str:
        text = self.body_text(size, root)
        signature = n.sign_note(text, self.origin, signer or self.private)
        return text + "\n" + signature.line()

    def proof(self, old: int, size: int) -> list[bytes]:
        self.grow(size)
        return tree.consistency_proof(old, size, tree.ListNodes(self.leaves[:size]))


def request(old: int, proof: list[bytes], checkpoint: str) -> bytes:
    """The add-checkpoint body, spelled out as the spec writes it."""
    lines = [f"old {old}\n"] + [b64(h) + "\n" for h in proof] + ["\n"]
    return ("".join(lines) + checkpoint).encode("utf-8")


def expected_key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\x0a" + b"\x04" + public).digest()[:4]
