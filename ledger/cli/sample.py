"""``load-sample`` and ``show``: the sample meeting, and the directives as they stand."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table

from ledger.cli.common import DatabaseOption, console, err_console, fail, open_ledger
from ledger.domain.errors import DomainError

app = typer.Typer()


@app.command("load-sample")
def load_sample_command(
    database_url: DatabaseOption = None,
    illustrative: Annotated[
        bool,
        typer.Option(
            "--illustrative",
            help="Also record a synthetic follow-up for exploring, labelled as such.",
        ),
    ] = False,
) -> None:
    """Record the 10 December 2021 Hải Dương working session and the 2025 succession of
    its bodies (idempotent)."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    report = load_sample(ledger, illustrative=illustrative)
    if report.recorded:
        console.print(
            f"Recorded {len(report.recorded)} facts of the sample meeting {report.meeting_id}."
        )
    else:
        console.print(f"The sample meeting {report.meeting_id} is already recorded; nothing to do.")
    if report.illustrative:
        console.print(
            f"Recorded the illustrative follow-up ({len(report.illustrative)} items): "
            "SYNTHETIC, labelled as such in every event."
        )


@app.command("show")
def show(
    directive_id: Annotated[str | None, typer.Argument(help="A directive id.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """A table of the directives, or one directive's history."""
    ledger = open_ledger(database_url)
    if directive_id is None:
        table = Table(
            "id", "code", "title", "lead unit", "status", "deadline", "version", title="Directives"
        )
        for did in ledger.directive_ids():
            d = ledger.get_directive(did).as_dict()
            table.add_row(
                d["id"],
                d["code"] or "",
                d["title"],
                d["lead_unit"],
                d["status"],
                d["deadline"] or "—",
                str(d["version"]),
            )
        console.print(table)
        return
    try:
        history = ledger.history(UUID(directive_id))
    except ValueError:
        err_console.print(f"[red]error[/red] not a UUID: {directive_id!r}")
        raise typer.Exit(2) from None
    except DomainError as e:
        raise fail(e) from None
    table = Table(
        "version",
        "position",
        "type",
        "effective on",
        "recorded at",
        "actor",
        "leaf hash",
        title=f"History of {directive_id}",
    )
    for event in history:
        actor = event["actor"] or {}
        table.add_row(
            str(event["version"]),
            str(event["position"]),
            event["type"],
            event["effective_on"] or "",
            event["recorded_at"],
            f"{actor.get('role', '')} {actor.get('unit') or ''}".strip(),
            (event["leaf_hash"] or "")[:16],
        )
    console.print(table)


# ---------------------------------------------------------------- demo and serve (API)
