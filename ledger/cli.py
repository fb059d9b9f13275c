"""The ``directive-ledger`` command line (Typer, with rich output)."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ledger.application import LedgerApplication
from ledger.domain.errors import DomainError
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import ConfigurationError, Settings
from projections.service import VIEW_NAMES, ViewService

app = typer.Typer(
    help="Directive Ledger: an event-sourced, tamper-evident audit ledger of "
    "directives and their follow-up.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="Create and revoke bearer tokens (principals).", no_args_is_help=True)
app.add_typer(token_app, name="token")

console = Console()
err_console = Console(stderr=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="LEDGER_DATABASE_URL",
        help="sqlite:///path (default sqlite:///./var/ledger.sqlite) or "
        "postgresql://user:password@host:port/db",
    ),
]


def open_ledger(database_url: str | None) -> LedgerApplication:
    try:
        return LedgerApplication(Settings.from_env(database_url=database_url))
    except ConfigurationError as e:
        err_console.print(f"[red]error[/red] {e.field}: {e.message}")
        raise typer.Exit(2) from None


def fail(error: DomainError) -> typer.Exit:
    err_console.print(f"[red]refused[/red] ({error.rule}) {error.message}")
    return typer.Exit(1)


@app.command("load-sample")
def load_sample_command(database_url: DatabaseOption = None) -> None:
    """Record the 10 December 2021 Hải Dương working session (idempotent)."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    report = load_sample(ledger)
    if report.changed:
        console.print(
            f"Recorded {len(report.recorded)} facts of the sample meeting {report.meeting_id}."
        )
    else:
        console.print(f"The sample meeting {report.meeting_id} is already recorded; nothing to do.")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="Who the token is for.")],
    role: Annotated[Role, typer.Option(help="issuer, unit, auditor or admin.")],
    unit: Annotated[str | None, typer.Option(help="The unit, for a unit principal.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a principal and print its new bearer token, alone on one line."""
    ledger = open_ledger(database_url)
    try:
        token, _principal = ledger.register_principal(
            ledger.context(SYSTEM_ACTOR), name=name, role=role, unit=unit
        )
    except DomainError as e:
        raise fail(e) from None
    sys.stdout.write(token + "\n")


@token_app.command("revoke")
def token_revoke(
    token: Annotated[str | None, typer.Option(help="The token to revoke.")] = None,
    principal_id: Annotated[str | None, typer.Option("--id", help="Or the principal id.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why it is revoked.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Revoke a token: its principal can no longer read or write."""
    if (token is None) == (principal_id is None):
        err_console.print("[red]error[/red] give exactly one of --token or --id")
        raise typer.Exit(2)
    ledger = open_ledger(database_url)
    try:
        target = ledger.principal_id_of_token(token) if token else UUID(str(principal_id))
    except ValueError:
        err_console.print(f"[red]error[/red] --id: not a UUID: {principal_id!r}")
        raise typer.Exit(2) from None
    try:
        ledger.revoke_principal(ledger.context(SYSTEM_ACTOR), target, reason=reason)
    except DomainError as e:
        raise fail(e) from None
    console.print(f"Revoked principal {target}.")


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


@app.command("demo")
def demo(database_url: DatabaseOption = None) -> None:
    """Load the sample meeting if the store is empty, then show it."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    if ledger.max_position() == 0:
        load_sample(ledger)
    show(None, database_url)


# ---------------------------------------------------------------- projections


def open_views(database_url: str | None) -> tuple[LedgerApplication, ViewService]:
    ledger = open_ledger(database_url)
    return ledger, ViewService(ledger)


def views_progress(description: str) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("events"),
        TimeRemainingColumn(),
        console=err_console,
    )


@app.command("project")
def project(
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep following the log until interrupted.")
    ] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between polls of the log when following.")
    ] = 0.05,
    database_url: DatabaseOption = None,
) -> None:
    """Bring the views up to date with the log (the projection runner as its own process)."""
    _ledger, views = open_views(database_url)
    start = views.position()
    with views_progress("views") as bar:
        task = bar.add_task("catching up", total=max(views.head() - start, 0))

        def advance(reached: int, head: int) -> None:
            bar.update(task, completed=max(reached - start, 0), total=max(head - start, 0))

        reached = views.catch_up(progress=advance)
    console.print(f"Views at position {reached}.")
    if not follow:
        return
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    console.print("Following the log (Ctrl-C to stop).")
    views.follow(interval, stop)
    console.print(f"Stopped at position {views.position()}.")


@app.command("rebuild")
def rebuild(
    view: Annotated[
        str | None,
        typer.Argument(help="status-board, overdue, units, meetings or activity (default all)."),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Drop a view (or all) and replay the whole log into it."""
    if view is not None and view not in VIEW_NAMES:
        err_console.print(f"[red]error[/red] VIEW: expected one of {', '.join(VIEW_NAMES)}")
        raise typer.Exit(2)
    _ledger, views = open_views(database_url)
    names = None if view is None else [view]
    with views_progress("rebuild") as bar:
        task = bar.add_task(view or "all views", total=views.head())

        def advance(reached: int, head: int) -> None:
            bar.update(task, completed=reached, total=head)

        reached = views.rebuild(names, progress=advance)
    for name, digest in views.digests().items():
        if view is None or name == view:
            sys.stdout.write(f"{name:<13} {digest}\n")
    console.print(f"Rebuilt {view or 'all views'} at position {reached}.")


# ---------------------------------------------------------------- integrity and audit


def main() -> None:
    app()
