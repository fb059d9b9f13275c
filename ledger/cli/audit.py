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
    configuration_error,
    console,
    err_console,
    fail,
    open_ledger,
    progress_bar,
)
from ledger.cli.keys import PublicKeyOption, VkeyOption
from ledger.domain.errors import DomainError
from ledger.settings import ConfigurationError
from projections.service import VIEW_NAMES

app = typer.Typer()


def checkpoint_option(path: Path | None) -> list[dict[str, Any]]:
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
    """Sign a checkpoint of the log now, submit it to the witnesses of
    LEDGER_WITNESS_POLICY (if set), and print it (JSON, its note with the cosignatures)."""

    from ledger.application.audit import AuditService
    from ledger.application.witnessing import witnessing_for

    ledger = open_ledger(database_url)
    audit = AuditService(ledger)
    try:
        witnessing = witnessing_for(audit)
    except ConfigurationError as e:
        raise configuration_error(e) from None
    try:
        checkpoint = audit.create_checkpoint()
    except DomainError as e:
        raise fail(e) from None
    if witnessing is not None:
        for name, why in witnessing.run_once().items():
            err_console.print(f"[yellow]not witnessed[/yellow] by {name}: {why}", soft_wrap=True)
        witnessing.stop()
        checkpoint = audit.with_note(checkpoint)
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
    public_key: PublicKeyOption = None,
    vkey: VkeyOption = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="A checkpoint you kept (a note, or JSON); the log must match it (repeatable).",
        ),
    ] = None,
    witness_policy: Annotated[
        Path | None,
        typer.Option(
            "--witness-policy",
            help="A c2sp.org/tlog-policy file: the latest checkpoint and each --checkpoint "
            "must carry its quorum of valid witness cosignatures.",
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
    from ledger.application.verify_store import verify_store
    from ledger.cli.keys import require_anchor, trust_anchor
    from ledger.integrity.export import read_export
    from ledger.integrity.verify import verify_export

    kept_files = checkpoint or []
    kept = [found for path in kept_files for found in checkpoint_option(path)]
    policy = None
    if witness_policy is not None:
        from ledger.application.witnessing import load_policy

        try:
            policy = load_policy(witness_policy, "--witness-policy")
        except ConfigurationError as e:
            raise configuration_error(e) from None
    bar, advance = progress_bar("verifying")
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
        latest = max(contents.checkpoints, key=lambda cp: int(cp["size"]), default=None)
        from ledger.integrity.files import check_files_folder

        check_files_folder(export_file, report)
    else:
        key, origin = trust_anchor(public_key, vkey)
        ledger = open_ledger(database_url)
        if key is None:
            from ledger.application.signing import SigningService

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
        from ledger.application.files import files_of

        # Every evidence file: its bytes against its sha256, each failure naming the event.
        files_of(ledger).check(report)
        if views and report.ok:
            _verify_views(ledger, report)
        latest = ledger.ledger_recorder.latest_checkpoint()
        if latest is not None:
            latest = {**latest, "cosignatures": ledger.ledger_recorder.cosignatures(latest["size"])}
    if policy is not None:
        _check_witnesses(report, policy, latest, kept_files)
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


def _check_witnesses(
    report: Any, policy: Any, latest: dict[str, Any] | None, kept_files: list[Path]
) -> None:
    """The witness policy's quorum on the latest checkpoint and on each kept one."""
    from ledger.application.witnessing import check_quorum, stored_note

    notes: list[tuple[str, str | None]] = []
    if latest is None:
        report.fail("the latest checkpoint", "witness policy: the log has no checkpoint")
    else:
        label = f"checkpoint {latest['size']} (the latest)"
        notes.append((label, stored_note(latest, list(latest.get("cosignatures") or []))))
    for path in kept_files:
        text = path.read_text(encoding="utf-8")
        is_note = not text.lstrip().startswith(("{", "["))
        notes.append((f"the given checkpoint {path.name}", text if is_note else None))
    check_quorum(report, policy, notes)


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
