"""Evidence files: judged by content, stored content-addressed and append-only, cited by
sha256 through the API, checked by ``verify`` (naming the event), exported and replayed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.application import media_types as m
from ledger.application.files import files_of
from ledger.application.signing import SigningService
from ledger.cli import app as cli
from ledger.domain.values import SYSTEM_ACTOR, Role
from tests.unit.ledger_helpers import make_app
from tests.workspace import samples
from tests.workspace.web_helpers import LEAD_UNIT, issue


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.pdf(), m.PDF),
        (samples.png(), m.PNG),
        (samples.jpeg(), m.JPEG),
        (samples.docx(), m.DOCX),
        (samples.xlsx(), m.XLSX),
        (samples.odt(), m.ODT),
        (b"MZ\x90\x00\x03 a program", None),
        (samples.pdf()[:-8], None),  # a truncated PDF has no %%EOF
        (samples.png()[:20], None),
        (samples.zip_of({"a.txt": b"a zip, but no document"}), None),
        (samples.zip_of({"[Content_Types].xml": b"<T/>", "ppt/presentation.xml": b""}), None),
        (b"<html>not a document</html>", None),
    ],
)
def test_kind_is_judged_by_content(content: bytes, kind: str | None) -> None:
    assert m.sniff(content) == kind


@pytest.fixture
def ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = make_app(database_url)
    yield app
    app.close()


def unit_token(ledger: LedgerApplication) -> str:
    token, _ = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="Sở KH&ĐT", role=Role.UNIT, unit=LEAD_UNIT
    )
    return token


def test_upload_through_the_api_then_cite_by_sha256(ledger: LedgerApplication) -> None:
    directive = issue(ledger)
    headers = {"Authorization": f"Bearer {unit_token(ledger)}"}
    content = samples.docx()
    with TestClient(create_app(ledger=ledger)) as api:
        answer = api.post("/v1/files", files={"file": ("x.bin", content)}, headers=headers)
        assert answer.status_code == 201, answer.text
        sha = answer.json()["sha256"]
        assert answer.json() == {"sha256": sha, "size": len(content), "media_type": m.DOCX}
        # The same bytes again store nothing new.
        again = api.post("/v1/files", files={"file": ("y.docx", content)}, headers=headers)
        assert again.json()["sha256"] == sha
        refused = api.post(
            "/v1/files", files={"file": ("report.pdf", b"#!/bin/sh\necho")}, headers=headers
        )
        assert refused.status_code == 422
        assert refused.json()["rule"] == "file_type"
        too_big = api.post(
            "/v1/files",
            content=b"x",
            headers={**headers, "Content-Length": str(30 * 1024 * 1024)},
        )
        assert too_big.status_code == 413
        api.post(f"/v1/directives/{directive}/events", json={"type": "accepted"}, headers=headers)
        cited = api.post(
            f"/v1/directives/{directive}/events",
            json={
                "type": "progress_reported",
                "percent": 20,
                "narrative": "Kế hoạch triển khai",
                "evidence": [{"title": "Kế hoạch", "reference": "12/KH-SKHĐT", "sha256": sha}],
            },
            headers=headers,
        )
        assert cited.status_code == 201, cited.text
        evidence = ledger.history(directive)[-1]["data"]["evidence"][0]
        assert evidence["size"] == len(content)
        assert evidence["media_type"] == m.DOCX
        assert evidence["file_name"] == "12/KH-SKHĐT"
        download = api.get(f"/files/{sha}", headers=headers)
        assert download.content == content
        assert download.headers["content-type"] == m.DOCX
        assert api.get(f"/files/{sha}").status_code == 401


def test_files_are_append_only(ledger: LedgerApplication) -> None:
    files = files_of(ledger)
    stored = files.put(samples.pdf())
    with pytest.raises(Exception, match="append-only"):
        files.db.execute("UPDATE {ledger_files} SET size = 1 WHERE sha256 = ?", (stored.sha256,))
    with pytest.raises(Exception, match="append-only"):
        files.db.execute("DELETE FROM {ledger_files} WHERE sha256 = ?", (stored.sha256,))
    assert files.content(stored.sha256) == samples.pdf()


def _cite(ledger: LedgerApplication) -> tuple[UUID, str]:
    from ledger.domain import commands as c
    from ledger.domain.values import Actor

    directive = issue(ledger)
    lead = Actor(id="unit", role=Role.UNIT, unit=LEAD_UNIT)
    stored = files_of(ledger).put(samples.pdf("Báo cáo quý"))
    ledger.record_follow_up(directive, c.Accept(), ledger.context(lead))
    evidence = files_of(ledger).evidence(stored.sha256, title="Báo cáo", file_name="bc.pdf")
    ledger.record_follow_up(
        directive, c.ReportProgress(10, "Đã làm", [evidence]), ledger.context(lead)
    )
    return directive, stored.sha256


def _tamper(url: str, sha: str) -> None:
    """As the database's owner would: past the trigger, one byte changed."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("DROP TRIGGER ledger_files_no_update")
        conn.execute(
            "UPDATE ledger_files SET content = CAST(REPLACE(CAST(content AS TEXT), 'quý', 'quy')"
            " AS BLOB) WHERE sha256 = ?",
            (sha,),
        )
        conn.commit()
        conn.close()
        return
    with psycopg.connect(url) as conn:
        conn.execute("DROP TRIGGER ledger_files_append_only ON ledger_files")
        conn.execute(
            "UPDATE ledger_files SET content = overlay(content placing '\\x21'::bytea from 12) "
            "WHERE sha256 = %s",
            (sha,),
        )


