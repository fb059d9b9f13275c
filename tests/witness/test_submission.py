"""The log's side: a client that learns a witness's size from a 409 and retries with a
consistency proof, and a background submitter that retries a failing witness with
exponential backoff and stores each cosignature. The witness here is the real
``Witness`` logic behind httpx's MockTransport (no sockets)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.application.witness_client import (
    WitnessAhead,
    WitnessClient,
    WitnessFailure,
    clients_for,
    collect_cosignatures,
)
from ledger.application.witness_submitter import Submitter
from ledger.integrity import note as n
from ledger.integrity.policy import PolicyWitness, parse_policy
from ledger.witness.service import Witness
from ledger.witness.state import WitnessState
from tests.witness.witness_support import FakeLog, request


class Served:
    """A witness reachable at http://<name>/ through a MockTransport, that can go down."""

    def __init__(self, tmp_path: Path, name: str, log: FakeLog) -> None:
        self.private = Ed25519PrivateKey.generate()
        public = self.private.public_key().public_bytes_raw()
        self.vkey = n.Vkey.ed25519(f"{name}.example/w", public, n.COSIGNATURE_V1)
        self.witness = Witness(self.vkey, self.private, [log.vkey], WitnessState(tmp_path / name))
        self.url = f"http://{name}.test"
        self.up = True
        self.requests: list[bytes] = []

    def policy_line(self, name: str) -> str:
        return f"witness {name} {self.vkey} {self.url}\n"

    def handle(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        assert request.url.path == "/add-checkpoint"
        self.requests.append(request.content)
        answer = self.witness.add_checkpoint(request.content)
        return httpx.Response(
            answer.status, headers={"content-type": answer.content_type}, content=answer.body
        )


def router(*served: Served) -> httpx.Client:
    by_host = {httpx.URL(s.url).host: s for s in served}
    return httpx.Client(transport=httpx.MockTransport(lambda r: by_host[r.url.host].handle(r)))


def test_a_client_learns_the_witness_size_from_a_409_and_sends_a_proof(tmp_path: Path) -> None:
    log = FakeLog()
    served = Served(tmp_path, "a", log)
    assert served.witness.add_checkpoint(request(0, [], log.note(5))).status == 200
    client = WitnessClient(PolicyWitness("a", served.vkey, served.url), router(served))
    line = client.submit(log.note(9), log.proof)
    assert [body.split(b"\n", 1)[0] for body in served.requests] == [b"old 0", b"old 5"]
    assert served.requests[1] == request(5, log.proof(5, 9), log.note(9))
    assert n.cosignature_time(n.parse_note(log.note(9) + line.line()), served.vkey) is not None
    assert client.known_size == 9
    client.submit(log.note(12), log.proof)  # known now: one request
    assert served.requests[-1].startswith(b"old 9\n")
    assert len(served.requests) == 3


def test_a_witness_ahead_of_the_checkpoint_is_reported(tmp_path: Path) -> None:
    log = FakeLog()
    served = Served(tmp_path, "a", log)
    served.witness.add_checkpoint(request(0, [], log.note(20)))
    client = WitnessClient(PolicyWitness("a", served.vkey, served.url), router(served))
    with pytest.raises(WitnessAhead, match="cosigned size 20, above this checkpoint's 9"):
        client.submit(log.note(9), log.proof)


def test_refusals_and_forged_answers_are_failures(tmp_path: Path) -> None:
    log = FakeLog()
    served = Served(tmp_path, "a", log)
    client = WitnessClient(PolicyWitness("a", served.vkey, served.url), router(served))
    stranger = FakeLog()  # same origin, a key the witness does not trust
    with pytest.raises(WitnessFailure, match="answered 403"):
        client.submit(stranger.note(3), stranger.proof)
    # A 200 whose line is not a valid cosignature of the configured witness key.
    impostor = Ed25519PrivateKey.generate()
    line = n.cosign(log.body_text(3), served.vkey.name, impostor, 1).line()
    fake = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, text=line)))
    with pytest.raises(WitnessFailure, match="no valid cosignature"):
        WitnessClient(PolicyWitness("a", served.vkey, served.url), fake).submit(
            log.note(3), log.proof
        )


