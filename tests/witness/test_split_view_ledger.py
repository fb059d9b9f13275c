"""The split view, caught, on SQLite and PostgreSQL with two real witnesses on loopback.

The ledger's checkpoint is cosigned by both witnesses and `verify --witness-policy`
passes. Then an attacker with the owner's database rights (triggers dropped) rewrites an
event, recomputes its leaf and every subtree above it, deletes the old checkpoint and its
cosignatures, and signs new checkpoints with the ledger's real key. Plain `verify` is
fooled (the forged store is self-consistent); no witness cosigns the forgery, and
`verify --witness-policy` fails naming the checkpoint.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from typer.testing import CliRunner

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.application.signing import SigningService
from ledger.application.witnessing import witnessing_for
from ledger.cli import app as cli
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity import tree
from ledger.integrity.entry import leaf_hash_of_row
from ledger.sample import load_sample
from ledger.settings import Settings
from ledger.store.log_reader import log_rows
from tests.witness.live_witness import LiveWitness, witness_init

TABLES = ("ledger_leaves", "ledger_nodes", "ledger_checkpoints", "ledger_cosignatures")


@dataclass
class Owner:
    """The attacker: the owner's rights on the database, and the ledger's key file."""

    url: str
    sqlite: bool

    @property
    def events(self) -> str:
        return "stored_events" if self.sqlite else "ledger_events"

    @property
    def pos(self) -> str:
        return "rowid" if self.sqlite else "notification_id"

    def sql(self, statements: list[tuple[str, tuple[Any, ...]]]) -> list[list[tuple[Any, ...]]]:
        results = []
        if self.sqlite:
            conn = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            try:
                for table in (self.events, *TABLES):
                    for action in ("update", "delete"):
                        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
                for statement, params in statements:
                    results.append(conn.execute(statement.replace("%s", "?"), params).fetchall())
                conn.commit()
            finally:
                conn.close()
            return results
        with psycopg.connect(self.url) as conn:
            for table in (self.events, *TABLES):
                conn.execute(f"DROP TRIGGER IF EXISTS ledger_append_only ON {table}")
            for statement, params in statements:
                cur = conn.execute(statement, params)
                results.append([tuple(r) for r in cur.fetchall()] if cur.description else [])
        return results

    def rewrite(self, position: int, old: bytes, new: bytes) -> None:
        """Change one event's stored state, then recompute its leaf and every subtree."""
        select = f"SELECT {self.pos}, originator_id, originator_version, topic, state FROM "
        (row,) = self.sql([(select + f"{self.events} WHERE {self.pos} = %s", (position,))])[0]
        state = bytes(row[4])
        assert old in state
        forged = state.replace(old, new)
        leaf = leaf_hash_of_row(position, str(UUID(str(row[1]))), row[2], row[3], forged)
        (leaves,) = self.sql(
            [
                (f"UPDATE {self.events} SET state = %s WHERE {self.pos} = %s", (forged, position)),
                ("UPDATE ledger_leaves SET leaf_hash = %s WHERE position = %s", (leaf, position)),
                ("SELECT leaf_hash FROM ledger_leaves ORDER BY position", ()),
            ]
        )[2:]
        levels = tree.Levels([bytes(r[0]) for r in leaves]).levels
        inserts = [
            ("INSERT INTO ledger_nodes (level, idx, hash) VALUES (%s, %s, %s)", (lv, i, h))
            for lv in range(1, len(levels))
            for i, h in enumerate(levels[lv])
        ]
        self.sql([("DELETE FROM ledger_nodes", ()), *inserts])

    def erase_checkpoints(self) -> None:
        self.sql([("DELETE FROM ledger_cosignatures", ()), ("DELETE FROM ledger_checkpoints", ())])


@dataclass
class World:
    url: str
    env: dict[str, str]
    vkey: str
    policy: Path
    kept: Path
    witnesses: list[LiveWitness]

    def open(self) -> LedgerApplication:
        return LedgerApplication(Settings.from_env(self.env, database_url=self.url))

    def verify(self, *extra: str) -> tuple[int, str]:
        result = CliRunner().invoke(
            cli,
            ["verify", "--database-url", self.url, "--vkey", self.vkey, *extra],
            env={**self.env, "COLUMNS": "300"},
        )
        return result.exit_code, result.output


def sign_and_witness(app: LedgerApplication) -> tuple[dict[str, Any], dict[str, str]]:
    """What the key holder's process does: sign, then one witnessing pass."""
    audit = AuditService(app)
    witnessing = witnessing_for(audit)
    assert witnessing is not None
    checkpoint = audit.create_checkpoint()
    failures = witnessing.run_once()
    witnessing.stop()
    return audit.with_note(checkpoint), failures


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    key_file = tmp_path / "signing.key"
    env = {"LEDGER_SIGNING_KEY_FILE": str(key_file), "LEDGER_SNAPSHOT_INTERVAL": "100000"}
    app = LedgerApplication(Settings.from_env(env, database_url=database_url))
    SigningService(app).init()
    load_sample(app)
    vkey = str(AuditService(app).public_key()["vkey"])
    app.close()
    witnesses, lines = [], []
    try:
        for name in ("w1", "w2"):
            made = witness_init(f"witness.test/{name}", tmp_path / f"{name}.key")
            assert made.returncode == 0, made.stderr
            live = LiveWitness(tmp_path / f"{name}.key", [vkey], tmp_path / f"{name}.sqlite",
                               tmp_path / f"{name}.log")  # fmt: skip
            witnesses.append(live.start())
            lines.append(f"witness {name} {made.stdout.strip()} {live.url}\n")
        policy = tmp_path / "policy.txt"
        policy.write_text(f"log {vkey}\n" + "".join(lines) + "group both all w1 w2\nquorum both\n")
        env["LEDGER_WITNESS_POLICY"] = str(policy)
        yield World(database_url, env, vkey, policy, tmp_path / "kept.note", witnesses)
    finally:
        for live in witnesses:
            live.kill()


