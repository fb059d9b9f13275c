"""``user invite`` and ``user revoke``: people who sign in to the workspace. An
invitation prints a one-time link (only its hash is stored); the person sets a username
and password there. The log records that a credential was set or revoked, never it."""

from __future__ import annotations

import sys
from typing import Annotated
from uuid import UUID

import typer

from ledger.cli.common import DatabaseOption, err_console, fail, open_ledger
from ledger.domain.errors import DomainError
from ledger.domain.values import Role

app = typer.Typer(help="Invite people to sign in, or end their sign-in.", no_args_is_help=True)


@app.command("invite")
def user_invite(
    name: Annotated[str, typer.Option(help="Who is invited.")],
    role: Annotated[Role, typer.Option(help="issuer, unit, auditor or admin.")],
    unit: Annotated[str | None, typer.Option(help="The unit, for a unit principal.")] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the ledger is served.")
    ] = "http://127.0.0.1:8000",
    database_url: DatabaseOption = None,
) -> None:
    """Create a principal and print its one-time invitation link, alone on one line."""
    from ledger.application.sessions import sign_ins_of

    ledger = open_ledger(database_url)
    try:
        token, principal = sign_ins_of(ledger).invite(name=name, role=role, unit=unit)
    except DomainError as e:
        raise fail(e) from None
    err_console.print(f"principal {principal.id}: the link works once, for 7 days")
    sys.stdout.write(f"{base_url.rstrip('/')}/invitations/{token}\n")


@app.command("revoke")
def user_revoke(
    principal_id: Annotated[str, typer.Option("--principal", help="The principal id.")],
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """End a person's password and sessions (their principal and events stay)."""
    from ledger.application.sessions import sign_ins_of

    try:
        target = UUID(principal_id)
    except ValueError:
        err_console.print(f"[red]error[/red] --principal: not a UUID: {principal_id!r}")
        raise typer.Exit(2) from None
    ledger = open_ledger(database_url)
    try:
        sign_ins_of(ledger).revoke_credential(target, reason=reason)
    except DomainError as e:
        raise fail(e) from None
    err_console.print(f"principal {target}: credential revoked")
