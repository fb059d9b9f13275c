"""Go's sumdb/note opens our checkpoint notes with our vkey, and sumdb/tlog's
CheckRecord and CheckTree accept our RFC 9162 inclusion and consistency proofs, the
proof bundles included (c2sp.org/tlog-proof)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import tree
from ledger.integrity.checkpoint_note import checkpoint_note, sign_checkpoint_note
from ledger.integrity.keychain import log_vkey
from ledger.integrity.keys import PublicKey
from ledger.integrity.tlog_proof import ProofBundle
from tests.interop.conftest import GoVerify

ORIGIN = "ledger.example.vn/hai-duong"


def b64(h: bytes) -> str:
    return base64.b64encode(h).decode("ascii")


@pytest.fixture(scope="module")
def log() -> tuple[list[bytes], tree.Levels]:
    entries = [f'{{"position":{i},"title":"Chỉ thị số {i}"}}'.encode() for i in range(1, 38)]
    return entries, tree.Levels([tree.hash_leaf(e) for e in entries])


def note_for(size: int, nodes: tree.Levels, private: Ed25519PrivateKey) -> str:
    stored = sign_checkpoint_note(
        private, origin=ORIGIN, size=size, root_hash=tree.root(size, nodes)
    )
    return str(checkpoint_note(stored))


def test_go_opens_our_checkpoint_note_with_our_vkey(
    goverify: GoVerify, log: tuple[list[bytes], tree.Levels], tmp_path: Path
) -> None:
    private = Ed25519PrivateKey.generate()
    vkey = log_vkey(ORIGIN, PublicKey(private.public_key().public_bytes_raw()))
    note = note_for(37, log[1], private)
    (tmp_path / "cp").write_text(note, encoding="utf-8")
    done = goverify("note", vkey, tmp_path / "cp")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{ORIGIN}\n37\n{b64(tree.root(37, log[1]))}\n"
    # Another key of the same name, and a changed size, are refused by Go too.
    other = log_vkey(
        ORIGIN, PublicKey(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    )
    assert goverify("note", other, tmp_path / "cp").returncode == 1
    (tmp_path / "cp").write_text(note.replace("\n37\n", "\n36\n"), encoding="utf-8")
    refused = goverify("note", vkey, tmp_path / "cp")
    assert refused.returncode == 1
    assert "note.Open" in refused.stderr


@pytest.mark.parametrize("size", [1, 2, 7, 8, 37])
def test_go_checks_our_inclusion_proofs_in_bundles(
    goverify: GoVerify, log: tuple[list[bytes], tree.Levels], tmp_path: Path, size: int
) -> None:
    entries, nodes = log
    private = Ed25519PrivateKey.generate()
    vkey = log_vkey(ORIGIN, PublicKey(private.public_key().public_bytes_raw()))
    note = note_for(size, nodes, private)
    for index in sorted({0, size // 2, size - 1}):
        path = tree.inclusion_path(index, size, nodes)
        bundle = ProofBundle(index, tuple(path), note, entries[index])
        (tmp_path / "p").write_text(str(bundle), encoding="utf-8")
        done = goverify("proof", vkey, tmp_path / "p")
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"ok {ORIGIN} {size} {index}\n"
    if size > 1:  # another entry's bytes are not included at that index
        forged = ProofBundle(0, tuple(tree.inclusion_path(0, size, nodes)), note, entries[1])
        (tmp_path / "p").write_text(str(forged), encoding="utf-8")
        refused = goverify("proof", vkey, tmp_path / "p")
        assert refused.returncode == 1
        assert "CheckRecord" in refused.stderr


@pytest.mark.parametrize(("first", "second"), [(1, 37), (4, 8), (5, 37), (32, 37), (36, 37)])
def test_go_checks_our_consistency_proofs(
    goverify: GoVerify, log: tuple[list[bytes], tree.Levels], first: int, second: int
) -> None:
    nodes = log[1]
    proof = [b64(h) for h in tree.consistency_proof(first, second, nodes)]
    old, new = b64(tree.root(first, nodes)), b64(tree.root(second, nodes))
    done = goverify("tree", first, old, second, new, *proof)
    assert done.returncode == 0, done.stderr
    wrong = goverify("tree", first, new, second, new, *proof)
    assert wrong.returncode == 1
    assert "CheckTree" in wrong.stderr
