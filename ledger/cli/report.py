"""``report`` and ``verify-report``: a periodic report from the views (HTML, PDF or
XLSX), and its check against a live store or an export."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ledger.cli.common import DatabaseOption, console, err_console, open_ledger
from ledger.cli.keys import require_anchor, trust_anchor

app = typer.Typer()


class Format(StrEnum):
    xlsx = "xlsx"
    pdf = "pdf"
    html = "html"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


@app.command("report")
def report_command(
    period: Annotated[
        str, typer.Option("--period", help="2022 (a year), 2022-Q1 (a quarter) or 2022-03.")
    ],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    fmt: Annotated[Format, typer.Option("--format", help="xlsx, pdf or html.")] = Format.pdf,
    lang: Annotated[Lang, typer.Option("--lang", help="vi (default) or en.")] = Lang.vi,
    meeting: Annotated[
        str | None, typer.Option("--meeting", help="Only this meeting's directives (id).")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this lead unit's.")] = None,
    position: Annotated[
        int | None,
        typer.Option("--position", min=1, help="As the ledger knew it at this log position."),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Write the periodic report: the grid per lead unit and per meeting, the overdue
    list with ageing, the directives completed and extended in the period, as of its
    last day, with the log position, view digests and checkpoint it comes from."""
    from uuid import UUID

    from ledger.application.audit import AuditService
    from ledger.application.reports import InvalidPeriod, ReportRequest, parse_period
    from ledger.application.reports.document import build_report
    from ledger.application.reports.render import render_file
    from projections.service import NotYetKnown, ViewService

    try:
        parsed = parse_period(period)
        meeting_id = None if meeting is None else str(UUID(meeting))
    except InvalidPeriod as e:
        err_console.print(f"[red]error[/red] --period: {escape(str(e))}")
        raise typer.Exit(2) from None
    except ValueError:
        err_console.print(f"[red]error[/red] --meeting: not a UUID: {escape(repr(meeting))}")
        raise typer.Exit(2) from None
    ledger = open_ledger(database_url)
    views = ViewService(ledger)
    views.catch_up()
    request = ReportRequest(parsed, meeting_id, unit, position)
    try:
        report = build_report(views, AuditService(ledger), request, lang.value)
    except NotYetKnown as e:
        err_console.print(f"[red]error[/red] --position: {escape(str(e))}")
        raise typer.Exit(2) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_file(report, fmt.value))
    console.print(
        f"Wrote the report of {parsed.text} ({fmt.value}) to {escape(str(out))}: position "
        f"{report['position']}, checkpoint "
        f"{(report['checkpoint'] or {}).get('size', 'none')}.",
        soft_wrap=True,
    )


@app.command("verify-report")
def verify_report_command(
    report_file: Annotated[Path, typer.Argument(help="A report written by `report`.")],
    public_key: Annotated[
        Path | None, typer.Option("--public-key", help="The Ed25519 public key (file).")
    ] = None,
    vkey: Annotated[
        str | None, typer.Option("--vkey", help="The log's C2SP verifier key (name+id+key).")
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Recompute from this export (replayed), not a store."),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Make the report again from the views at the position it states and compare every
    figure; exit 1 naming the first figure that differs."""
    from ledger.application.reports.check import checkpoint_problems, differences
    from ledger.application.reports.readback import UnreadableReport, read_report
    from projections.service import ViewService

    key, _origin = trust_anchor(public_key, None)
    try:
        read = read_report(report_file)
    except (OSError, UnicodeDecodeError, UnreadableReport) as e:
        err_console.print(f"[red]error[/red] {escape(f'{report_file}: {e}')}")
        raise typer.Exit(2) from None
    ledger = open_ledger(database_url) if export is None else replayed(export, public_key, vkey)
    views = ViewService(ledger)
    views.catch_up()
    try:
        found, count = differences(read, views)
    except (KeyError, TypeError, ValueError) as e:  # metadata edited out of shape
        err_console.print(
            f"[red]REFUTED[/red] the report's metadata is malformed: {escape(repr(e))}"
        )
        raise typer.Exit(1) from None
    problems, notes = checkpoint_problems(read.metadata, ledger, key, vkey)
    for note in notes:
        err_console.print(f"[yellow]note[/yellow] {escape(note)}", soft_wrap=True)
    if found or problems:
        err_console.print(f"[red]REFUTED[/red] {escape((found or problems)[0])}", soft_wrap=True)
        for more in (found + problems)[1:6]:
            err_console.print(f"  also: {escape(more)}", soft_wrap=True)
        raise typer.Exit(1)
    period = escape(str(read.metadata["period"]))
    console.print(
        f"CONFIRMED: {count} figures of the {read.kind} report of {period} "
        f"equal the views at position {read.metadata['position']}.",
        soft_wrap=True,
    )


def replayed(export: Path, public_key: Path | None, vkey: str | None) -> Any:
    """A fresh SQLite store holding the export's events, after verifying the export
    against the auditor's own trust anchor (a key inside the export is never trusted)."""
    from ledger.application.export import replay_export
    from ledger.integrity.export import read_export
    from ledger.integrity.verify import verify_export

    key, origin = require_anchor(public_key, vkey)
    try:
        contents = read_export(export)
    except (OSError, ValueError) as e:
        err_console.print(f"[red]error[/red] --export: {escape(str(e))}")
        raise typer.Exit(2) from None
    checked = verify_export(contents, public_key=key, origin=origin)
    if not checked.ok:
        err_console.print(
            f"[red]REFUTED[/red] the export: {escape(str(checked.failures[0]))}", soft_wrap=True
        )
        raise typer.Exit(1)
    folder = Path(tempfile.mkdtemp(prefix="ledger-report-"))
    fresh = open_ledger(f"sqlite:///{folder / 'replay.sqlite'}")
    replay_export(fresh, contents.events)
    return fresh
