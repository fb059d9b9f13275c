"""The report as an XLSX workbook (openpyxl): a cover sheet with the heading, one sheet
per numbered table ("Bảng 1", ...), and a ``metadata`` sheet with the report's JSON and
where each figure is (key, sheet, cell), so ``verify-report`` reads the cells people see.
The log position and the checkpoint are also in the document properties."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from ledger.application.reports.labels import date_line, show, show_date, words
from ledger.application.reports.layout import Cell, layout
from ledger.application.reports.period import parse_period

METADATA_SHEET = "metadata"
CHUNK = 30_000  # a cell holds at most 32,767 characters
FIRST_ROW = 3  # the caption on row 1, the headers on row 2


def cell_value(column: str, value: Any, lang: str) -> Any:
    """What a figure's cell holds: numbers as numbers (the rate as a fraction shown as a
    percentage), everything else as the document shows it."""
    if value is None:
        return "—"
    if column == "on_time_rate":
        return float(value)
    if isinstance(value, int):
        return value
    return show(column, value, lang)


def render_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    lang = report["lang"]
    w = words(lang)
    period = parse_period(report["period"])
    book = Workbook()
    cover = book.active
    cover.title = "Báo cáo" if lang == "vi" else "Report"
    bold = Font(bold=True)
    lines = [
        (report["issuing_body"].upper(), bold),
        (w["nation"], bold),
        (w["motto"], bold),
        (w["number"], None),
        (date_line(date.fromisoformat(report["dated"]), lang), Font(italic=True)),
        ("", None),
        (w["kind"], Font(bold=True, size=14)),
        (f"{w['subject']} – {period.label(lang)}", bold),
        (w["as_of"].format(day=show_date(report["on"], lang), position=report["position"]), None),
    ]
    if report.get("checkpoint"):
        cp = report["checkpoint"]
        lines.append((f"{w['checkpoint']}: {cp['origin']} {cp['size']} {cp['root_hash']}", None))
    for i, (line, font) in enumerate(lines, 1):
        cover.cell(row=i, column=1, value=line)
        if font is not None:
            cover.cell(row=i, column=1).font = font
    cover.column_dimensions["A"].width = 90

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    places: list[list[str]] = []
    for table in layout(report["tables"], lang):
        sheet = book.create_sheet(w["table"].format(n=table.number))
        sheet.cell(row=1, column=1, value=f"{w['table'].format(n=table.number)}. {table.title}")
        sheet.cell(row=1, column=1).font = bold
        for j, header in enumerate(table.headers, 1):
            c = sheet.cell(row=2, column=j, value=header)
            c.font, c.border = bold, border
            c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row, 1):
                c = sheet.cell(row=FIRST_ROW + i, column=j, value=_value(cell, lang))
                c.border = border
                if cell.column == "on_time_rate" and cell.value is not None:
                    c.number_format = "0.0%"
                if cell.key is not None:
                    places.append([cell.key, sheet.title, c.coordinate])
        if not table.rows:
            sheet.cell(row=FIRST_ROW, column=1, value=w["none"])
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 30

    meta = book.create_sheet(METADATA_SHEET)
    text = json.dumps(report, ensure_ascii=False, sort_keys=True)
    meta.cell(row=1, column=1, value="report.json")
    for i in range(0, max(len(text), 1), CHUNK):
        meta.cell(row=1, column=2 + i // CHUNK, value=text[i : i + CHUNK])
    meta.cell(row=2, column=1, value="figure")
    meta.cell(row=2, column=2, value="sheet")
    meta.cell(row=2, column=3, value="cell")
    for i, (key, sheet_name, coordinate) in enumerate(places, 3):
        meta.cell(row=i, column=1, value=key)
        meta.cell(row=i, column=2, value=sheet_name)
        meta.cell(row=i, column=3, value=coordinate)

    props = book.properties
    props.title = f"{w['kind']} {w['subject']} – {period.label(lang)}"
    props.creator = "Directive Ledger"
    props.subject = report["issuing_body"]
    cp = report.get("checkpoint") or {}
    props.keywords = (
        f"directive-ledger-report; period={report['period']}; position={report['position']}"
        + (f"; checkpoint={cp['size']}:{cp['root_hash']}" if cp else "")
    )
    props.description = "; ".join(f"{k}={v}" for k, v in sorted(report["digests"].items()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(cell: Cell, lang: str) -> Any:
    if cell.key is None:
        return cell.text
    return cell_value(cell.column, cell.value, lang)
