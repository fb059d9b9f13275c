"""``serve`` the HTTP API, and ``demo``: the sample, a token per role, a checkpoint, served."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from ledger.application import LedgerApplication
from ledger.cli.common import (
    DatabaseOption,
    configuration_error,
    console,
    err_console,
    load_settings,
    open_ledger,
)
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import ConfigurationError, Settings

app = typer.Typer()

# The lead unit of the sample today, since the 2025 succession (ledger/sample).
DEMO_UNIT = "Ban Thường vụ Thành ủy Hải Phòng"
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


# Threads for sync routes in ``serve`` (see ``create_app``); measured with
# benchmarks/api_write.py: enough that writes queue up for a group commit (4 gave
# smaller groups), fewer than anyio's 40, which lengthens write latency's tail.
SERVE_THREADS = 8


def init_embedded_key(ledger: LedgerApplication) -> None:
    """On the embedded SQLite store, ``serve`` and ``demo`` run ``keys init`` when the
    ledger has no key yet (on PostgreSQL only ``keys init`` makes one)."""
    from ledger.application.signing import SigningService

    if ledger.settings.database.engine != "sqlite":
        return
    signing = SigningService(ledger)
    if signing.chain() is None:
        result = signing.init()
        err_console.print(
            f"Made the signing key {result.public.key_id} in {signing.key_file} "
            "(`keys init`, the embedded SQLite default)."
        )


def run_server(
    ledger: LedgerApplication | None,
    settings: Settings | None,
    *,
    host: str,
    port: int,
    public_board: bool,
    workers: int = 1,
    threads: int = SERVE_THREADS,
    remind: bool = False,
) -> None:
    import uvicorn

    from ledger.api.app import WORKER_THREADS_ENV, create_app
    from ledger.api.follow_up import REMINDERS_ENV, install_follow_up

    # No access log (a line per request costs more than a healthz answer); uvloop and
    # httptools are uvicorn's choice when installed (uvicorn[standard]), named here so a
    # missing one fails loudly instead of falling back to the slower pure-Python parts.
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "loop": "uvloop",
        "http": "httptools",
        "backlog": 2048,
        # Open event streams (GET /v1/events/stream) never end on their own.
        "timeout_graceful_shutdown": 5,
    }
    if ledger is None and settings is not None and settings.database.engine == "sqlite":
        init_embedded_key(LedgerApplication(settings))
    if workers > 1 and ledger is None:
        # Worker processes each build their app from the environment.
        assert settings is not None
        os.environ["LEDGER_DATABASE_URL"] = settings.database.url
        os.environ["LEDGER_PUBLIC_BOARD"] = "1" if public_board else "0"
        os.environ[WORKER_THREADS_ENV] = str(threads)
        os.environ[REMINDERS_ENV] = "1" if remind else os.environ.get(REMINDERS_ENV, "0")
        uvicorn.run("ledger.api.app:create_app_from_env", factory=True, workers=workers, **options)
        return
    from ledger.api.checkpoint_worker import install_checkpointer

    if ledger is not None:
        init_embedded_key(ledger)

    api = install_checkpointer(
        create_app(settings, ledger=ledger, public_board=public_board, worker_threads=threads)
    )
    install_follow_up(api, remind=remind or None)
    uvicorn.run(api, **options)


def check_witness_policy(settings: Settings) -> None:
    """A malformed LEDGER_WITNESS_POLICY stops ``serve`` before it starts (exit 2)."""
    if settings.witness_policy is None:
        return
    from ledger.application.witnessing import load_policy

    try:
        policy = load_policy(settings.witness_policy)
    except ConfigurationError as e:
        raise configuration_error(e) from None
    urls = policy.submission_urls()
    console.print(
        f"Witness policy {settings.witness_policy}: submitting to {', '.join(urls) or 'none'}"
        f" (quorum {policy.quorum})",
        soft_wrap=True,
    )


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
    threads: Annotated[
        int, typer.Option(min=1, max=256, help="Threads per process for store calls.")
    ] = SERVE_THREADS,
    remind: Annotated[
        bool, typer.Option("--remind", help="Also run the reminder runner (writes events).")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and deliver the webhooks."""
    settings = load_settings(database_url)
    check_witness_policy(settings)
    console.print(f"Directive Ledger API on http://{host}:{port} (docs: /docs)")
    run_server(
        None,
        settings,
        host=host,
        port=port,
        public_board=public_board,
        workers=workers,
        threads=threads,
        remind=remind,
    )


@app.command("demo")
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    serve_api: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after preparing the demo.")
    ] = True,
    database_url: DatabaseOption = None,
) -> None:
    """Load the sample meeting, its 2025 succession and the illustrative follow-up
    (synthetic, labelled) unless loaded, make one demo token per role, and serve the API
    with the public board."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    if load_sample(ledger, illustrative=True).changed:
        console.print(
            "Loaded the sample meeting of 10 December 2021 (Hải Dương), its 2025 succession "
            "(Hải Phòng) and the illustrative follow-up (SYNTHETIC, labelled as such)."
        )
    tokens = ensure_demo_tokens(ledger, ledger.settings.database.folder / DEMO_TOKENS_FILE)
    init_embedded_key(ledger)
    checkpoint = ensure_demo_checkpoint(ledger)
    url = f"http://{host}:{port}"
    # Plain lines, never wrapped or cut: the tokens are meant to be copied.
    typer.echo("Demo bearer tokens (kept in " + DEMO_TOKENS_FILE + " beside the database):")
    for role, token in tokens.items():
        unit = DEMO_PRINCIPALS[Role(role)][1]
        typer.echo(f"  {role:<8} {token}" + (f"  ({unit})" if unit else ""))
    typer.echo(f"Signed checkpoint: size {checkpoint['size']}, root {checkpoint['root_hash']}")
    typer.echo(f"Board (the sample meeting; ?lang=en for English): {url}/")
    typer.echo(f"API: {url}  (OpenAPI: {url}/docs)")
    typer.echo(
        f'Try: curl -H "Authorization: Bearer {tokens[Role.AUDITOR.value]}" '
        f"{url}/v1/meetings/{_sample_meeting_id()}"
    )
    if serve_api:
        run_server(ledger, None, host=host, port=port, public_board=True)


def ensure_demo_checkpoint(ledger: LedgerApplication) -> dict[str, Any]:
    """Sign a checkpoint unless the latest one already covers the whole log, so that the
    board's badge can show each directive verified from the first page."""
    from ledger.application.audit import AuditService

    audit = AuditService(ledger)
    latest = audit.latest_checkpoint()
    if latest is not None and int(latest["size"]) >= ledger.max_position():
        return latest
    return audit.create_checkpoint()


def _sample_meeting_id() -> str:
    from ledger.sample import sample_data, sample_id

    return str(sample_id(sample_data()["meeting"]["key"]))
