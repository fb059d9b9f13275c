"""The ``directive-ledger`` command line (Typer, with rich output)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from ledger.application import LedgerApplication
from ledger.domain.errors import DomainError
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import ConfigurationError, Settings

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


DEMO_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"
# role -> (principal name, unit): one demo principal per role.
DEMO_PRINCIPALS: dict[Role, tuple[str, str | None]] = {
    Role.ISSUER: ("Người giao nhiệm vụ (demo)", None),
    Role.UNIT: ("Đơn vị chủ trì (demo)", DEMO_UNIT),
    Role.AUDITOR: ("Kiểm toán viên (demo)", None),
    Role.ADMIN: ("Quản trị (demo)", None),
}
DEMO_TOKENS_FILE = "demo-tokens.json"


def ensure_demo_tokens(ledger: LedgerApplication, path: Path) -> dict[str, str]:
    """One demo principal per role, their tokens kept (mode 0600) in ``path`` and reused
    while they still authenticate, so a restarted demo appends no new principals."""
    kept: dict[str, str] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            kept = {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            kept = {}
    tokens: dict[str, str] = {}
    for role, (name, unit) in DEMO_PRINCIPALS.items():
        token = kept.get(role.value)
        actor = ledger.authenticate(token) if token else None
        if actor is None or actor.role is not role or actor.unit != unit:
            token, _principal = ledger.register_principal(
                ledger.context(SYSTEM_ACTOR), name=name, role=role, unit=unit
            )
        tokens[role.value] = str(token)
    if tokens != kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(tokens, file, ensure_ascii=False, indent=2)
    path.chmod(0o600)
    return tokens


def run_server(
    ledger: LedgerApplication | None,
    settings: Settings | None,
    *,
    host: str,
    port: int,
    public_board: bool,
    workers: int = 1,
) -> None:
    import uvicorn

    from ledger.api.app import create_app

    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning"}
    if workers > 1 and ledger is None:
        # Worker processes each build their app from the environment.
        assert settings is not None
        os.environ["LEDGER_DATABASE_URL"] = settings.database.url
        os.environ["LEDGER_PUBLIC_BOARD"] = "1" if public_board else "0"
        uvicorn.run(
            "ledger.api.app:create_app_from_env",
            factory=True,
            workers=workers,
            access_log=False,
            **options,
        )
        return
    api = create_app(settings, ledger=ledger, public_board=public_board)
    uvicorn.run(api, access_log=False, **options)


HostOption = Annotated[str, typer.Option(help="The address to listen on.")]
PortOption = Annotated[int, typer.Option(help="The TCP port to listen on.")]


@app.command("serve")
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    public_board: Annotated[
        bool, typer.Option("--public-board", help="Serve the web board without a token.")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (they share the store).")
    ] = 1,
    database_url: DatabaseOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    try:
        settings = Settings.from_env(database_url=database_url)
    except ConfigurationError as e:
        err_console.print(f"[red]error[/red] {e.field}: {e.message}")
        raise typer.Exit(2) from None
    console.print(f"Directive Ledger API on http://{host}:{port} (docs: /docs)")
    run_server(None, settings, host=host, port=port, public_board=public_board, workers=workers)


@app.command("demo")
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    serve_api: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after preparing the demo.")
    ] = True,
    database_url: DatabaseOption = None,
) -> None:
    """Load the sample meeting if the store is empty, make one demo token per role, and
    serve the API with the public board."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    if ledger.max_position() == 0:
        load_sample(ledger)
        console.print("Loaded the sample meeting of 10 December 2021 (Hải Dương).")
    tokens = ensure_demo_tokens(ledger, ledger.settings.database.folder / DEMO_TOKENS_FILE)
    url = f"http://{host}:{port}"
    # Plain lines, never wrapped or cut: the tokens are meant to be copied.
    typer.echo("Demo bearer tokens (kept in " + DEMO_TOKENS_FILE + " beside the database):")
    for role, token in tokens.items():
        unit = DEMO_PRINCIPALS[Role(role)][1]
        typer.echo(f"  {role:<8} {token}" + (f"  ({unit})" if unit else ""))
    typer.echo(f"API: {url}  (OpenAPI: {url}/docs)")
    typer.echo(
        f'Try: curl -H "Authorization: Bearer {tokens[Role.AUDITOR.value]}" '
        f"{url}/v1/meetings/{_sample_meeting_id()}"
    )
    if serve_api:
        run_server(ledger, None, host=host, port=port, public_board=True)


def _sample_meeting_id() -> str:
    from ledger.sample import sample_data, sample_id

    return str(sample_id(sample_data()["meeting"]["key"]))


# ---------------------------------------------------------------- projections


# ---------------------------------------------------------------- integrity and audit


def main() -> None:
    app()
