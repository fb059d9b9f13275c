"""The report's files read back (issue 15): the XLSX with openpyxl, the PDF's text with
pypdf and Debian's pdftotext, the HTML's metadata block; Vietnamese intact."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ledger.application.audit import AuditService
from ledger.application.reports import ReportRequest, parse_period
from ledger.application.reports.document import build_report
from ledger.application.reports.layout import figures
from ledger.application.reports.readback import read_report
from ledger.application.reports.render import render_html, render_pdf
from ledger.application.reports.xlsx import render_xlsx
from projections.grid import GRID
from tests.reports_world import KH, NV, TC, YT, ReportWorld, quarter_world

UNITS = [KH, NV, TC, YT]


@pytest.fixture(scope="module")
def rw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportWorld]:
    folder = tmp_path_factory.mktemp("report-files")
    r = quarter_world(f"sqlite:///{folder / 'ledger.sqlite'}", folder / "signing.key")
    AuditService(r.world.app).create_checkpoint()
    r.world.views.catch_up()
    yield r
    r.world.close()


def report_of(rw: ReportWorld, lang: str = "vi") -> dict[str, Any]:
    w = rw.world
    request = ReportRequest(parse_period("2022-Q1"))
    return build_report(w.views, AuditService(w.app), request, lang)


def test_the_xlsx_reads_back_with_openpyxl(rw: ReportWorld) -> None:
    report = report_of(rw)
    book = load_workbook(BytesIO(render_xlsx(report)))
    tables = [f"Bảng {n}" for n in range(1, 7)]
    assert book.sheetnames == ["Báo cáo", *tables, "metadata"]
    cover = [c.value for c in book["Báo cáo"]["A"]]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cover
    assert "Tình hình thực hiện ý kiến chỉ đạo – Quý I năm 2022" in cover
    sheet = book["Bảng 1"]
    assert sheet["A1"].value == "Bảng 1. Tình hình thực hiện theo đơn vị chủ trì"
    assert sheet["C2"].value == "Tổng số"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == [*UNITS, "Tổng cộng"]
    for row, unit in zip(rows, report["tables"]["units"], strict=True):
        assert unicodedata.is_normalized("NFC", row[1])
        assert list(row[2:9]) == [unit[c] for c in ("directives", *GRID)]
        rate = unit["on_time_rate"]
        assert row[9] == ("—" if rate is None else float(rate))
    overdue = list(book["Bảng 3"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[3], r[5]) for r in overdue] == [("TT-05", TC, 136), ("GB-01", YT, 21)]
    keywords = book.properties.keywords
    assert f"position={report['position']}" in keywords
    assert f"checkpoint={report['checkpoint']['size']}:" in keywords
    assert read_report_bytes(render_xlsx(report), "xlsx").metadata == report


def read_report_bytes(data: bytes, suffix: str, tmp: Path | None = None) -> Any:
    import tempfile

    folder = tmp or Path(tempfile.mkdtemp())
    path = folder / f"report.{suffix}"
    path.write_bytes(data)
    return read_report(path)


def test_the_pdfs_text_is_vietnamese(rw: ReportWorld, tmp_path: Path) -> None:
    report = report_of(rw)
    pdf = render_pdf(report)
    reader = PdfReader(BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    poppler = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for extracted in (text, poppler):
        flat = " ".join(extracted.split())
        for phrase in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            "Quý I năm 2022",
            "Bảng 1. Tình hình thực hiện theo đơn vị chủ trì",
            "Bảng 3. Danh sách nhiệm vụ quá hạn",
            "Phòng, chống dịch COVID-19",
            "BAN THƯỜNG VỤ TỈNH ỦY",
            "Số liệu tính đến hết ngày 31/03/2022",
        ):
            assert phrase in flat, phrase
        assert all(unit in flat for unit in (NV, TC, YT))
    assert reader.metadata is not None
    assert reader.metadata.title == "BÁO CÁO Tình hình thực hiện ý kiến chỉ đạo – Quý I năm 2022"
    [attached] = reader.attachments["report.json"]
    assert json.loads(attached) == report


def test_the_html_carries_its_metadata_and_figures(rw: ReportWorld) -> None:
    report = report_of(rw)
    html = render_html(report)
    assert '<script type="application/json" id="report-metadata">' in html
    read = read_report_bytes(html.encode(), "html")
    assert read.metadata == report
    assert set(read.shown) == set(figures(report["tables"]))
    assert read.shown[f"units[{NV}].completed_late"] == "1"
    assert read.shown["units[*].on_time_rate"] == "66,7%"
    assert read.shown["ageing[>120].count"] == "1"


def test_english(rw: ReportWorld) -> None:
    report = report_of(rw, "en")
    html = render_html(report)
    assert "Table 1. Implementation by lead unit" in html
    assert "Q1 2022" in html
    assert "SOCIALIST REPUBLIC OF VIETNAM" in html
    read = read_report_bytes(html.encode(), "html")
    assert read.shown["units[*].on_time_rate"] == "66.7%"
    assert read.shown[f"units[{NV}].directives"] == "2"  # unit names stay as recorded
