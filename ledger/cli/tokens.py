"""``token create``, ``token revoke`` and ``token list``: the principals and their bearer
tokens. A token is printed once, when created, and never read from the command line
(shell history and ``ps`` would keep it): ``revoke`` takes the principal id, or the
token on standard input."""

from __future__ import annotations

import sys
from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table

from ledger.cli.common import DatabaseOption, console, err_console, fail, open_ledger
from ledger.domain.errors import DomainError
from ledger.domain.values import SYSTEM_ACTOR, Role

app = typer.Typer(help="Create, list and revoke bearer tokens (principals).", no_args_is_help=True)


@app.command("create")
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


@app.command("revoke")
def token_revoke(
    principal_id: Annotated[
        str | None,
        typer.Option("--principal", "--id", help="The principal id (see `token list`)."),
    ] = None,
    token_stdin: Annotated[
        bool,
        typer.Option("--token-stdin", help="Or read the token to revoke from standard input."),
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why it is revoked.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Revoke a token: its principal can no longer read or write."""
    if (principal_id is None) == (not token_stdin):
        err_console.print("[red]error[/red] give exactly one of --principal or --token-stdin")
        raise typer.Exit(2)
    ledger = open_ledger(database_url)
    if token_stdin:
        token = sys.stdin.readline().strip()
        if not token:
            err_console.print("[red]error[/red] --token-stdin: no token on standard input")
            raise typer.Exit(2)
        target = ledger.principal_id_of_token(token)
    else:
        try:
            target = UUID(str(principal_id))
        except ValueError:
            err_console.print(f"[red]error[/red] --principal: not a UUID: {principal_id!r}")
            raise typer.Exit(2) from None
    try:
        ledger.revoke_principal(ledger.context(SYSTEM_ACTOR), target, reason=reason)
    except DomainError as e:
        raise fail(e) from None
    console.print(f"Revoked principal {target}.")


@app.command("list")
def token_list(database_url: DatabaseOption = None) -> None:
    """The principals: id, name, role, unit and whether revoked (never a token)."""
    ledger = open_ledger(database_url)
    table = Table("id", "name", "role", "unit", "revoked", title="Principals")
    for principal in ledger.principals():
        table.add_row(
            str(principal.id),
            principal.name,
            principal.role.value,
            principal.unit or "",
            "yes" if principal.revoked else "no",
        )
    console.print(table)