def test_collect_returns_what_it_got_and_why_the_others_failed(tmp_path: Path) -> None:
    log = FakeLog()
    a, b = Served(tmp_path, "a", log), Served(tmp_path, "b", log)
    b.up = False
    policy = parse_policy((a.policy_line("A") + b.policy_line("B") + "quorum A\n").encode())
    lines, failures = collect_cosignatures(
        log.note(4), log.proof, clients_for(policy, router(a, b))
    )
    assert len(lines) == 1
    assert set(failures) == {"B"}
    assert "unreachable" in failures["B"]
    assert policy.quorum_met(n.parse_note(log.note(4) + "".join(lines)))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_down_witness_is_retried_with_exponential_backoff(tmp_path: Path) -> None:
    log = FakeLog()
    a, b = Served(tmp_path, "a", log), Served(tmp_path, "b", log)
    b.up = False
    policy = parse_policy((a.policy_line("A") + b.policy_line("B") + "quorum none\n").encode())
    stored: dict[int, list[str]] = {}
    latest = [(4, log.note(4))]
    clock = Clock()
    submitter = Submitter(
        clients_for(policy, router(a, b)),
        latest=lambda: latest[0],
        proof=log.proof,
        store=lambda size, lines: stored.setdefault(size, []).extend(lines),
        stored=lambda size: stored.get(size, []),
        base_delay=1.0,
        max_delay=8.0,
        clock=clock,
    )
    delays = [submitter.run_pass()]
    for _ in range(5):
        clock.now += delays[-1] or 0.0
        delays.append(submitter.run_pass())
    assert delays == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]  # doubling, capped
    assert len(a.requests) == 1  # A cosigned once and is left alone
    assert len(stored[4]) == 1
    # Before the next retry is due, B is not called.
    latest[0] = (9, log.note(9))
    clock.now += 1.0
    assert submitter.run_pass() == pytest.approx(7.0)
    assert len(stored[9]) == 1  # A got the new checkpoint at once
    # B comes back: the latest checkpoint is cosigned by both, the backoff forgotten.
    b.up = True
    clock.now += 7.0
    assert submitter.run_pass() is None
    note = n.parse_note(n.add_signature_lines(log.note(9), stored[9]))
    assert set(policy.cosigned_by(note)) == {"A", "B"}
    assert submitter.failures == {}


def test_after_a_restart_stored_cosignatures_are_not_asked_again(tmp_path: Path) -> None:
    log = FakeLog()
    a = Served(tmp_path, "a", log)
    policy = parse_policy((a.policy_line("A") + "quorum A\n").encode())
    stored: dict[int, list[str]] = {}

    def make() -> Submitter:
        return Submitter(
            clients_for(policy, router(a)),
            latest=lambda: (6, log.note(6)),
            proof=log.proof,
            store=lambda size, lines: stored.setdefault(size, []).extend(lines),
            stored=lambda size: stored.get(size, []),
        )

    assert make().run_pass() is None
    assert make().run_pass() is None
    assert len(a.requests) == 1
    assert len(stored[6]) == 1


def test_the_background_thread_submits_on_notify(tmp_path: Path) -> None:
    import threading

    log = FakeLog()
    a = Served(tmp_path, "a", log)
    policy = parse_policy((a.policy_line("A") + "quorum A\n").encode())
    stored: dict[int, list[str]] = {}
    arrived = threading.Event()
    latest: list[tuple[int, str] | None] = [None]

    def store(size: int, lines: list[str]) -> None:
        stored.setdefault(size, []).extend(lines)
        arrived.set()

    submitter = Submitter(
        clients_for(policy, router(a)),
        latest=lambda: latest[0],
        proof=log.proof,
        store=store,
        stored=lambda size: stored.get(size, []),
        idle_poll=60.0,
    )
    submitter.start()
    try:
        latest[0] = (3, log.note(3))
        submitter.notify()
        assert arrived.wait(10)
        assert list(stored) == [3]
    finally:
        submitter.stop()
