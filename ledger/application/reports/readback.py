"""Reading a report file back: its metadata (the JSON it carries) and the figures as
people see them (HTML: the ``data-figure`` cells; XLSX: the cells the metadata sheet
points at; PDF: the attached ``report.json``, and its text is compared with that of the
PDF made again from it, ``pdf_text``)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ledger.application.reports.render import METADATA_ID, METADATA_NAME
from ledger.application.reports.xlsx import METADATA_SHEET


class UnreadableReport(ValueError):
    """Not a report this ledger wrote, or one whose metadata is gone."""


@dataclass
class ReadReport:
    kind: str  # "html", "pdf" or "xlsx"
    metadata: dict[str, Any]
    shown: dict[str, Any]  # figure key -> what the document shows (text or cell value)
    data: bytes = b""


def read_report(path: Path) -> ReadReport:
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        read = _read_pdf(data)
        read.data = data
        return read
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        return _read_xlsx(data)
    return _read_html(data.decode("utf-8"))


def _loads(text: str, where: str) -> dict[str, Any]:
    try:
        found = json.loads(text)
    except ValueError as e:
        raise UnreadableReport(f"the metadata in {where} is not JSON: {e}") from None
    if not isinstance(found, dict) or "tables" not in found or "position" not in found:
        raise UnreadableReport(f"the metadata in {where} is not a report's")
    return found


class _FigureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: dict[str, str] = {}
        self.metadata: str | None = None
        self._key: str | None = None
        self._in_metadata = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "td" and found.get("data-figure"):
            self._key, self._text = found["data-figure"], []
        elif tag == "script" and found.get("id") == METADATA_ID:
            self._in_metadata, self._text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._key is not None:
            self.shown[self._key] = "".join(self._text).strip()
            self._key = None
        elif tag == "script" and self._in_metadata:
            self.metadata = "".join(self._text)
            self._in_metadata = False

    def handle_data(self, data: str) -> None:
        if self._key is not None or self._in_metadata:
            self._text.append(data)


def _read_html(text: str) -> ReadReport:
    parser = _FigureParser()
    parser.feed(text)
    if parser.metadata is None:
        raise UnreadableReport(f"no <script id={METADATA_ID}> block: not a report")
    return ReadReport("html", _loads(parser.metadata, "the HTML"), parser.shown)


def _read_pdf(data: bytes) -> ReadReport:
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(data)).attachments
    found = attachments.get(METADATA_NAME)
    if not found:
        raise UnreadableReport(f"the PDF has no attached {METADATA_NAME}")
    metadata = _loads(found[0].decode("utf-8"), f"the PDF's {METADATA_NAME}")
    from ledger.application.reports.layout import figures

    return ReadReport("pdf", metadata, figures(metadata["tables"]))


def _read_xlsx(data: bytes) -> ReadReport:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    if METADATA_SHEET not in book.sheetnames:
        raise UnreadableReport(f"the workbook has no {METADATA_SHEET} sheet")
    meta = book[METADATA_SHEET]
    chunks = []
    column = 2
    while (value := meta.cell(row=1, column=column).value) is not None:
        chunks.append(str(value))
        column += 1
    metadata = _loads("".join(chunks), f"the {METADATA_SHEET} sheet")
    shown: dict[str, Any] = {}
    for key, sheet, coordinate in meta.iter_rows(min_row=3, max_col=3, values_only=True):
        if key is None:
            break
        if sheet not in book.sheetnames:
            raise UnreadableReport(f"figure {key}: no sheet {sheet!r}")
        shown[str(key)] = book[str(sheet)][str(coordinate)].value
    return ReadReport("xlsx", metadata, shown)


def pdf_text(data: bytes) -> list[str]:
    """The PDF's text, line by line, blank lines and spacing left out."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    lines = (
        " ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()
    )
    return [line for line in lines if line]