def test_verify_catches_a_changed_byte_naming_the_event(
    ledger: LedgerApplication, database_url: str
) -> None:
    directive, sha = _cite(ledger)
    runner = CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"})
    ok = runner.invoke(cli, ["verify", "--database-url", database_url])
    assert ok.exit_code == 0, ok.output
    _tamper(database_url, sha)
    failed = runner.invoke(cli, ["verify", "--database-url", database_url])
    assert failed.exit_code == 1, failed.output
    assert f"directive {directive} version 3" in failed.output
    assert f"evidence file {sha}" in failed.output


def test_export_writes_the_files_and_replay_restores_them(
    ledger: LedgerApplication, database_url: str, tmp_path: Path
) -> None:
    _directive, sha = _cite(ledger)
    # An export is verified against the auditor's own anchor: the ledger's first key.
    anchor = SigningService(ledger).init().public
    key_file = tmp_path / "ledger-key.json"
    key_file.write_text(json.dumps(anchor.as_dict()), encoding="utf-8")
    trust = ["--public-key", str(key_file)]
    runner = CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"})
    out = tmp_path / "ledger.jsonl"
    exported = runner.invoke(cli, ["export", "--out", str(out), "--database-url", database_url])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "ledger.jsonl.files" / sha).read_bytes() == samples.pdf("Báo cáo quý")
    checked = runner.invoke(cli, ["verify", str(out), *trust])
    assert checked.exit_code == 0, checked.output
    fresh_url = f"sqlite:///{tmp_path / 'replayed.sqlite'}"
    replayed = runner.invoke(cli, ["replay", str(out), *trust, "--database-url", fresh_url])
    assert replayed.exit_code == 0, replayed.output
    fresh = make_app(fresh_url)
    try:
        assert files_of(fresh).content(sha) == samples.pdf("Báo cáo quý")
    finally:
        fresh.close()
    # A changed byte in an exported file is caught by verify.
    path = tmp_path / "ledger.jsonl.files" / sha
    path.write_bytes(path.read_bytes().replace(b"%PDF-1.4", b"%PDF-1.5"))
    failed = runner.invoke(cli, ["verify", str(out), *trust])
    assert failed.exit_code == 1
    assert f"evidence file {sha}" in failed.output
