"""c2sp.org/tlog-proof@v1 bundles: their exact text, and what the offline check refuses."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import tree
from ledger.integrity.checkpoint_note import note_text_of, sign_checkpoint_note
from ledger.integrity.keychain import log_vkey
from ledger.integrity.keys import PublicKey
from ledger.integrity.tlog_proof import ProofBundle, ProofBundleError, check_bundle, parse_bundle

ORIGIN = "localhost/directive-ledger"
ENTRIES = [f'{{"position":{i}}}'.encode() for i in range(1, 6)]
NODES = tree.Levels([tree.hash_leaf(e) for e in ENTRIES])
KEY = Ed25519PrivateKey.generate()
VKEY = log_vkey(ORIGIN, PublicKey(KEY.public_key().public_bytes_raw()))


def bundle(index: int = 2, size: int = 5) -> ProofBundle:
    stored = sign_checkpoint_note(KEY, origin=ORIGIN, size=size, root_hash=tree.root(size, NODES))
    note = note_text_of(stored)
    assert note is not None
    path = tuple(tree.inclusion_path(index, size, NODES))
    return ProofBundle(index, path, note, ENTRIES[index])


def test_the_text_follows_the_spec_line_by_line() -> None:
    text = str(bundle())
    lines = text.split("\n")
    assert lines[0] == "c2sp.org/tlog-proof@v1"
    assert lines[1] == "extra eyJwb3NpdGlvbiI6M30="  # base64 of {"position":3}
    assert lines[2] == "index 2"
    path_lines = lines[3 : lines.index("")]
    assert len(path_lines) == len(tree.inclusion_path(2, 5, NODES)) == 3
    assert text.split("\n\n", 1)[1].startswith(f"{ORIGIN}\n5\n")
    assert parse_bundle(text) == bundle()


def test_a_good_bundle_checks_and_returns_its_checkpoint() -> None:
    checked = check_bundle(str(bundle()), [VKEY])
    assert (checked.body.origin, checked.body.size, checked.bundle.extra) == (
        ORIGIN,
        5,
        ENTRIES[2],
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda t: t.replace("index 2", "index 3"), "not included at index 3"),
        (lambda t: t.replace("index 2", "index 02"), "no leading zeros"),
        (
            lambda t: t.replace("extra eyJwb3NpdGlvbiI6M30=", "extra eyJwb3NpdGlvbiI6NH0="),
            "not incl",
        ),
        (lambda t: t.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), "first line"),
        (lambda t: t.replace(f"{ORIGIN}\n5\n", f"{ORIGIN}\n4\n"), "does not verify"),
        (lambda t: t.split("\n\n")[0], "blank line"),
    ],
)
def test_a_changed_bundle_is_refused(change: object, reason: str) -> None:
    text = change(str(bundle()))  # type: ignore[operator]
    with pytest.raises(ProofBundleError, match=reason):
        check_bundle(text, [VKEY])


def test_another_key_is_refused() -> None:
    other = log_vkey(
        ORIGIN, PublicKey(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    )
    with pytest.raises(ProofBundleError, match="no signature of a trusted key"):
        check_bundle(str(bundle()), [other])
