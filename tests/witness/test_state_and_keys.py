"""The witness's state takes one step at a time (concurrent requests with the same old
size: one wins), is append-only, and its key file is written once, mode 0600."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from ledger.integrity import note as n
from ledger.witness.keyfile import WitnessKeyError, create_witness_key, load_witness_key
from ledger.witness.state import Advanced, OldMismatch, WitnessState
from tests.witness.witness_support import FakeLog


def test_concurrent_requests_from_the_same_old_size_advance_once(tmp_path: Path) -> None:
    log = FakeLog()
    state = WitnessState(tmp_path / "w.sqlite")
    body = n.parse_checkpoint(log.body_text(4))
    assert isinstance(state.advance(0, (), body, log.note(4)), Advanced)
    sizes = list(range(5, 13))
    requests = [(log.proof(4, s), n.parse_checkpoint(log.body_text(s)), log.note(s)) for s in sizes]
    outcomes: list[object] = [None] * len(sizes)
    barrier = threading.Barrier(len(sizes))

    def submit(i: int) -> None:
        proof, checkpoint, text = requests[i]
        barrier.wait()
        outcomes[i] = WitnessState(state.path).advance(4, tuple(proof), checkpoint, text)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(sizes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [sizes[i] for i, o in enumerate(outcomes) if isinstance(o, Advanced)]
    assert len(winners) == 1
    assert all(isinstance(o, OldMismatch) and o.latest == winners[0] for o in outcomes
               if not isinstance(o, Advanced))  # fmt: skip
    assert state.latest(log.origin) == (winners[0], log.root(winners[0]))


def test_the_cosigned_history_refuses_update_and_delete(tmp_path: Path) -> None:
    log = FakeLog()
    state = WitnessState(tmp_path / "w.sqlite")
    state.advance(0, (), n.parse_checkpoint(log.body_text(4)), log.note(4))
    db = sqlite3.connect(state.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE cosigned SET size = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM cosigned")
    db.close()
    assert state.latest(log.origin) == (4, log.root(4))


def test_the_key_file_is_written_once_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "witness.key"
    vkey = create_witness_key(path, "witness.example/w1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(vkey).startswith("witness.example/w1+")
    parsed = n.Vkey.parse(str(vkey))
    assert parsed.sig_type == n.COSIGNATURE_V1 == 0x04
    loaded, private = load_witness_key(path)
    assert loaded == parsed
    assert private.public_key().public_bytes_raw() == parsed.public_key
    before = path.read_bytes()
    with pytest.raises(WitnessKeyError, match="never overwritten"):
        create_witness_key(path, "witness.example/w2")
    assert path.read_bytes() == before


def test_a_key_file_others_may_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "witness.key"
    create_witness_key(path, "witness.example/w1")
    path.chmod(0o644)
    with pytest.raises(WitnessKeyError, match="chmod 600"):
        load_witness_key(path)


def test_a_log_signing_key_is_not_a_witness_key(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = tmp_path / "log.key"
    path.write_text(n.signer_key_text("example.com/log", Ed25519PrivateKey.generate()) + "\n")
    path.chmod(0o600)
    with pytest.raises(WitnessKeyError, match="not a witness key"):
        load_witness_key(path)


@pytest.mark.parametrize("name", ["", "with space", "plus+sign"])
def test_a_bad_witness_name_is_refused_before_any_file_is_written(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "witness.key"
    with pytest.raises(WitnessKeyError):
        create_witness_key(path, name)
    assert not path.exists()
