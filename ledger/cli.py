"""The ``directive-ledger`` command line (Typer, with rich output)."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ledger.application import LedgerApplication
from ledger.cli_keys import PublicKeyOption, VkeyOption
from ledger.domain.errors import DomainError
from ledger.domain.values import SYSTEM_ACTOR, Role
from ledger.settings import ConfigurationError, Settings
from ledger.witness.cli import witness_app
from projections.service import VIEW_NAMES, ViewService

app = typer.Typer(
    help="Directive Ledger: an event-sourced, tamper-evident audit ledger of "
    "directives and their follow-up.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="Create and revoke bearer tokens (principals).", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(witness_app, name="witness")

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


# Threads for sync routes in ``serve`` (see ``create_app``); measured with
# benchmarks/api_write.py: enough that writes queue up for a group commit (4 gave
# smaller groups), fewer than anyio's 40, which lengthens write latency's tail.
SERVE_THREADS = 8


def run_server(
    ledger: LedgerApplication | None,
    settings: Settings | None,
    *,
    host: str,
    port: int,
    public_board: bool,
    workers: int = 1,
    threads: int = SERVE_THREADS,
) -> None:
    import uvicorn

    from ledger.api.app import WORKER_THREADS_ENV, create_app

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
    }
    if ledger is None and settings is not None and settings.database.engine == "sqlite":
        init_embedded_key(LedgerApplication(settings))
    if workers > 1 and ledger is None:
        # Worker processes each build their app from the environment.
        assert settings is not None
        os.environ["LEDGER_DATABASE_URL"] = settings.database.url
        os.environ["LEDGER_PUBLIC_BOARD"] = "1" if public_board else "0"
        os.environ[WORKER_THREADS_ENV] = str(threads)
        uvicorn.run("ledger.api.app:create_app_from_env", factory=True, workers=workers, **options)
        return
    from ledger.api.routers.audit import install_checkpointer

    if ledger is not None:
        init_embedded_key(ledger)

    api = install_checkpointer(
        create_app(settings, ledger=ledger, public_board=public_board, worker_threads=threads)
    )
    uvicorn.run(api, **options)


def init_embedded_key(ledger: LedgerApplication) -> None:
    """On the embedded SQLite store, ``serve`` and ``demo`` run ``keys init`` when the
    ledger has no key yet (on PostgreSQL only ``keys init`` makes one)."""
    from ledger.signing import SigningService

    if ledger.settings.database.engine != "sqlite":
        return
    signing = SigningService(ledger)
    if signing.chain() is None:
        result = signing.init()
        err_console.print(
            f"Made the signing key {result.public.key_id} in {signing.key_file} "
            "(`keys init`, the embedded SQLite default)."
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
    database_url: DatabaseOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    try:
        settings = Settings.from_env(database_url=database_url)
    except ConfigurationError as e:
        err_console.print(f"[red]error[/red] {e.field}: {e.message}")
        raise typer.Exit(2) from None
    console.print(f"Directive Ledger API on http://{host}:{port} (docs: /docs)")
    run_server(
        None,
        settings,
        host=host,
        port=port,
        public_board=public_board,
        workers=workers,
        threads=threads,
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
    """Load the sample meeting if the store is empty, make one demo token per role, and
    serve the API with the public board."""
    from ledger.sample import load_sample

    ledger = open_ledger(database_url)
    if ledger.max_position() == 0:
        load_sample(ledger)
        console.print("Loaded the sample meeting of 10 December 2021 (Hải Dương).")
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
    from ledger.integrity.audit import AuditService

    audit = AuditService(ledger)
    latest = audit.latest_checkpoint()
    if latest is not None and int(latest["size"]) >= ledger.max_position():
        return latest
    return audit.create_checkpoint()


def _sample_meeting_id() -> str:
    from ledger.sample import sample_data, sample_id

    return str(sample_id(sample_data()["meeting"]["key"]))


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


def _progress(description: str) -> tuple[Any, Callable[[int, int], None]]:
    """A rich progress bar (on stderr) and the callback that advances it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

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


def _checkpoint_option(path: Path | None) -> list[dict[str, Any]]:
    import json

    from ledger.integrity.checkpoint_note import checkpoint_from_note

    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8")
        if not text.lstrip().startswith(("{", "[")):
            return [checkpoint_from_note(text)]  # a checkpoint note kept by the auditor
        found = json.loads(text)
    except (OSError, ValueError) as e:
        err_console.print(f"[red]error[/red] --checkpoint: cannot read {path}: {e}")
        raise typer.Exit(2) from None
    return found if isinstance(found, list) else [found]


