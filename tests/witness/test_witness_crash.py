"""A real witness killed with SIGKILL between two checkpoints restarts on its state
file at the size it last cosigned: it answered only what was already on disk."""

from __future__ import annotations

from pathlib import Path

from ledger.integrity import note as n
from tests.witness.live_witness import LiveWitness, witness_init
from tests.witness.witness_support import FakeLog, request


def test_witness_init_prints_a_cosigner_vkey_and_never_overwrites(tmp_path: Path) -> None:
    key_file = tmp_path / "w.key"
    made = witness_init("witness.example/w1", key_file)
    assert made.returncode == 0, made.stderr
    vkey = n.Vkey.parse(made.stdout.strip())
    assert (vkey.name, vkey.sig_type) == ("witness.example/w1", 0x04)
    assert "PRIVATE" not in made.stdout
    again = witness_init("witness.example/w1", key_file)
    assert again.returncode == 1
    assert "never overwritten" in again.stderr


def test_a_killed_witness_loses_no_state(tmp_path: Path) -> None:
    key_file = tmp_path / "w.key"
    made = witness_init("witness.example/w1", key_file)
    vkey = n.Vkey.parse(made.stdout.strip())
    log = FakeLog()
    witness = LiveWitness(key_file, [str(log.vkey)], tmp_path / "state.sqlite", tmp_path / "w.log")
    witness.start()
    try:
        first = witness.add_checkpoint(request(0, [], log.note(5)))
        assert first.status_code == 200, first.text
        second = witness.add_checkpoint(request(5, log.proof(5, 12), log.note(12)))
        assert second.status_code == 200, second.text
        witness.kill()  # right after the answer: nothing more was flushed on the way out
        witness.start()
        stale = witness.add_checkpoint(request(5, log.proof(5, 20), log.note(20)))
        assert (stale.status_code, stale.headers["content-type"], stale.content) == (
            409,
            "text/x.tlog.size",
            b"12\n",
        )
        third = witness.add_checkpoint(request(12, log.proof(12, 20), log.note(20)))
        assert third.status_code == 200, third.text
        cosigned = n.parse_note(log.note(20) + third.text)
        assert n.cosignature_time(cosigned, vkey) is not None
    finally:
        witness.kill()


def test_a_witness_killed_mid_stream_keeps_every_size_it_cosigned(tmp_path: Path) -> None:
    import threading
    import time

    import httpx

    key_file = tmp_path / "w.key"
    witness_init("witness.example/w1", key_file)
    log = FakeLog()
    log.grow(400)
    witness = LiveWitness(key_file, [str(log.vkey)], tmp_path / "state.sqlite", tmp_path / "w.log")
    witness.start()
    acknowledged = [0]
    sent = [0]

    def stream() -> None:
        old = 0
        for size in range(1, 400):
            body = request(old, log.proof(old, size) if old else [], log.note(size))
            sent[0] = size
            try:
                answer = witness.add_checkpoint(body)
            except httpx.HTTPError:
                return
            if answer.status_code != 200:
                return
            acknowledged[0] = old = size

    client = threading.Thread(target=stream)
    client.start()
    try:
        while acknowledged[0] < 20:
            time.sleep(0.01)
        witness.kill()
        client.join()
        witness.start()
        probe = witness.add_checkpoint(request(0, [], log.note(1)))
        assert probe.headers["content-type"] == "text/x.tlog.size"
        recorded = int(probe.text)
        # Every 200 was on disk; at most the request in flight was also recorded.
        assert acknowledged[0] <= recorded <= sent[0]
    finally:
        witness.kill()
