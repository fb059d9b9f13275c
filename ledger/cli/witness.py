"""``directive-ledger witness init`` and ``witness serve``: a c2sp.org/tlog-witness
witness for one or more logs, with its own key and its own SQLite state."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ledger.integrity.note import ED25519, NoteError, Vkey
from ledger.witness.keyfile import WitnessKeyError, create_witness_key, load_witness_key

app = typer.Typer(
    help="A transparency-log witness (c2sp.org/tlog-witness) that cosigns checkpoints.",
    no_args_is_help=True,
)

KeyFileOption = Annotated[Path, typer.Option("--key-file", help="The witness's key file.")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


@app.command("init")
def witness_init(
    name: Annotated[str, typer.Option(help="The witness's name, e.g. witness.example/w1.")],
    key_file: KeyFileOption,
) -> None:
    """Write a new witness key (mode 0600, never overwriting) and print its vkey."""
    try:
        vkey = create_witness_key(key_file, name)
    except WitnessKeyError as e:
        raise _fail(str(e)) from None
    print(vkey)


def parse_log_vkeys(texts: list[str]) -> list[Vkey]:
    logs = []
    for text in texts:
        try:
            vkey = Vkey.parse(text)
        except NoteError as e:
            raise _fail(f"--log {text!r}: {e}", 2) from None
        if vkey.sig_type != ED25519:
            raise _fail(f"--log {text!r}: a log's vkey has signature type 0x01", 2)
        logs.append(vkey)
    return logs


@app.command("serve")
def witness_serve(
    key_file: KeyFileOption,
    log: Annotated[
        list[str], typer.Option("--log", help="A log's vkey (repeat for several logs or keys).")
    ],
    state: Annotated[Path, typer.Option(help="The witness's SQLite state file.")],
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The TCP port to listen on.")] = 8080,
) -> None:
    """Serve POST /add-checkpoint for the logs given by --log."""
    import uvicorn

    from ledger.witness.app import create_app
    from ledger.witness.service import Witness
    from ledger.witness.state import WitnessState

    logs = parse_log_vkeys(log)
    try:
        vkey, private = load_witness_key(key_file)
    except WitnessKeyError as e:
        raise _fail(str(e), 2) from None
    witness = Witness(vkey, private, logs, WitnessState(state))
    print(f"witness {vkey} on http://{host}:{port}/add-checkpoint", flush=True)
    for known in logs:
        print(f"  log {known}", flush=True)
    uvicorn.run(create_app(witness), host=host, port=port, log_level="warning")
