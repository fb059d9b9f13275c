"""C2SP signed notes, vkeys, checkpoints and cosignatures, against the Go note package's
published vector (golang.org/x/mod/sumdb/note, note_test.go) and the specs' rules."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import note as n

# golang.org/x/mod/sumdb/note note_test.go
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNATURE = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdn"
    "gotpRZb6KE6RyyBwJnAM=\n"
)


def test_go_vector_vkey_round_trips() -> None:
    vkey = n.Vkey.parse(GO_VKEY)
    assert vkey.name == "PeterNeumann"
    assert vkey.key_id_hex == "c74f20a3"
    assert str(vkey) == GO_VKEY


def test_go_vector_signature_is_reproduced_byte_for_byte() -> None:
    vkey, private = n.parse_signer_key(GO_SKEY)
    assert str(vkey) == GO_VKEY
    signature = n.sign_note(GO_TEXT, vkey.name, private)
    assert signature.line() == GO_SIGNATURE  # Ed25519 is deterministic
    note = n.open_note(GO_TEXT + "\n" + GO_SIGNATURE, [vkey])
    assert note.text == GO_TEXT


def test_a_changed_text_or_an_unknown_key_is_refused() -> None:
    vkey = n.Vkey.parse(GO_VKEY)
    with pytest.raises(n.NoteError, match="does not verify"):
        n.open_note(GO_TEXT.replace("problem", "problém", 1) + "\n" + GO_SIGNATURE, [vkey])
    other = n.Vkey.ed25519(
        "PeterNeumann", Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    with pytest.raises(n.NoteError, match="no signature of a trusted key"):
        n.open_note(GO_TEXT + "\n" + GO_SIGNATURE, [other])


@pytest.mark.parametrize(
    "vkey",
    [
        GO_VKEY.replace("c74f20a3", "c74f20a4"),  # wrong key id
        GO_VKEY.replace("c74f20a3", "C74F20A3"),  # not lowercase
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        GO_VKEY[:-4],  # truncated key
        "PeterNeumann+c74f20a3",
    ],
)
def test_malformed_vkeys_are_refused(vkey: str) -> None:
    with pytest.raises(n.NoteError):
        n.Vkey.parse(vkey)


@pytest.mark.parametrize(
    "text",
    [
        GO_TEXT + GO_SIGNATURE,  # no blank line
        GO_TEXT + "\n",  # no signature
        GO_TEXT + "\n" + GO_SIGNATURE.replace("—", "-"),
        GO_TEXT + "\n" + GO_SIGNATURE.rstrip("\n"),  # no final newline
        "a\tb\n\n" + GO_SIGNATURE,  # a control character
    ],
)
def test_malformed_notes_are_refused(text: str) -> None:
    with pytest.raises(n.NoteError):
        n.parse_note(text)


def test_the_text_is_split_at_the_last_blank_line() -> None:
    text = "first\n\nsecond\n"
    private = Ed25519PrivateKey.generate()
    signature = n.sign_note(text, "example.com/log", private)
    parsed = n.parse_note(text + "\n" + signature.line())
    assert parsed.text == text


def test_checkpoint_text_and_cosignature() -> None:
    root = bytes(range(32))
    text = n.checkpoint_text("example.com/log", 17, root)
    assert text.splitlines() == [
        "example.com/log",
        "17",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    ]
    body = n.parse_checkpoint(text)
    assert (body.origin, body.size, body.root_hash) == ("example.com/log", 17, root)
    witness = Ed25519PrivateKey.generate()
    wkey = n.Vkey.ed25519(
        "witness.example/w1", witness.public_key().public_bytes_raw(), n.COSIGNATURE_V1
    )
    line = n.cosign(text, wkey.name, witness, 1_679_315_147)
    note = n.Note(text, (line,))
    assert n.cosignature_time(note, wkey) == 1_679_315_147
    # The signed message is the spec's: header, time line, then the checkpoint text.
    message = n.cosignature_message(text, 1_679_315_147)
    assert message.startswith(b"cosignature/v1\ntime 1679315147\nexample.com/log\n17\n")
    forged = n.Note(n.checkpoint_text("example.com/log", 18, root), (line,))
    assert n.cosignature_time(forged, wkey) is None


@pytest.mark.parametrize("size", ["017", "-1", "1.0", "", "١٧"])
def test_checkpoint_sizes_are_plain_decimals(size: str) -> None:
    with pytest.raises(n.NoteError):
        n.parse_checkpoint(f"example.com/log\n{size}\n{'A' * 43}=\n")
