"""``replay``: verify an export, replay it into a fresh store, rebuild and compare the views."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ledger.application import LedgerApplication
from ledger.cli.common import console, err_console, open_ledger, progress_bar
from ledger.cli.keys import PublicKeyOption, VkeyOption, require_anchor
from ledger.settings import mask_password

app = typer.Typer()


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

    from ledger.application.export import replay_export
    from ledger.integrity import tree
    from ledger.integrity.export import read_export
    from ledger.integrity.verify import verify_export

    key, origin = require_anchor(public_key, vkey)  # never a key inside the export
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
    bar, advance = progress_bar("replaying")
    try:
        with bar:
            count = replay_export(fresh, contents.events, progress=advance)
    except ValueError as e:
        err_console.print(f"[red]error[/red] {e}")
        raise typer.Exit(2) from None
    from ledger.application.files import files_of

    files_of(fresh).restore_from(export_file)
    read = fresh.ledger_recorder.read_nodes
    for checkpoint in contents.checkpoints:
        size = int(checkpoint["size"])
        if tree.root(size, read).hex() != checkpoint["root_hash"]:
            err_console.print(f"[red]FAILED[/red] checkpoint {size}: the replayed root differs")
            raise typer.Exit(1)
    console.print(
        f"Replayed {count} events into {mask_password(database_url)}; the roots match.",
        soft_wrap=True,
    )
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