@app.command("checkpoint")
def checkpoint_command(database_url: DatabaseOption = None) -> None:
    """Sign a checkpoint of the log now and print it (JSON)."""
    import json

    from ledger.integrity.audit import AuditService

    ledger = open_ledger(database_url)
    try:
        checkpoint = AuditService(ledger).create_checkpoint()
    except DomainError as e:
        raise fail(e) from None
    sys.stdout.write(json.dumps(checkpoint, ensure_ascii=False) + "\n")


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The JSON Lines file to write.")],
    database_url: DatabaseOption = None,
) -> None:
    """Write the log (CloudEvents JSON Lines), its checkpoints and public keys to a file."""
    from ledger.integrity.audit import AuditService
    from ledger.integrity.export import export_to

    ledger = open_ledger(database_url)
    audit = AuditService(ledger)
    keys = [k.as_dict() for k in audit.registered_keys().values()]
    bar, advance = _progress("exporting")
    with bar:
        count = export_to(
            ledger, out, public_keys=keys, view_digests=_live_view_digests(ledger), progress=advance
        )
    console.print(f"Exported {count} events and {len(audit.checkpoints())} checkpoints to {out}.")


def _live_view_digests(ledger: LedgerApplication) -> dict[str, Any] | None:
    """The views' digests today, recorded in an export so a replay can be compared."""
    try:
        from projections.service import ViewService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    service: Any = ViewService(ledger)
    service.catch_up()
    on = ledger.today()
    # Each view with the position it answered at: on a live store the log (and an API's
    # runner) moves on, and a replay compares each view up to that position.
    views = {name: service.view(name, on) for name in VIEW_NAMES}
    positions = {name: int(view["position"]) for name, view in views.items()}
    return {
        "on": on.isoformat(),
        "position": min(positions.values()),
        "positions": positions,
        "digests": {name: view["digest"] for name, view in views.items()},
    }


