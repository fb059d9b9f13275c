"""The ``directive-ledger`` command line (Typer, with rich output): the root app, made of
one sub-app per module, each adding its commands at the top level (``token`` is a group)."""

from __future__ import annotations

import typer

from ledger.cli import (
    audit,
    follow_up,
    keys,
    replay,
    report,
    sample,
    serve,
    tokens,
    users,
    views,
    witness,
)
from ledger.cli.serve import DEMO_UNIT, SERVE_THREADS, ensure_demo_tokens

__all__ = ["DEMO_UNIT", "SERVE_THREADS", "app", "ensure_demo_tokens", "main"]

app = typer.Typer(
    help="Directive Ledger: an event-sourced, tamper-evident audit ledger of "
    "directives and their follow-up.",
    no_args_is_help=True,
)
app.add_typer(sample.app)
app.add_typer(tokens.app, name="token")
app.add_typer(users.app, name="user")
app.add_typer(serve.app)
app.add_typer(views.app)
app.add_typer(audit.app)
app.add_typer(replay.app)
app.add_typer(report.app)
app.add_typer(keys.keys_app, name="keys")
app.add_typer(keys.app)
app.add_typer(witness.app, name="witness")
app.add_typer(follow_up.app)


def main() -> None:
    app()
