"""``directive-ledger keys init|rotate|show``, ``prove`` and ``verify-proof``: the
ledger's one signing identity and its offline proof bundles; and the auditor's trust
anchor (``--public-key FILE`` or ``--vkey VKEY``) that ``verify`` and ``replay`` take."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ledger.cli.common import DatabaseOption, console, err_console, open_ledger

if TYPE_CHECKING:
    from ledger.integrity.keys import PublicKey

app = typer.Typer()  # ``prove`` and ``verify-proof``, at the top level
keys_app = typer.Typer(
    help="The ledger's signing key: make it once, rotate it, show the chain.",
    no_args_is_help=True,
)
PublicKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--public-key",
        help="Your trust anchor: the ledger's FIRST Ed25519 public key (file: base64, PEM "
        "or the JSON of GET /v1/audit/public-key).",
    ),
]
VkeyOption = Annotated[
    str | None,
    typer.Option(
        "--vkey", help="Your trust anchor as a C2SP vkey: the ledger's first key (its origin)."
    ),
]


def _error(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error[/red] {message}", soft_wrap=True)
    return typer.Exit(code)


def trust_anchor(public_key: Path | None, vkey: str | None) -> tuple[PublicKey | None, str | None]:
    """The auditor's own trust anchor and, from a vkey, the log's origin."""
    from ledger.integrity.keys import KeyFileError, PublicKey
    from ledger.integrity.note import NoteError, Vkey

    if public_key is not None and vkey is not None:
        raise _error("give one trust anchor: --public-key or --vkey")
    if vkey is not None:
        try:
            parsed = Vkey.parse(vkey)
        except NoteError as e:
            raise _error(f"--vkey: {e}") from None
        return PublicKey(parsed.public_key), parsed.name
    if public_key is None:
        return None, None
    try:
        return PublicKey.from_file(public_key), None
    except KeyFileError as e:
        raise _error(f"--public-key: {e}") from None


def require_anchor(public_key: Path | None, vkey: str | None) -> tuple[PublicKey, str | None]:
    """An export is checked only against the auditor's own anchor: a key it carries is
    never trusted on its own."""
    anchor, origin = trust_anchor(public_key, vkey)
    if anchor is None:
        raise _error(
            "an export is checked against your own trust anchor: give --public-key FILE or "
            "--vkey VKEY (the ledger's first key); a key inside the export is never trusted"
        )
    return anchor, origin


# ------------------------------------------------------------------------- keys


@keys_app.command("init")
def keys_init(database_url: DatabaseOption = None) -> None:
    """Make the signing key file (LEDGER_SIGNING_KEY_FILE, mode 0600, never overwritten)
    and register its key when the ledger has none: the ledger's trust anchor."""
    from ledger.application.signing import SigningError, SigningService
    from ledger.integrity.keychain import log_vkey
    from ledger.integrity.keys import KeyFileError

    ledger = open_ledger(database_url)
    signing = SigningService(ledger)
    try:
        result = signing.init()
    except (SigningError, KeyFileError) as e:
        raise _error(str(e), 1) from None
    made = f"made {signing.key_file}" if result.created_file else f"kept {signing.key_file}"
    done = "registered it as the ledger's first key" if result.registered else "already in force"
    console.print(f"Key {result.public.key_id}: {made}; {done}.", soft_wrap=True)
    typer.echo(str(log_vkey(ledger.settings.origin, result.public)))


@keys_app.command("rotate")
def keys_rotate(database_url: DatabaseOption = None) -> None:
    """A new signing key: the log records SigningKeyRotated with the new public key and
    the old key's signature over it; later checkpoints are signed by the new key."""
    from ledger.application.signing import SigningError, SigningService
    from ledger.integrity.keychain import log_vkey
    from ledger.integrity.keys import KeyFileError

    ledger = open_ledger(database_url)
    signing = SigningService(ledger)
    try:
        old, new, position = signing.rotate()
    except (SigningError, KeyFileError) as e:
        raise _error(str(e), 1) from None
    console.print(
        f"Rotated key {old.key_id} to {new.key_id} at position {position}; the old key "
        f"file is kept as {signing.key_file.name}.{old.key_id}.retired.",
        soft_wrap=True,
    )
    typer.echo(str(log_vkey(ledger.settings.origin, new)))


