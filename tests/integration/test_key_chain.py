"""One signing identity on SQLite and PostgreSQL, through the command line: ``keys init``
once, ``keys rotate`` recorded in the log, ``verify`` given only the FIRST key follows the
chain, a checkpoint signed by a key the chain does not reach fails naming it; an export
is checked only against the auditor's own anchor, and a forged one re-signed by another
key fails."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner, Result

from ledger.application import LedgerApplication
from ledger.cli import app as cli
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity import tree
from ledger.integrity.checkpoint_note import sign_checkpoint_note
from ledger.integrity.entry import canonical_bytes, entry_for, leaf_hash
from ledger.integrity.keychain import log_vkey
from ledger.integrity.keys import PublicKey
from ledger.integrity.note import Vkey
from ledger.sample import load_sample, sample_id
from ledger.settings import Settings


class Ledger:
    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.key_file = tmp_path / "keys" / "signing.key"
        self.env = {"LEDGER_SIGNING_KEY_FILE": str(self.key_file), "COLUMNS": "300"}
        self.app = LedgerApplication(
            Settings.from_env({"LEDGER_SIGNING_KEY_FILE": str(self.key_file)}, database_url=url)
        )

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, [*args, "--database-url", self.url], env=env or self.env)

    def write(self, n: int) -> None:
        ctx = self.app.context(SYSTEM_ACTOR)
        for i in range(n):
            text = f"Báo cáo tiến độ {i}"
            self.app.record_follow_up(
                sample_id("TW-02"), Annotate(refers_to_version=1, text=text), ctx
            )


@pytest.fixture
def ledger(database_url: str, tmp_path: Path) -> Any:
    found = Ledger(database_url, tmp_path)
    yield found
    found.app.close()


def test_init_rotate_show_and_verify_from_the_first_key(ledger: Ledger, tmp_path: Path) -> None:
    made = ledger.run("keys", "init")
    assert made.exit_code == 0, made.output
    first_vkey = made.output.strip().splitlines()[-1]
    assert first_vkey.startswith("localhost/directive-ledger+")
    assert ledger.key_file.stat().st_mode & 0o777 == 0o600
    # A second node's init never makes a second identity.
    elsewhere = {**ledger.env, "LEDGER_SIGNING_KEY_FILE": str(tmp_path / "other.key")}
    refused = ledger.run("keys", "init", env=elsewhere)
    assert refused.exit_code == 1
    assert "made only by `keys rotate`" in refused.output
    assert not (tmp_path / "other.key").exists()
    unsigned = ledger.run("checkpoint", env=elsewhere)  # that node never signs
    assert unsigned.exit_code == 1
    assert "not_the_signer" in unsigned.output

    load_sample(ledger.app)
    assert ledger.run("checkpoint").exit_code == 0
    rotated = ledger.run("keys", "rotate")
    assert rotated.exit_code == 0, rotated.output
    second_vkey = rotated.output.strip().splitlines()[-1]
    assert second_vkey != first_vkey
    position = ledger.app.max_position()
    ledger.write(5)
    signed = ledger.run("checkpoint")
    assert signed.exit_code == 0, signed.output
    assert json.loads(signed.output)["key_id"] == second_vkey.split("+")[1]
    retired = list(ledger.key_file.parent.glob("signing.key.*.retired"))
    assert len(retired) == 1

    shown = ledger.run("keys", "show")
    assert shown.exit_code == 0, shown.output
    assert first_vkey in shown.output
    assert second_vkey in shown.output
    assert f"{second_vkey}  from position {position}\n" in shown.output

    ok = ledger.run("verify", "--vkey", first_vkey)
    assert ok.exit_code == 0, ok.output
    assert "2 checkpoints" in ok.output
    assert f"from position {position}" in ok.output
    # The second key is not the ledger's anchor: the first rotation is not its own.
    wrong = ledger.run("verify", "--vkey", second_vkey)
    assert wrong.exit_code == 1
    assert f"position {position}: the rotation replaces key" in wrong.output

    # A checkpoint signed by a key no rotation reaches (an operator's own key) fails.
    stranger = Ed25519PrivateKey.generate()
    size = ledger.app.ledger_recorder.tree_size()
    ledger.write(1)
    forged = sign_checkpoint_note(
        stranger,
        origin="localhost/directive-ledger",
        size=size + 1,
        root_hash=tree.root(size + 1, ledger.app.ledger_recorder.read_nodes),
    )
    ledger.app.ledger_recorder.insert_checkpoint(forged)
    caught = ledger.run("verify", "--vkey", first_vkey)
    assert caught.exit_code == 1
    assert (
        f"checkpoint {size + 1}: signed by key {forged['key_id']}, which no valid rotation "
        "from the trusted key reaches" in caught.output
    )


def forge(lines: list[str], attacker: Ed25519PrivateKey) -> list[str]:
    """Rewrite the first progress note's text, recompute its entry and leaf, and re-sign
    every checkpoint at the new roots with the attacker's key."""
    records = [orjson.loads(line) for line in lines]
    events = [r for r in records if "specversion" in r]
    target = next(e for e in events if "Báo cáo" in base64.b64decode(e["storedstate"]).decode())
    state = base64.b64decode(target["storedstate"]).replace("Báo cáo".encode(), b"Bao cao", 1)
    entry = target["data"]
    entry = entry_for(
        int(target["sequence"]), target["subject"], entry["version"], entry["topic"], state
    )
    target.update(
        storedstate=base64.b64encode(state).decode(),
        data=entry,
        leafhash=leaf_hash(canonical_bytes(entry)).hex(),
    )
    nodes = tree.Levels([bytes.fromhex(e["leafhash"]) for e in events])
    public = PublicKey(attacker.public_key().public_bytes_raw())
    for r in records:
        if r.get("record") == "checkpoint":
            cp = r["checkpoint"]
            r["checkpoint"] = sign_checkpoint_note(
                attacker,
                origin=cp["origin"],
                size=cp["size"],
                root_hash=tree.root(cp["size"], nodes),
            )
        if r.get("record") == "public_key":
            r["public_key"] = public.as_dict()
    return [orjson.dumps(r).decode() for r in records]


