"""What every command shares: the consoles, the ``--database-url`` option, opening the
ledger, refusals and progress bars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from ledger.application import LedgerApplication
from ledger.domain.errors import DomainError
from ledger.settings import ConfigurationError, Settings, mask_password

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


def configuration_error(e: ConfigurationError) -> typer.Exit:
    err_console.print(f"[red]error[/red] {e.field}: {mask_password(e.message)}")
    return typer.Exit(2)


def load_settings(database_url: str | None) -> Settings:
    try:
        return Settings.from_env(database_url=database_url)
    except ConfigurationError as e:
        raise configuration_error(e) from None


def open_ledger(database_url: str | None) -> LedgerApplication:
    try:
        return LedgerApplication(Settings.from_env(database_url=database_url))
    except ConfigurationError as e:
        raise configuration_error(e) from None


def fail(error: DomainError) -> typer.Exit:
    err_console.print(f"[red]refused[/red] ({error.rule}) {error.message}")
    return typer.Exit(1)


def progress_bar(description: str) -> tuple[Any, Callable[[int, int], None]]:
    """A rich progress bar (on stderr) and the callback that advances it."""
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task(description, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, advance