@keys_app.command("show")
def keys_show(database_url: DatabaseOption = None) -> None:
    """The chain of keys from the ledger's first one: key id, vkey, from position."""
    from ledger.application.signing import SigningService

    ledger = open_ledger(database_url)
    chain = SigningService(ledger).chain()
    if chain is None:
        raise _error("no signing key is registered (`directive-ledger keys init`)", 1)
    # Plain lines, never cut: vkeys are meant to be copied.
    for key in chain.keys:
        shown = key.as_dict(ledger.settings.origin)
        typer.echo(f"{shown['key_id']}  {shown['vkey']}  from position {shown['from_position']}")
    for position, why in chain.problems:
        err_console.print(f"[red]invalid rotation[/red] at position {position}: {why}")


# ------------------------------------------------------------------- proof bundles


@app.command("prove")
def prove(
    position: Annotated[int, typer.Argument(min=1, help="The event's log position.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the bundle here (default: stdout).")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Write a c2sp.org/tlog-proof@v1 bundle of the event at POSITION: its entry, its
    inclusion proof and the latest checkpoint note with its cosignatures."""
    from ledger.application.audit import AuditService
    from ledger.domain.errors import DomainError

    ledger = open_ledger(database_url)
    try:
        bundle = AuditService(ledger).proof_bundle(position)
    except DomainError as e:
        raise _error(e.message, 1) from None
    if out is None:
        sys.stdout.write(bundle)
        return
    out.write_text(bundle, encoding="utf-8")
    console.print(f"Wrote the proof of position {position} to {out}.")


@app.command("verify-proof")
def verify_proof(
    proof_file: Annotated[Path, typer.Argument(help="A .tlog-proof file.")],
    vkey: Annotated[
        list[str] | None,
        typer.Option(
            "--vkey", help="The log's vkey (repeat for each key of its chain: `keys show`)."
        ),
    ] = None,
    witness_policy: Annotated[
        Path | None,
        typer.Option(
            "--witness-policy",
            help="A c2sp.org/tlog-policy file: its log keys are trusted too, and the "
            "checkpoint must carry its quorum of witness cosignatures.",
        ),
    ] = None,
) -> None:
    """Check a proof bundle offline and print the event it proves."""
    import orjson

    from ledger.application.witnessing import load_policy
    from ledger.integrity.note import NoteError, Vkey
    from ledger.integrity.tlog_proof import ProofBundleError, check_bundle
    from ledger.settings import ConfigurationError

    try:
        vkeys = [Vkey.parse(v) for v in vkey or []]
        policy = None if witness_policy is None else load_policy(witness_policy, "--witness-policy")
        data = proof_file.read_bytes()
    except NoteError as e:
        raise _error(f"--vkey: {e}") from None
    except ConfigurationError as e:
        raise _error(f"{e.field}: {e.message}") from None
    except OSError as e:
        raise _error(f"cannot read {proof_file}: {e.strerror}") from None
    if policy is not None:
        vkeys += [log.vkey for log in policy.logs]
    if not vkeys:
        raise _error("give the log's key: --vkey VKEY (or a --witness-policy naming it)")
    try:
        checked = check_bundle(data, vkeys)
        entry: Any = orjson.loads(checked.bundle.extra or b"")
        problem = None if policy is None else policy.quorum_problem(checked.note)
    except ProofBundleError as e:
        err_console.print(f"[red]FAILED[/red] {e}", soft_wrap=True)
        raise typer.Exit(1) from None
    except orjson.JSONDecodeError:
        err_console.print("[red]FAILED[/red] the proved entry is not JSON", soft_wrap=True)
        raise typer.Exit(1) from None
    if problem is not None:
        err_console.print(f"[red]FAILED[/red] the checkpoint: {problem}", soft_wrap=True)
        raise typer.Exit(1)
    if not isinstance(entry, dict) or entry.get("position") != checked.bundle.index + 1:
        err_console.print("[red]FAILED[/red] the entry's position is not its index + 1")
        raise typer.Exit(1)
    body = checked.body
    console.print(
        f"OK: position {entry['position']} ({entry.get('type')}, {entry.get('aggregate_id')} "
        f"v{entry.get('version')}) is in {body.origin} at size {body.size}; "
        f"{len(checked.note.signatures) - 1} other signatures on the checkpoint.",
        soft_wrap=True,
    )
    sys.stdout.write(orjson.dumps(entry, option=orjson.OPT_INDENT_2).decode() + "\n")