def test_a_split_view_is_cosigned_by_no_witness_and_fails_verify(world: World) -> None:
    app = world.open()
    honest, failures = sign_and_witness(app)
    assert failures == {}
    assert app.ledger_recorder.cosignatures(honest["size"]) != []
    world.kept.write_text(honest["note"])  # the auditor keeps the cosigned note
    code, output = world.verify("--witness-policy", str(world.policy))
    assert code == 0, output
    assert "the witness quorum is met (w1, w2)" in output
    size = int(honest["size"])
    # The newest event the checkpoint covers that names Hải Dương (the sample ends with
    # the 2025 succession, whose events need not).
    target = max(
        row[0] for row in log_rows(app.ledger_recorder, 0, size) if "Hải Dương".encode() in row[4]
    )
    app.close()

    owner = Owner(world.url, world.url.startswith("sqlite"))
    owner.rewrite(target, "Hải Dương".encode(), "Hải Phòng".encode())
    owner.erase_checkpoints()
    forged_app = world.open()
    forged, failures = sign_and_witness(forged_app)  # the same size, another root
    assert forged["size"] == size
    assert forged["root_hash"] != honest["root_hash"]
    assert set(failures) == {"w1", "w2"}
    assert all("answered 409" in why for why in failures.values())
    assert forged_app.ledger_recorder.cosignatures(size) == []

    # A larger forged tree: the proof from the witnesses' size does not verify.
    forged_app.issue_directive(
        forged_app.context(SYSTEM_ACTOR), title="Che giấu", text="Một sự kiện mới",
        issuer="Ban Bí thư", lead_unit="Ban Thường vụ Thành ủy Hải Phòng",
    )  # fmt: skip
    larger, failures = sign_and_witness(forged_app)
    assert larger["size"] > size
    assert set(failures) == {"w1", "w2"}
    assert all("answered 422" in why for why in failures.values())
    assert forged_app.ledger_recorder.cosignatures(larger["size"]) == []
    forged_app.close()

    code, output = world.verify()
    assert code == 0, output  # the forgery is self-consistent: only witnesses tell
    code, output = world.verify("--witness-policy", str(world.policy))
    assert code == 1
    assert (
        f"FAILED checkpoint {larger['size']} (the latest): witness policy: valid cosignatures "
        "from no witness of the policy; the quorum 'both' is not met"
    ) in output
    # The note the auditor kept still has its quorum, and no longer matches the log.
    code, output = world.verify("--witness-policy", str(world.policy), "--checkpoint",
                                str(world.kept))  # fmt: skip
    assert code == 1
    assert f"FAILED the given checkpoint {size}: its root differs" in output
    assert "FAILED the given checkpoint kept.note" not in output  # its quorum stands


def test_an_export_carries_the_cosignatures_and_verifies_offline(
    world: World, tmp_path: Path
) -> None:
    app = world.open()
    honest, failures = sign_and_witness(app)
    assert failures == {}
    app.close()
    export = tmp_path / "ledger.jsonl"
    result = CliRunner().invoke(
        cli, ["export", "--out", str(export), "--database-url", world.url], env=world.env
    )
    assert result.exit_code == 0, result.output
    runner = CliRunner()
    args = ["verify", str(export), "--vkey", world.vkey, "--witness-policy"]
    passed = runner.invoke(cli, [*args, str(world.policy)], env={"COLUMNS": "300"})
    assert passed.exit_code == 0, passed.output
    assert f"checkpoint {honest['size']} (the latest): the witness quorum is met" in passed.output
    # A policy that also needs a witness that never saw this log: exit 1, naming it.
    stricter = tmp_path / "stricter.txt"
    third = witness_init("witness.test/w3", tmp_path / "w3.key").stdout.strip()
    stricter.write_text(
        world.policy.read_text().replace("quorum both\n", f"witness w3 {third}\n")
        + "group all3 all w1 w2 w3\nquorum all3\n"
    )
    failed = runner.invoke(cli, [*args, str(stricter)], env={"COLUMNS": "300"})
    assert failed.exit_code == 1
    assert (
        f"FAILED checkpoint {honest['size']} (the latest): witness policy: valid cosignatures "
        "from w1, w2; the quorum 'all3' is not met"
    ) in failed.output
    # A malformed policy is refused before anything is checked, naming its line.
    broken = tmp_path / "broken.txt"
    broken.write_text("witness w1 not-a-vkey\nquorum w1\n")
    refused = runner.invoke(cli, [*args, str(broken)], env={"COLUMNS": "300"})
    assert refused.exit_code == 2
    assert "--witness-policy" in refused.output
    assert "line 1:" in refused.output