@app.command("verify")
def verify_command(
    export_file: Annotated[
        Path | None, typer.Argument(help="An export to verify (default: the live store).")
    ] = None,
    public_key: PublicKeyOption = None,
    vkey: VkeyOption = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint", help="A checkpoint you kept (a note, or JSON); the log must match it."
        ),
    ] = None,
    views: Annotated[
        bool, typer.Option("--views", help="Also compare each view with a rebuild in memory.")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Check every event, leaf, checkpoint and snapshot; exit 1 naming the first failure.
    Checkpoints must be signed by the key in force at their size, reached from your trust
    anchor (the ledger's first key) through the rotations recorded in the log."""
    from ledger.cli_keys import require_anchor, trust_anchor
    from ledger.integrity.verify import read_export, verify_export, verify_store

    kept = _checkpoint_option(checkpoint)
    bar, advance = _progress("verifying")
    if export_file is not None:
        if views:
            err_console.print(
                "[red]error[/red] --views checks a live store; an export's views are "
                "checked by `replay`"
            )
            raise typer.Exit(2)
        anchor, origin = require_anchor(public_key, vkey)
        try:
            contents = read_export(export_file)
        except (OSError, ValueError) as e:
            err_console.print(f"[red]error[/red] {e}")
            raise typer.Exit(2) from None
        with bar:
            report = verify_export(
                contents, public_key=anchor, origin=origin, extra_checkpoints=kept, progress=advance
            )
    else:
        key, origin = trust_anchor(public_key, vkey)
        ledger = open_ledger(database_url)
        if key is None:
            from ledger.signing import SigningService

            key = SigningService(ledger).anchor()
            if key is not None:
                err_console.print(
                    "[yellow]warning[/yellow] no --public-key or --vkey: trusting the first "
                    "key recorded in the ledger itself"
                )
        with bar:
            report = verify_store(
                ledger, public_key=key, origin=origin, extra_checkpoints=kept, progress=advance
            )
        if views and report.ok:
            _verify_views(ledger, report)
    rate = report.size / report.seconds if report.seconds else 0.0
    if not report.ok:
        for failure in report.failures:
            err_console.print(f"[red]FAILED[/red] {failure}", soft_wrap=True)
        raise typer.Exit(1)
    console.print(
        f"OK: {report.size} events, root {report.root_hash or '-'}; "
        f"{report.checkpoints} checkpoints, {report.snapshots} snapshots, "
        f"{report.views} views checked ({rate:,.0f} events/s).",
        soft_wrap=True,
    )
    for note in report.notes:
        console.print(f"  {note}", soft_wrap=True)


def _verify_views(ledger: LedgerApplication, report: Any) -> None:
    """Each view's stored digest against a rebuild in memory from the (verified) log."""
    try:
        from projections.service import ViewService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        err_console.print("[red]error[/red] --views: the projections are not installed")
        raise typer.Exit(2) from None
    service: Any = ViewService(ledger)
    service.catch_up()
    # A live store's views go on moving (an API's runner): each view is compared with a
    # rebuild up to the position it was read at.
    on = ledger.today()
    views = {name: service.view(name, on) for name in VIEW_NAMES}
    stored = {name: view["digest"] for name, view in views.items()}
    at = {name: int(view["position"]) for name, view in views.items()}
    rebuilt = service.memory_digests(on, at=at)
    for name in sorted(set(stored) | set(rebuilt)):
        report.views += 1
        if stored.get(name) != rebuilt.get(name):
            report.fail(f"view {name}", "its rows differ from a rebuild from the log")


@app.command("replay")
def replay_command(
    export_file: Annotated[Path, typer.Argument(help="An export written by `export`.")],
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="A fresh, empty store to replay into (default: a new SQLite file in a "
            "temporary folder).",
        ),
    ] = None,
    public_key: PublicKeyOption = None,
    vkey: VkeyOption = None,
) -> None:
    """Verify an export, replay it into a fresh store and rebuild every view from it;
    print the view digests and compare them with the ones the export recorded."""
    import tempfile

    from ledger.cli_keys import require_anchor
    from ledger.integrity import tree
    from ledger.integrity.export import replay_export
    from ledger.integrity.verify import read_export, verify_export

    key, origin = require_anchor(public_key, vkey)
    try:
        contents = read_export(export_file)
    except (OSError, ValueError) as e:
        err_console.print(f"[red]error[/red] {e}")
        raise typer.Exit(2) from None
    report = verify_export(contents, public_key=key, origin=origin)
    if not report.ok:
        for failure in report.failures:
            err_console.print(f"[red]FAILED[/red] {failure}", soft_wrap=True)
        raise typer.Exit(1)
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="ledger-replay-"))
        database_url = f"sqlite:///{folder / 'replay.sqlite'}"
    fresh = open_ledger(database_url)
    bar, advance = _progress("replaying")
    try:
        with bar:
            count = replay_export(fresh, contents.events, progress=advance)
    except ValueError as e:
        err_console.print(f"[red]error[/red] {e}")
        raise typer.Exit(2) from None
    read = fresh.ledger_recorder.read_nodes
    for checkpoint in contents.checkpoints:
        size = int(checkpoint["size"])
        if tree.root(size, read).hex() != checkpoint["root_hash"]:
            err_console.print(f"[red]FAILED[/red] checkpoint {size}: the replayed root differs")
            raise typer.Exit(1)
    console.print(f"Replayed {count} events into {database_url}; the roots match.", soft_wrap=True)
    _replay_views(fresh, contents.view_digests)


def _replay_views(fresh: LedgerApplication, recorded: dict[str, Any] | None) -> None:
    try:
        from projections.service import ViewService  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        err_console.print("[yellow]note[/yellow] the projections are not installed: no views")
        return
    service: Any = ViewService(fresh)
    service.rebuild()
    from datetime import date

    on = None if recorded is None or not recorded.get("on") else date.fromisoformat(recorded["on"])
    digests = service.digests(on=on)
    expected = {} if recorded is None else dict(recorded.get("digests") or {})
    positions = {} if recorded is None else dict(recorded.get("positions") or {})
    head = service.head()
    earlier = {n: int(p) for n, p in positions.items() if n in digests and int(p) < head}
    if earlier:
        # Exported from a live store: those views stood before the last exported event.
        digests.update(service.memory_digests(on, at=earlier))
        err_console.print(
            "[yellow]note[/yellow] compared at the positions the export recorded: "
            + ", ".join(f"{n} at {p}" for n, p in sorted(earlier.items()))
        )
    table = Table("view", "digest", "recorded in the export", title="View digests")
    mismatched = []
    for name in sorted(digests):
        want = expected.get(name)
        table.add_row(
            name,
            digests[name],
            "—" if want is None else ("same" if want == digests[name] else want),
        )
        if want is not None and want != digests[name]:
            mismatched.append(name)
    console.print(table)
    if mismatched:
        err_console.print(
            f"[red]FAILED[/red] views differ from the export: {', '.join(mismatched)}"
        )
        raise typer.Exit(1)


def _register_trust_commands() -> None:
    from ledger.cli_keys import register

    register(app)


_register_trust_commands()


def main() -> None:
    app()