def test_an_export_needs_the_auditors_anchor_and_a_forged_one_fails(
    ledger: Ledger, tmp_path: Path
) -> None:
    first_vkey = ledger.run("keys", "init").output.strip().splitlines()[-1]
    load_sample(ledger.app)
    assert ledger.run("checkpoint").exit_code == 0
    assert ledger.run("keys", "rotate").exit_code == 0  # the export carries the rotation
    ledger.write(3)
    assert ledger.run("checkpoint").exit_code == 0
    out = tmp_path / "export.jsonl"
    assert ledger.run("export", "--out", str(out)).exit_code == 0
    public = tmp_path / "first.pub"
    public.write_text(PublicKey(Vkey.parse(first_vkey).public_key).base64)
    runner = CliRunner()
    fresh = f"sqlite:///{tmp_path / 'fresh' / 'replay.sqlite'}"
    for command in (["verify", str(out)], ["replay", str(out), "--database-url", fresh]):
        bare = runner.invoke(cli, command, env={"COLUMNS": "300"})
        assert bare.exit_code == 2
        assert "give --public-key FILE or --vkey VKEY" in bare.output
        assert len(bare.output.strip().splitlines()) == 1
        passed = runner.invoke(cli, [*command, "--public-key", str(public)])
        assert passed.exit_code == 0, passed.output
        fresh = f"sqlite:///{tmp_path / 'fresh2' / 'replay.sqlite'}"

    attacker = Ed25519PrivateKey.generate()
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join(forge(out.read_text().splitlines(), attacker)) + "\n")
    target = f"sqlite:///{tmp_path / 'fresh3' / 'replay.sqlite'}"
    for command in (["verify", str(forged)], ["replay", str(forged), "--database-url", target]):
        result = runner.invoke(cli, [*command, "--vkey", first_vkey], env={"COLUMNS": "300"})
        assert result.exit_code == 1, result.output
        assert "which no valid rotation from the trusted key reaches" in result.output
    # Even as the anchor, the forger's key cannot take over the recorded chain: the log's
    # rotation was signed by the real first key.
    own = log_vkey(
        "localhost/directive-ledger", PublicKey(attacker.public_key().public_bytes_raw())
    )
    taken = runner.invoke(cli, ["verify", str(forged), "--vkey", str(own)], env={"COLUMNS": "300"})
    assert taken.exit_code == 1
    assert "the rotation replaces key" in taken.output
