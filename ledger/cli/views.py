"""``project`` the log into the views, and ``rebuild`` one view (or all) from the log."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ledger.application import LedgerApplication
from ledger.cli.common import DatabaseOption, console, err_console, open_ledger
from projections.service import VIEW_NAMES, ViewService

app = typer.Typer()


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

        # A follower runs beside the API: its first catch-up must not make appends wait.
        reached = views.catch_up(progress=advance, bulk=not follow)
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
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Replay in batches, appends going on between them (slower). By default "
            "a long log is replayed in one transaction: on SQLite appends wait until it ends.",
        ),
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Drop a view (or all) and replay the whole log into it. Until the new rows are
    complete, readers see the old ones (SQLite) or wait for the new (PostgreSQL)."""
    if view is not None and view not in VIEW_NAMES:
        err_console.print(f"[red]error[/red] VIEW: expected one of {', '.join(VIEW_NAMES)}")
        raise typer.Exit(2)
    _ledger, views = open_views(database_url)
    names = None if view is None else [view]
    with views_progress("rebuild") as bar:
        task = bar.add_task(view or "all views", total=views.head())

        def advance(reached: int, head: int) -> None:
            bar.update(task, completed=reached, total=head)

        reached = views.rebuild(names, progress=advance, online=online)
    for name, digest in views.digests().items():
        if view is None or name == view:
            sys.stdout.write(f"{name:<13} {digest}\n")
    console.print(f"Rebuilt {view or 'all views'} at position {reached}.")
