"""`serve` with LEDGER_WITNESS_POLICY and its witness down: writes are answered at once,
the checkpoints stay unwitnessed; when the witness comes up, the background submitter's
next retry gets the cosignature, and `GET /v1/audit/checkpoint` serves it in the note."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.application.signing import SigningService
from ledger.domain import commands as c
from ledger.domain.values import Role
from ledger.integrity import note as n
from ledger.settings import Settings
from tests.api.conftest import LEAD_UNIT, advance, issue, make_principal
from tests.api.live_server import LiveServer
from tests.witness.live_witness import LiveWitness, witness_init


@pytest.mark.slow
def test_a_down_witness_never_blocks_writes_and_cosigns_when_it_is_back(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "signing.key"))
    monkeypatch.setenv("LEDGER_CHECKPOINT_EVERY", "5")
    monkeypatch.setenv("LEDGER_CHECKPOINT_SECONDS", "1")
    ledger = LedgerApplication(Settings.from_env(database_url=sqlite_url))
    SigningService(ledger).init()
    unit = make_principal(ledger, "Văn phòng Tỉnh ủy", Role.UNIT, LEAD_UNIT)
    directive_id = issue(ledger)
    advance(ledger, directive_id, c.Accept())
    log_vkey = str(AuditService(ledger).public_key()["vkey"])
    ledger.close()

    made = witness_init("witness.test/w1", tmp_path / "w1.key")
    witness_vkey = n.Vkey.parse(made.stdout.strip())
    witness = LiveWitness(tmp_path / "w1.key", [log_vkey], tmp_path / "w1.sqlite",
                          tmp_path / "w1.log")  # fmt: skip
    policy = tmp_path / "policy.txt"
    policy.write_text(f"witness w1 {witness_vkey} {witness.url}\nquorum w1\n")
    monkeypatch.setenv("LEDGER_WITNESS_POLICY", str(policy))

    server = LiveServer(sqlite_url, tmp_path / "server.log").start()
    try:
        headers = {"Authorization": f"Bearer {unit.token}"}
        url = f"{server.url}/v1/directives/{directive_id}/events"
        slowest = 0.0
        with httpx.Client(timeout=10) as client:
            for i in range(30):
                started = time.monotonic()
                body = {"type": "progress_reported", "percent": i, "narrative": f"Báo cáo {i}"}
                assert client.post(url, json=body, headers=headers).status_code == 201
                slowest = max(slowest, time.monotonic() - started)
        assert slowest < 1.0  # no write waited for the witness
        note = wait_for_note(server.url, lambda note: note.count("\u2014") >= 1)
        assert note.count("\n\u2014 ") == 1  # the log's own signature only: unwitnessed
        assert "not witnessed by w1" in (tmp_path / "server.log").read_text()

        witness.start()
        note = wait_for_note(server.url, lambda note: "\u2014 witness.test/w1 " in note)
        cosigned = n.parse_note(note)
        assert n.cosignature_time(cosigned, witness_vkey) is not None
    finally:
        server.kill()
        witness.kill()


def wait_for_note(base: str, done: Callable[[str], bool], timeout: float = 40.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = httpx.get(base + "/v1/audit/checkpoint", timeout=5)
        if answer.status_code == 200 and done(answer.text):
            return answer.text
        time.sleep(0.3)
    raise AssertionError(f"no such checkpoint note in {timeout} s")
