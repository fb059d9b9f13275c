"""POST /add-checkpoint answers every status of c2sp.org/tlog-witness; each request body
is written by hand, and each refusal leaves the witness's state where it was."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.testclient import TestClient

from ledger.integrity import note as n
from ledger.witness.app import create_app
from ledger.witness.service import Witness
from ledger.witness.state import WitnessState
from tests.witness.witness_support import (
    WITNESS_NAME,
    FakeLog,
    b64,
    expected_key_id,
    request,
)

NOW = 1_764_600_000


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.log = FakeLog()
        self.witness_key = Ed25519PrivateKey.generate()
        self.public = self.witness_key.public_key().public_bytes_raw()
        self.vkey = n.Vkey.ed25519(WITNESS_NAME, self.public, n.COSIGNATURE_V1)
        self.rotated = Ed25519PrivateKey.generate()  # the log's second key, after a rotation
        rotated_vkey = n.Vkey.ed25519(self.log.origin, self.rotated.public_key().public_bytes_raw())
        self.state = WitnessState(tmp_path / "witness.sqlite")
        witness = Witness(
            self.vkey, self.witness_key, [self.log.vkey, rotated_vkey], self.state, lambda: NOW
        )
        self.client = TestClient(create_app(witness))

    def post(self, body: bytes) -> tuple[int, str, bytes]:
        answer = self.client.post("/add-checkpoint", content=body)
        return answer.status_code, answer.headers.get("content-type", ""), answer.content

    def advance_to(self, size: int, old: int = 0) -> None:
        proof = self.log.proof(old, size) if old else []
        status, _, body = self.post(request(old, proof, self.log.note(size)))
        assert status == 200, body

    def latest(self) -> tuple[int, bytes] | None:
        return self.state.latest(self.log.origin)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path)
    with w.client:
        yield w


def test_the_first_checkpoint_is_cosigned_as_the_spec_says(world: World) -> None:
    checkpoint = world.log.note(3)
    status, content_type, body = world.post(b"old 0\n\n" + checkpoint.encode())
    assert status == 200
    assert content_type.startswith("text/plain")
    text = body.decode()
    assert text.endswith("\n")
    assert text.count("\n") == 1
    dash, name, encoded = text.rstrip("\n").split(" ")
    assert (dash, name) == ("\u2014", WITNESS_NAME)
    raw = base64.b64decode(encoded)
    assert raw[:4] == expected_key_id(WITNESS_NAME, world.public)
    assert len(raw) == 4 + 8 + 64
    assert struct.unpack(">Q", raw[4:12])[0] == NOW
    message = f"cosignature/v1\ntime {NOW}\n".encode() + world.log.body_text(3).encode()
    world.witness_key.public_key().verify(raw[12:], message)  # raises if it fails
    # The answer concatenated to the checkpoint is a note the witness's vkey verifies.
    cosigned = n.parse_note(checkpoint + text)
    assert n.cosignature_time(cosigned, world.vkey) == NOW
    assert world.latest() == (3, world.log.root(3))


def test_a_consistent_checkpoint_advances_the_witness(world: World) -> None:
    world.advance_to(3)
    proof = world.log.proof(3, 10)
    assert proof
    status, _, body = world.post(request(3, proof, world.log.note(10)))
    assert status == 200, body
    assert world.latest() == (10, world.log.root(10))
    # A power-of-two old size (its root starts the path, and is left out of the proof).
    world.advance_to(16, old=10)
    world.advance_to(32, old=16)
    assert world.latest() == (32, world.log.root(32))


def test_a_stale_old_size_is_409_with_the_latest_size(world: World) -> None:
    world.advance_to(5)
    status, content_type, body = world.post(request(3, world.log.proof(3, 9), world.log.note(9)))
    assert (status, content_type, body) == (409, "text/x.tlog.size", b"5\n")
    status, content_type, body = world.post(request(0, [], world.log.note(9)))
    assert (status, content_type, body) == (409, "text/x.tlog.size", b"5\n")
    assert world.latest() == (5, world.log.root(5))


def test_a_fresh_witness_answers_409_zero_to_any_nonzero_old(world: World) -> None:
    status, content_type, body = world.post(request(4, world.log.proof(4, 8), world.log.note(8)))
    assert (status, content_type, body) == (409, "text/x.tlog.size", b"0\n")
    assert world.latest() is None


def test_the_same_size_with_another_root_is_409(world: World) -> None:
    world.advance_to(6)
    forged = world.log.note(6, root=bytes(32))  # signed by the real key
    status, content_type, body = world.post(request(6, [], forged))
    assert status == 409
    assert content_type == "application/problem+json"
    assert b"root_mismatch" in body
    assert world.latest() == (6, world.log.root(6))
    assert world.state.refused(world.log.origin) == [(6, 6, "RootMismatch")]
    # The evidence is the whole signed note: the log's signature over the other root.
    import sqlite3

    with sqlite3.connect(world.state.path) as db:
        (kept,) = db.execute("SELECT checkpoint FROM refused").fetchone()
    assert kept == forged


def test_the_same_checkpoint_again_is_cosigned_again(world: World) -> None:
    world.advance_to(6)
    status, _, _ = world.post(request(6, [], world.log.note(6)))
    assert status == 200
    assert world.latest() == (6, world.log.root(6))


def test_a_proof_that_fails_is_422_and_recorded_as_evidence(world: World) -> None:
    world.advance_to(4)
    proof = world.log.proof(4, 11)
    proof[-1] = bytes(32)
    status, content_type, body = world.post(request(4, proof, world.log.note(11)))
    assert (status, content_type) == (422, "application/problem+json")
    assert b'"field": "proof"' in body
    # A history rewritten before size 4 cannot be proved consistent with it either.
    other = FakeLog(private=world.log.private)
    other.leaves = [b"\x01" * 32, *world.log.leaves[1:11]]
    status, _, _ = world.post(request(4, other.proof(4, 11), other.note(11)))
    assert status == 422
    # An empty proof between different sizes, and a proof between equal sizes.
    assert world.post(request(4, [], world.log.note(11)))[0] == 422
    assert world.post(request(4, [bytes(32)], world.log.note(4)))[0] == 422
    assert world.latest() == (4, world.log.root(4))
    assert [r[2] for r in world.state.refused(world.log.origin)] == ["ProofFailed"] * 4


def test_an_old_size_above_the_checkpoint_is_400(world: World) -> None:
    world.advance_to(8)
    status, content_type, body = world.post(request(8, [], world.log.note(5)))
    assert (status, content_type) == (400, "application/problem+json")
    assert b"old_above_size" in body
    assert world.latest() == (8, world.log.root(8))


def test_an_unknown_origin_is_404(world: World) -> None:
    stranger = FakeLog(origin="example.org/another-log")
    status, content_type, body = world.post(request(0, [], stranger.note(2)))
    assert (status, content_type) == (404, "application/problem+json")
    assert b"unknown_origin" in body
    assert world.state.latest(stranger.origin) is None


def test_no_signature_of_a_trusted_key_is_403(world: World) -> None:
    impostor = Ed25519PrivateKey.generate()  # same origin, another key
    status, _, body = world.post(request(0, [], world.log.note(3, signer=impostor)))
    assert status == 403
    assert b"untrusted_signature" in body
    # The trusted key's line over another text does not verify either.
    genuine = world.log.note(3)
    tampered = genuine.replace("\n3\n", "\n4\n", 1)
    assert world.post(request(0, [], tampered))[0] == 403
    assert world.latest() is None


def test_signatures_of_unknown_keys_are_ignored(world: World) -> None:
    text = world.log.body_text(3)
    stranger = n.sign_note(text, "someone.else/key", Ed25519PrivateKey.generate())
    impostor = n.sign_note(text, world.log.origin, Ed25519PrivateKey.generate())
    genuine = n.sign_note(text, world.log.origin, world.log.private)
    checkpoint = text + "\n" + stranger.line() + impostor.line() + genuine.line()
    assert world.post(request(0, [], checkpoint))[0] == 200


def test_a_checkpoint_signed_by_the_logs_rotated_key_is_cosigned(world: World) -> None:
    world.advance_to(3)
    status, _, _ = world.post(
        request(3, world.log.proof(3, 7), world.log.note(7, signer=world.rotated))
    )
    assert status == 200
    assert world.latest() == (7, world.log.root(7))


def test_the_404_comes_before_the_403_and_the_403_before_the_400(world: World) -> None:
    stranger = FakeLog(origin="example.org/another-log")
    unsigned_stranger = stranger.note(2, signer=Ed25519PrivateKey.generate())
    assert world.post(request(9, [], unsigned_stranger))[0] == 404
    assert world.post(request(9, [], world.log.note(2, signer=world.rotated)))[0] == 400
    assert world.post(request(9, [], world.log.note(2, signer=stranger.private)))[0] == 403


def proof_lines(count: int) -> str:
    return "".join(b64(bytes([i]) * 32) + "\n" for i in range(count))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{note}", "old"),  # no old line
        ("old 0\n{note}", "proof"),  # no blank line: the checkpoint reads as proof lines
        ("old 0\nexample.com/directive-ledger\n", "body"),  # no blank line at all
        ("old 03\n\n{note}", "old"),
        ("old -1\n\n{note}", "old"),
        ("old  3\n\n{note}", "old"),
        ("olds 3\n\n{note}", "old"),
        ("old\n\n{note}", "old"),
        ("old 3\nnot base64!\n\n{note}", "proof"),
        ("old 3\n" + b64(bytes(31)) + "\n\n{note}", "proof"),
        ("old 3\n" + proof_lines(64) + "\n{note}", "proof"),
        ("old 0\n" + proof_lines(1) + "\n{note}", "proof"),
        ("old 0\n\nexample.com/directive-ledger\n3\n\n", "checkpoint"),  # no signature
        ("old 0\n\nnot a checkpoint\n\n{sig}", "checkpoint"),
        ("old 0\n\nexample.com/directive-ledger\n03\nAAAA\n\n{sig}", "checkpoint"),
    ],
)
def test_malformed_bodies_are_400_naming_the_field(world: World, body: str, field: str) -> None:
    checkpoint = world.log.note(3)
    signature_line = checkpoint.split("\n\n")[1]
    raw = body.replace("{note}", checkpoint).replace("{sig}", signature_line).encode()
    status, content_type, answer = world.post(raw)
    assert (status, content_type) == (400, "application/problem+json")
    assert f'"field": "{field}"'.encode() in answer
    assert world.latest() is None


def test_a_body_that_is_not_utf8_is_400(world: World) -> None:
    status, _, _ = world.post(b"old 0\n\n\xff\xfe\n")
    assert status == 400


def test_63_proof_lines_are_accepted_as_a_well_formed_body(world: World) -> None:
    world.advance_to(3)
    raw = ("old 3\n" + proof_lines(63) + "\n" + world.log.note(5)).encode()
    assert world.post(raw)[0] == 422  # parsed, then the proof fails


def test_a_body_over_64_kib_is_413(world: World) -> None:
    status, _, _ = world.post(b"old 0\n\n" + b"x" * (64 * 1024))
    assert status == 413


def test_only_post_is_served(world: World) -> None:
    assert world.client.get("/add-checkpoint").status_code == 405
