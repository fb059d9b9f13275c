"""The report as HTML (Jinja2) and as PDF (WeasyPrint, from the same HTML). The HTML
carries the metadata in a ``<script type="application/json">`` block; the PDF carries it
as an attached ``report.json`` and in its document information (title, keywords)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import jinja2
import markupsafe

from ledger.application.reports.labels import date_line, show_date, words
from ledger.application.reports.layout import layout
from ledger.application.reports.period import parse_period

METADATA_NAME = "report.json"
METADATA_ID = "report-metadata"


@cache
def environment() -> jinja2.Environment:
    # Made on first use, so importing the module reads nothing.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ledger.application.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def metadata_json(report: dict[str, Any]) -> str:
    """The metadata, safe inside a script element (no ``<``, ``>`` or ``&`` in it)."""
    text = json.dumps(report, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(report: dict[str, Any]) -> str:
    lang = report["lang"]
    w = words(lang)
    period = parse_period(report["period"])
    scope = []
    if report.get("meeting_id"):
        titles = [m["title"] for m in report["tables"]["meetings"] if m.get("title")]
        scope.append(w["scope_meeting"].format(title=titles[0] if titles else report["meeting_id"]))
    if report.get("unit"):
        scope.append(w["scope_unit"].format(unit=report["unit"]))
    html = (
        environment()
        .get_template("report.html")
        .render(
            report=report,
            lang=lang,
            w=w,
            period_label=period.label(lang),
            date_line=date_line(date.fromisoformat(report["dated"]), lang),
            as_of=w["as_of"].format(day=show_date(report["on"], lang), position=report["position"]),
            scope=scope,
            tables=layout(report["tables"], lang),
            generated=w["generated"].format(at=report["generated_at"]),
            metadata_json=markupsafe.Markup(metadata_json(report)),
        )
    )
    return html


def render_pdf(report: dict[str, Any]) -> bytes:
    from weasyprint import HTML, Attachment

    html = render_html(report)
    attachment = Attachment(
        string=json.dumps(report, ensure_ascii=False, sort_keys=True),
        name=METADATA_NAME,
        description="The report's figures, log position, view digests and checkpoint",
    )
    pdf: bytes = HTML(string=html).write_pdf(attachments=[attachment])
    return pdf


def render_file(report: dict[str, Any], fmt: str) -> bytes:
    """The report in ``fmt`` (pdf, xlsx or html)."""
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "xlsx":
        from ledger.application.reports.xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "html":
        return render_html(report).encode("utf-8")
    raise ValueError(f"format is pdf, xlsx or html, not {fmt!r}")
