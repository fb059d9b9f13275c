"""Proof bundles from a real store: ``GET /v1/audit/proofs/{position}.tlog-proof`` and
``directive-ledger prove`` give the same c2sp.org/tlog-proof@v1 text, Go's sumdb/note and
sumdb/tlog accept it, and ``verify-proof`` checks it offline and prints the event."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.application.signing import SigningService
from ledger.cli import app as cli
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity.note import COSIGNATURE_V1, Vkey, add_signature_lines, cosign, parse_note
from ledger.sample import load_sample, sample_id
from tests.api.conftest import Principal
from tests.interop.conftest import GoVerify

TEXT = "Hoàn thành trước Tết Nguyên đán"


def test_a_bundle_is_served_proved_by_go_and_checked_offline(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    sqlite_url: str,
    goverify: GoVerify,
    tmp_path: Path,
) -> None:
    SigningService(ledger).init()
    load_sample(ledger)
    directive = sample_id("TW-03")
    ledger.record_follow_up(
        directive, Annotate(refers_to_version=1, text=TEXT), ledger.context(SYSTEM_ACTOR)
    )
    position = ledger.max_position()
    path = f"/v1/audit/proofs/{position}.tlog-proof"
    auditor = principals["auditor"].headers
    early = client.get(path, headers=auditor)
    assert early.status_code == 404  # no checkpoint yet
    AuditService(ledger).create_checkpoint()
    assert client.get(path).status_code == 401
    assert client.get(path, headers=principals["unit"].headers).status_code == 403
    served = client.get(path, headers=auditor)
    assert served.status_code == 200, served.text
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    bundle = served.text
    assert bundle.startswith("c2sp.org/tlog-proof@v1\nextra ")
    assert f"\nindex {position - 1}\n" in bundle
    assert bundle.endswith(client.get("/v1/audit/checkpoint").text)
    assert client.get(path, headers=principals["admin"].headers).text == bundle
    vkey = client.get("/v1/audit/public-key").json()["vkey"]

    runner = CliRunner()
    proved = runner.invoke(cli, ["prove", str(position), "--database-url", sqlite_url])
    assert proved.exit_code == 0, proved.output
    assert proved.output == bundle
    out = tmp_path / f"{position}.tlog-proof"
    out.write_text(bundle, encoding="utf-8")

    go = goverify("proof", vkey, out)
    assert go.returncode == 0, go.stderr
    assert go.stdout == f"ok localhost/directive-ledger {position} {position - 1}\n"

    checked = runner.invoke(cli, ["verify-proof", str(out), "--vkey", vkey], env={"COLUMNS": "300"})
    assert checked.exit_code == 0, checked.output
    assert f"OK: position {position} (annotated, {directive} v" in checked.output
    entry = json.loads(checked.output[checked.output.index("{") :])
    assert entry["data"]["text"] == TEXT

    # One changed character of the entry, or another log's key, and it fails.
    forged = tmp_path / "forged.tlog-proof"
    lines = bundle.split("\n")
    extra = base64.b64decode(lines[1].removeprefix("extra ")).replace(
        TEXT.encode(), TEXT.replace("Tết", "Tet").encode()
    )
    lines[1] = "extra " + base64.b64encode(extra).decode()
    forged.write_text("\n".join(lines), encoding="utf-8")
    refused = runner.invoke(cli, ["verify-proof", str(forged), "--vkey", vkey])
    assert refused.exit_code == 1
    assert "is not included at index" in refused.output
    assert goverify("proof", vkey, forged).returncode == 1

    too_far = client.get(f"/v1/audit/proofs/{position + 1}.tlog-proof", headers=auditor)
    assert too_far.status_code == 404  # valid by the schema, beyond the log (yet)
    assert too_far.json()["rule"] == "beyond_the_log"


def test_verify_proof_with_a_witness_policy_requires_its_quorum(
    client: TestClient,
    ledger: LedgerApplication,
    principals: dict[str, Principal],
    tmp_path: Path,
) -> None:
    SigningService(ledger).init()
    load_sample(ledger)
    AuditService(ledger).create_checkpoint()
    bundle = client.get("/v1/audit/proofs/5.tlog-proof", headers=principals["auditor"].headers).text
    log_vkey = client.get("/v1/audit/public-key").json()["vkey"]
    head, note = bundle.split("\n\n", 1)
    witnesses = {name: Ed25519PrivateKey.generate() for name in ("w1.example", "w2.example")}
    vkeys = {
        name: Vkey.ed25519(name, key.public_key().public_bytes_raw(), COSIGNATURE_V1)
        for name, key in witnesses.items()
    }
    text = parse_note(note).text
    cosigned = add_signature_lines(
        note, [cosign(text, "w1.example", witnesses["w1.example"], 1_700_000_000).line()]
    )
    path = tmp_path / "5.tlog-proof"
    path.write_text(head + "\n\n" + cosigned, encoding="utf-8")
    runner = CliRunner()
    for quorum, code in (("w1.example", 0), ("w2.example", 1), ("none", 0)):
        policy = tmp_path / f"{quorum}.policy"
        policy.write_text(
            f"# the auditor's policy\nlog {log_vkey}\n"
            + "".join(f"witness {name} {v}\n" for name, v in vkeys.items())
            + f"quorum {quorum}\n",
            encoding="utf-8",
        )
        # The log's key comes from the policy: no --vkey needed.
        done = runner.invoke(
            cli,
            ["verify-proof", str(path), "--witness-policy", str(policy)],
            env={"COLUMNS": "300"},
        )
        assert done.exit_code == code, (quorum, done.output)
        if code:
            assert (
                "valid cosignatures from w1.example; the quorum 'w2.example' is not met"
                in done.output
            )
    bare = runner.invoke(cli, ["verify-proof", str(path)])
    assert bare.exit_code == 2
