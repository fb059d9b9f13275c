"""``verify-report`` (issue 15): an untouched report is confirmed, against the store or
a replayed export, even after the log has moved on; a report with one changed figure is
refuted, exit 1, naming the figure; so is a checkpoint signed by another key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ledger.application.audit import AuditService
from ledger.application.reports import ReportRequest, parse_period
from ledger.application.reports.document import build_report
from ledger.application.reports.render import render_pdf
from ledger.cli import app as cli
from ledger.integrity.keys import load_or_create_signing_key
from tests.reports_world import KEY_ENV, NV, ReportWorld, d, quarter_world


@pytest.fixture
def rw(database_url: str, tmp_path: Path) -> Iterator[ReportWorld]:
    r = quarter_world(database_url, tmp_path / "signing.key")
    AuditService(r.world.app).create_checkpoint()
    r.world.views.catch_up()
    yield r
    r.world.close()


@pytest.fixture
def runner(database_url: str, tmp_path: Path) -> CliRunner:
    env = {
        "COLUMNS": "300",
        "NO_COLOR": "1",
        "LEDGER_DATABASE_URL": database_url,
        KEY_ENV: str(tmp_path / "signing.key"),
    }
    return CliRunner(env=env)


def public_key_file(rw: ReportWorld, tmp_path: Path) -> Path:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(AuditService(rw.world.app).public_key()))
    return path


def make(runner: CliRunner, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    args = ["report", "--period", "2022-Q1", "--format", fmt, "--out", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def verify(runner: CliRunner, path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["verify-report", str(path), *extra])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("fmt", ["html", "xlsx", "pdf"])
def test_an_untouched_report_is_confirmed(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    path = make(runner, tmp_path, fmt)
    key = public_key_file(rw, tmp_path)
    code, output = verify(runner, path, "--public-key", str(key))
    assert code == 0, output
    assert f"CONFIRMED: 84 figures of the {fmt} report of 2022-Q1" in output
    # The ledger learns more about the period: the report still stands at its position.
    rw.world.report_completion(rw.ids["overdue_old"], d(3, 20))
    code, output = verify(runner, path, "--public-key", str(key))
    assert code == 0, output


def test_one_changed_cell_of_the_xlsx_is_named(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    path = make(runner, tmp_path, "xlsx")
    book = load_workbook(path)
    sheet = book["Bảng 1"]
    assert sheet["B4"].value == NV
    assert sheet["E4"].value == 1  # completed late
    sheet["E4"] = 0
    book.save(path)
    code, output = verify(runner, path)
    assert code == 1
    assert (
        f"REFUTED Bảng 1, units[{NV}].completed_late: the document shows 0, the views give 1"
        in output
    )


def test_one_changed_figure_of_the_html_is_named(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    path = make(runner, tmp_path, "html")
    html = path.read_text(encoding="utf-8")
    cell = 'data-figure="ageing[&gt;120].count">1</td>'
    assert html.count(cell) == 1
    path.write_text(html.replace(cell, cell.replace(">1<", ">0<")), encoding="utf-8")
    code, output = verify(runner, path)
    assert code == 1
    assert "REFUTED Bảng 4, ageing[>120].count: the document shows '0', the views give '1'" in (
        output
    )


def test_a_figure_key_in_square_brackets_is_printed_verbatim(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    # Rich reads "[a-z...]" as a markup tag and drops it: a row key starting with a
    # lowercase letter (half of all UUIDs) would vanish from the figure's name.
    path = make(runner, tmp_path, "html")
    html = path.read_text(encoding="utf-8")
    cell = f'data-figure="units[{NV}].completed_late"'
    assert html.count(cell) == 1
    path.write_text(html.replace(cell, 'data-figure="units[bogus].completed_late"'), "utf-8")
    code, output = verify(runner, path)
    assert code == 1
    assert f"REFUTED Bảng 1, units[{NV}].completed_late: missing from the report" in output
    assert "also: Bảng 1, units[bogus].completed_late: the document shows '1', not in" in output


def test_a_path_in_square_brackets_is_printed_verbatim(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "[draft] report.html"
    path.write_text("<html></html>", encoding="utf-8")
    result = runner.invoke(cli, ["verify-report", str(path)])
    assert result.exit_code == 2
    assert f"error {path}: no <script" in " ".join(result.output.split())


def test_one_changed_figure_of_the_pdf_is_named(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    w = rw.world
    report = build_report(w.views, AuditService(w.app), ReportRequest(parse_period("2022-Q1")))
    [extended] = report["tables"]["extended"]
    extended["deadline"] = "2022-12-31"
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    code, output = verify(runner, path)
    assert code == 1
    assert f"REFUTED Bảng 6, extended[{extended['id']}].deadline" in output


def test_a_figure_changed_in_the_pdfs_text_only_is_found(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    from weasyprint import HTML, Attachment

    from ledger.application.reports.render import render_html

    w = rw.world
    report = build_report(w.views, AuditService(w.app), ReportRequest(parse_period("2022-Q1")))
    shown = json.loads(json.dumps(report))
    shown["tables"]["ageing"]["total"] = 7  # the page says 7, the attachment 2
    attached = Attachment(string=json.dumps(report, ensure_ascii=False), name="report.json")
    path = tmp_path / "report.pdf"
    path.write_bytes(HTML(string=render_html(shown)).write_pdf(attachments=[attached]))
    code, output = verify(runner, path)
    assert code == 1
    assert "REFUTED the PDF's text, line" in output
    assert "Tổng cộng 7" in output
    assert "Tổng cộng 2" in output


def test_a_checkpoint_of_another_key_is_refuted(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    path = make(runner, tmp_path, "html")
    stranger, _ = load_or_create_signing_key(tmp_path / "stranger.key")
    other = tmp_path / "stranger.json"
    other.write_text(json.dumps(stranger.public.as_dict()))
    code, output = verify(runner, path, "--public-key", str(other))
    assert code == 1
    assert "REFUTED the checkpoint" in output
    assert "no signature of a trusted key" in output  # the C2SP note names no such key


def test_a_checkpoint_note_is_checked_with_the_vkey(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path
) -> None:
    """A checkpoint carrying a C2SP signed note (as the trust work serves them): checked
    with --vkey, or with the log's public key under the origin's name."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger.application.reports.render import render_html
    from ledger.integrity.keys import SigningKey
    from ledger.integrity.note import Vkey, checkpoint_text, sign_note

    w = rw.world
    report = build_report(w.views, AuditService(w.app), ReportRequest(parse_period("2022-Q1")))
    checkpoint = report["checkpoint"]
    private = Ed25519PrivateKey.generate()
    text = checkpoint_text(
        checkpoint["origin"], checkpoint["size"], bytes.fromhex(checkpoint["root_hash"])
    )
    checkpoint["note"] = text + "\n" + sign_note(text, checkpoint["origin"], private).line()
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    raw = private.public_key().public_bytes_raw()
    vkey = str(Vkey.ed25519(checkpoint["origin"], raw))
    code, output = verify(runner, path, "--vkey", vkey)
    assert code == 0, output
    key_file = tmp_path / "note-key.json"
    key_file.write_text(json.dumps(SigningKey(private).public.as_dict()))
    code, output = verify(runner, path, "--public-key", str(key_file))
    assert code == 0, output
    stranger = Vkey.ed25519(
        checkpoint["origin"], Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    code, output = verify(runner, path, "--vkey", str(stranger))
    assert code == 1
    assert "note: no signature of a trusted key" in output


def test_confirmed_from_an_export(rw: ReportWorld, runner: CliRunner, tmp_path: Path) -> None:
    path = make(runner, tmp_path, "xlsx")
    export = tmp_path / "ledger.jsonl"
    result = runner.invoke(cli, ["export", "--out", str(export)])
    assert result.exit_code == 0, result.output
    key = public_key_file(rw, tmp_path)
    code, output = verify(runner, path, "--export", str(export), "--public-key", str(key))
    assert code == 0, output
    assert "CONFIRMED" in output
    lines = export.read_text(encoding="utf-8").splitlines()
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines[:5] + lines[6:]) + "\n", encoding="utf-8")
    code, output = verify(runner, path, "--export", str(tampered), "--public-key", str(key))
    assert code == 1
    assert "REFUTED the export" in output


@pytest.mark.parametrize(
    ("period", "said"), [("2022-Q2", "REFUTED Bảng"), ("2022-Q9", "metadata is malformed")]
)
def test_a_report_whose_period_was_changed_is_refuted(
    rw: ReportWorld, runner: CliRunner, tmp_path: Path, period: str, said: str
) -> None:
    path = make(runner, tmp_path, "html")
    html = path.read_text(encoding="utf-8")
    assert html.count('"period": "2022-Q1"') == 1
    path.write_text(html.replace('"period": "2022-Q1"', f'"period": "{period}"'), "utf-8")
    code, output = verify(runner, path)
    assert code == 1
    assert said in output
