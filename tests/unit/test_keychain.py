"""The chain of signing keys: rotations signed by the key in force, which key signs at
each size, and checkpoints (notes and older JSON ones) checked against it."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import tree
from ledger.integrity.checkpoint_note import (
    checkpoint_from_note,
    checkpoint_note,
    checkpoint_problem,
    note_text_of,
    sign_checkpoint_note,
)
from ledger.integrity.checkpoints import sign_checkpoint
from ledger.integrity.keychain import (
    REGISTERED_TOPIC,
    ROTATED_TOPIC,
    first_registered,
    log_vkey,
    sign_rotation,
    walk_chain,
)
from ledger.integrity.keys import PublicKey, SigningKey
from ledger.integrity.note import open_note

ORIGIN = "localhost/directive-ledger"
ROOT = tree.hash_leaf(b"root")


def public(private: Ed25519PrivateKey) -> PublicKey:
    return PublicKey(private.public_key().public_bytes_raw())


@pytest.fixture
def keys() -> list[Ed25519PrivateKey]:
    return [Ed25519PrivateKey.generate() for _ in range(3)]


def rotations(keys: list[Ed25519PrivateKey], at: list[int]) -> list[tuple[int, str, Any]]:
    events: list[tuple[int, str, Any]] = [
        (1, REGISTERED_TOPIC, {"public_key": public(keys[0]).base64})
    ]
    for index, position in enumerate(at, start=1):
        data = sign_rotation(keys[index - 1], origin=ORIGIN, index=index, new=public(keys[index]))
        events.append((position, ROTATED_TOPIC, data))
    return events


def test_the_walk_follows_rotations_and_names_the_key_at_each_size(
    keys: list[Ed25519PrivateKey],
) -> None:
    events = rotations(keys, [10, 20])
    assert first_registered(events) == public(keys[0])
    chain = walk_chain(public(keys[0]), events)
    assert not chain.problems
    assert [k.from_position for k in chain.keys] == [0, 10, 20]
    assert chain.key_at(9).public == public(keys[0])
    assert chain.key_at(10).public == public(keys[1])
    assert chain.key_at(19).public == public(keys[1])
    assert chain.key_at(500).public == public(keys[2])
    assert chain.keys[2].as_dict(ORIGIN)["vkey"] == str(log_vkey(ORIGIN, public(keys[2])))


def test_a_rotation_not_signed_by_the_key_in_force_is_refused(
    keys: list[Ed25519PrivateKey],
) -> None:
    intruder = Ed25519PrivateKey.generate()
    events = rotations(keys, [10])
    forged = sign_rotation(intruder, origin=ORIGIN, index=2, new=public(intruder))
    forged["old_vkey"] = str(log_vkey(ORIGIN, public(keys[1])))  # claims to replace keys[1]
    events.append((30, ROTATED_TOPIC, forged))
    replayed = sign_rotation(keys[0], origin=ORIGIN, index=1, new=public(keys[2]))
    events.append((40, ROTATED_TOPIC, replayed))  # the first key, no longer in force
    chain = walk_chain(public(keys[0]), events)
    assert [k.public for k in chain.keys] == [public(keys[0]), public(keys[1])]
    assert [p for p, _ in chain.problems] == [30, 40]
    assert "not signed by the key in force" in chain.problems[0][1]
    assert "not the key in force" in chain.problems[1][1]


def test_checkpoints_must_be_signed_by_the_key_in_force_at_their_size(
    keys: list[Ed25519PrivateKey],
) -> None:
    chain = walk_chain(public(keys[0]), rotations(keys, [10]))
    early = sign_checkpoint_note(keys[0], origin=ORIGIN, size=9, root_hash=ROOT)
    late = sign_checkpoint_note(keys[1], origin=ORIGIN, size=10, root_hash=ROOT)
    assert checkpoint_problem(early, chain, origin=ORIGIN) is None
    assert checkpoint_problem(late, chain, origin=ORIGIN) is None
    stale = sign_checkpoint_note(keys[0], origin=ORIGIN, size=10, root_hash=ROOT)
    problem = checkpoint_problem(stale, chain)
    assert problem == f"signed by key {stale['key_id']}, in force only from position 0"
    stranger = sign_checkpoint_note(
        Ed25519PrivateKey.generate(), origin=ORIGIN, size=11, root_hash=ROOT
    )
    assert "no valid rotation from the trusted key reaches" in str(
        checkpoint_problem(stranger, chain)
    )
    assert "is not the log's" in str(checkpoint_problem(late, chain, origin="other/log"))
    tampered = {**late, "root_hash": tree.hash_leaf(b"other").hex()}
    assert checkpoint_problem(tampered, chain) == "the signature does not verify"


def test_older_json_checkpoints_verify_through_the_chain_too(
    keys: list[Ed25519PrivateKey],
) -> None:
    chain = walk_chain(public(keys[0]), rotations(keys, [10]))
    old = sign_checkpoint(SigningKey(keys[0]), origin=ORIGIN, size=5, root_hash=ROOT)
    assert checkpoint_problem(old, chain) is None
    assert note_text_of(old) is None
    wrong = sign_checkpoint(SigningKey(keys[0]), origin=ORIGIN, size=12, root_hash=ROOT)
    assert "in force only from position 0" in str(checkpoint_problem(wrong, chain))


def test_the_stored_fields_rebuild_the_exact_note(keys: list[Ed25519PrivateKey]) -> None:
    stored = sign_checkpoint_note(keys[0], origin=ORIGIN, size=3, root_hash=ROOT)
    text = note_text_of(stored)
    assert text is not None
    assert text.startswith(f"{ORIGIN}\n3\n")
    note = open_note(text, [log_vkey(ORIGIN, public(keys[0]))])
    assert note == checkpoint_note(stored)
    kept = checkpoint_from_note(text)
    assert {k: v for k, v in kept.items() if k != "issued_at"} == {
        k: v for k, v in stored.items() if k != "issued_at"
    }
