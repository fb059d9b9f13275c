"""Go's golang.org/x/mod/sumdb/note opens a checkpoint note that carries our witness's
cosignature lines: they are well-formed signature lines of a key it does not know, which
it ignores, as signed-note asks of every verifier."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import note as n
from ledger.witness.service import Witness
from ledger.witness.state import WitnessState
from tests.interop.conftest import GoVerify
from tests.witness.witness_support import FakeLog, request


def test_go_opens_a_note_cosigned_by_our_witness(goverify: GoVerify, tmp_path: Path) -> None:
    log = FakeLog()
    keys = [Ed25519PrivateKey.generate() for _ in range(2)]
    witnesses = [
        Witness(
            n.Vkey.ed25519(f"witness.test/w{i}", k.public_key().public_bytes_raw(), 0x04),
            k,
            [log.vkey],
            WitnessState(tmp_path / f"w{i}.sqlite"),
        )
        for i, k in enumerate(keys)
    ]
    checkpoint = log.note(21)
    lines = []
    for witness in witnesses:
        answer = witness.add_checkpoint(request(0, [], checkpoint))
        assert answer.status == 200
        lines.append(answer.body.decode())
    cosigned = n.add_signature_lines(checkpoint, lines)
    assert cosigned.count("\n\u2014 ") == 3
    (tmp_path / "cosigned").write_text(cosigned, encoding="utf-8")
    opened = goverify("note", str(log.vkey), tmp_path / "cosigned")
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == log.body_text(21)
    # Our own reading of it: both cosignatures verify over that exact body.
    note = n.parse_note(cosigned)
    assert all(n.cosignature_time(note, w.vkey) is not None for w in witnesses)
