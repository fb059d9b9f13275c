"""``checkpoint``, ``export`` and ``verify``: sign the log, write it out, check it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ledger.application import LedgerApplication
from ledger.cli.common import (
    DatabaseOption,
    console,
    err_console,
    open_ledger,
    progress_bar,
)
from projections.service import VIEW_NAMES

app = typer.Typer()


def public_key_option(path: Path | None) -> Any:
    from ledger.integrity.keys import KeyFileError, PublicKey

    if path is None:
        return None
    try:
        return PublicKey.from_file(path)
    except KeyFileError as e:
        err_console.print(f"[red]error[/red] --public-key: {e}")
        raise typer.Exit(2) from None


def checkpoint_option(path: Path | None) -> list[dict[str, Any]]:

    if path is None:
        return []
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        err_console.print(f"[red]error[/red] --checkpoint: cannot read {path}: {e}")
        raise typer.Exit(2) from None
    return found if isinstance(found, list) else [found]


@app.command("checkpoint")
def checkpoint_command(database_url: DatabaseOption = None) -> None:
    """Sign a checkpoint of the log now and print it (JSON)."""

    from ledger.application.audit import AuditService

    ledger = open_ledger(database_url)
    checkpoint = AuditService(ledger).create_checkpoint()
    sys.stdout.write(json.dumps(checkpoint, ensure_ascii=False) + "\n")


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The JSON Lines file to write.")],
    database_url: DatabaseOption = None,
) -> None:
    """Write the log (CloudEvents JSON Lines), its checkpoints and public keys to a file."""
    from ledger.application.audit import AuditService
    from ledger.application.export import export_to

    ledger = open_ledger(database_url)
    audit = AuditService(ledger)
    keys = [k.as_dict() for k in audit.registered_keys().values()]
    bar, advance = progress_bar("exporting")
    with bar:
        count = export_to(
            ledger, out, public_keys=keys, view_digests=_live_view_digests(ledger), progress=advance
        )
    from ledger.application.files import files_of
    from ledger.integrity.files import files_folder

    stored = files_of(ledger).write_beside(out)
    console.print(f"Exported {count} events and {len(audit.checkpoints())} checkpoints to {out}.")
    if stored:
        console.print(f"Wrote {stored} evidence files to {files_folder(out)}.")


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
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="The only thing trusted: the Ed25519 public key (file)."),
    ] = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="A checkpoint you kept (JSON); the log must match it."),
    ] = None,
    views: Annotated[
        bool, typer.Option("--views", help="Also compare each view with a rebuild in memory.")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Check every event, leaf, checkpoint and snapshot; exit 1 naming the first failure."""
    from ledger.application.verify_store import verify_store
    from ledger.integrity.export import read_export
    from ledger.integrity.keys import KeyFileError, load_signing_key
    from ledger.integrity.verify import verify_export

    key = public_key_option(public_key)
    kept = checkpoint_option(checkpoint)
    bar, advance = progress_bar("verifying")
    if export_file is not None:
        if views:
            err_console.print(
                "[red]error[/red] --views checks a live store; an export's views are "
                "checked by `replay`"
            )
            raise typer.Exit(2)
        try:
            contents = read_export(export_file)
        except (OSError, ValueError) as e:
            err_console.print(f"[red]error[/red] {e}")
            raise typer.Exit(2) from None
        if key is None and contents.public_keys:
            from ledger.integrity.keys import PublicKey

            key = PublicKey.from_base64(str(contents.public_keys[-1]["public_key"]))
            err_console.print(
                "[yellow]warning[/yellow] no --public-key: trusting the key inside the export"
            )
        with bar:
            report = verify_export(
                contents, public_key=key, extra_checkpoints=kept, progress=advance
            )
        from ledger.integrity.files import check_files_folder

        check_files_folder(export_file, report)
    else:
        ledger = open_ledger(database_url)
        if key is None and ledger.settings.key_file.exists():
            try:
                key = load_signing_key(ledger.settings.key_file).public
            except KeyFileError as e:
                err_console.print(f"[red]error[/red] {e}")
                raise typer.Exit(2) from None
        if key is None:
            from ledger.application.audit import AuditService

            registered = list(AuditService(ledger).registered_keys().values())
            if registered:
                key = registered[-1]
                err_console.print(
                    "[yellow]warning[/yellow] no --public-key and no key file: "
                    "trusting the key recorded in the ledger"
                )
        with bar:
            report = verify_store(ledger, public_key=key, extra_checkpoints=kept, progress=advance)
        from ledger.application.files import files_of

        # Every evidence file: its bytes against its sha256, each failure naming the event.
        files_of(ledger).check(report)
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
