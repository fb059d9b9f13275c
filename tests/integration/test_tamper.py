"""Tampering with a stored ledger, as an attacker with the database owner's rights (who
drops the append-only triggers first), on SQLite and on PostgreSQL: ``verify`` exits 1
and names the first failing position or the checkpoint; a clean store verifies."""

from __future__ import annotations

import base64
import json
import re
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
from ledger.cli import app as cli
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.integrity.entry import leaf_hash_of_row
from ledger.sample import load_sample
from ledger.settings import Settings

TITLE = "Nhiệm vụ gốc: kiểm tra"
PROTECTED = ("events", "ledger_leaves", "ledger_nodes", "ledger_checkpoints")


@dataclass
class Store:
    url: str
    engine: str
    app: LedgerApplication
    key_file: Path
    public_key_file: Path
    checkpoint_file: Path
    size: int  # the tree size the checkpoint covers
    directive_id: str

    # ------------------------------------------------------------ the attacker's SQL

    @property
    def events(self) -> str:
        return "stored_events" if self.engine == "sqlite" else "ledger_events"

    @property
    def pos(self) -> str:
        return "rowid" if self.engine == "sqlite" else "notification_id"

    @property
    def snapshots(self) -> str:
        return "stored_snapshots" if self.engine == "sqlite" else "ledger_snapshots"

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run as the owner, after dropping the triggers that refuse changes."""
        statement = statement.replace("{events}", self.events).replace("{pos}", self.pos)
        statement = statement.replace("{snapshots}", self.snapshots)
        if self.engine == "sqlite":
            path = self.url.removeprefix("sqlite:///")
            conn = sqlite3.connect(path)
            try:
                for table in (self.events, *PROTECTED[1:]):
                    for action in ("update", "delete"):
                        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
                rows = conn.execute(statement.replace("%s", "?"), params).fetchall()
                conn.commit()
                return rows
            finally:
                conn.close()
        with psycopg.connect(self.url, autocommit=False) as conn:
            for table in (self.events, *PROTECTED[1:]):
                conn.execute(f"DROP TRIGGER IF EXISTS ledger_append_only ON {table}")
            cur = conn.execute(statement, params)
            rows = cur.fetchall() if cur.description else []
            conn.commit()
            return [tuple(r) for r in rows]

    def state_at(self, position: int) -> bytes:
        return bytes(self.sql("SELECT state FROM {events} WHERE {pos} = %s", (position,))[0][0])

    def verify(self, *extra: str) -> tuple[int, str]:
        result = CliRunner().invoke(
            cli,
            [
                "verify",
                "--database-url",
                self.url,
                "--public-key",
                str(self.public_key_file),
                *extra,
            ],
            env={"LEDGER_SIGNING_KEY_FILE": str(self.key_file), "COLUMNS": "300"},
        )
        return result.exit_code, result.output


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[Store]:
    key_file = tmp_path / "signing.key"
    settings = Settings.from_env(
        {"LEDGER_SNAPSHOT_INTERVAL": "3", "LEDGER_SIGNING_KEY_FILE": str(key_file)},
        database_url=database_url,
    )
    app = LedgerApplication(settings)
    SigningService(app).init()
    load_sample(app)
    ctx = app.context(SYSTEM_ACTOR)
    directive = app.issue_directive(
        ctx,
        title=TITLE,
        text="Nội dung",
        issuer="Ban Bí thư",
        lead_unit="Ban Thường vụ Thành ủy Hải Phòng",
    )
    for n in range(4):  # versions 2..5: snapshots at 3 (and 6 never reached)
        app.record_follow_up(directive.id, Annotate(refers_to_version=1, text=f"ghi chú {n}"), ctx)
    audit = AuditService(app)
    public = tmp_path / "public-key.json"
    public.write_text(json.dumps(audit.public_key()))
    checkpoint = audit.create_checkpoint()
    kept = tmp_path / "checkpoint.json"
    kept.write_text(json.dumps(checkpoint))
    engine = "sqlite" if database_url.startswith("sqlite") else "postgres"
    yield Store(
        database_url,
        engine,
        app,
        key_file,
        public,
        kept,
        int(checkpoint["size"]),
        str(directive.id),
    )
    app.close()


def failing(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("FAILED")]
    assert lines, output
    return lines[0]


def test_a_clean_store_verifies(store: Store) -> None:
    code, output = store.verify("--checkpoint", str(store.checkpoint_file))
    assert code == 0, output
    assert f"OK: {store.size} events" in output
    snapshots = re.search(r"(\d+) snapshots", output)
    assert snapshots is not None
    assert int(snapshots.group(1)) >= 1


def test_the_database_refuses_changes_while_triggers_stand(store: Store) -> None:
    recorder: Any = store.app.recorder
    for statement in (
        f"UPDATE {store.events} SET topic = 'x'",
        f"DELETE FROM {store.events}",
        "UPDATE ledger_leaves SET leaf_hash = leaf_hash",
        "DELETE FROM ledger_nodes",
        "DELETE FROM ledger_checkpoints",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            recorder.datastore.transaction(commit=True) as c,
        ):
            c.execute(statement)
    assert store.verify()[0] == 0


def flip_one_byte(state: bytes) -> bytes:
    i = state.index(b"ghi ch")  # inside a text value: still valid JSON after the change
    return state[:i] + b"C" + state[i + 1 :]


def test_one_changed_byte_of_one_event(store: Store) -> None:
    store.sql(
        "UPDATE {events} SET state = %s WHERE {pos} = %s",
        (flip_one_byte(store.state_at(store.size - 3)), store.size - 3),
    )
    code, output = store.verify()
    assert code == 1
    assert f"position {store.size - 3}:" in failing(output)


def test_an_event_deleted_in_the_middle(store: Store) -> None:
    store.sql("DELETE FROM {events} WHERE {pos} = 10")
    code, output = store.verify()
    assert code == 1
    assert "position 10: missing" in failing(output)


def test_the_newest_events_deleted_with_their_leaves(store: Store) -> None:
    keep = store.size - 3
    store.sql("DELETE FROM {events} WHERE {pos} > %s", (keep,))
    store.sql("DELETE FROM ledger_leaves WHERE position > %s", (keep,))
    code, output = store.verify()
    assert code == 1
    line = failing(output)
    assert f"checkpoint {store.size}:" in line
    assert f"positions {keep + 1}..{store.size} were deleted" in line
    # Even when the attacker also deletes the checkpoints, the auditor's kept one catches it.
    store.sql("DELETE FROM ledger_checkpoints")
    code, output = store.verify("--checkpoint", str(store.checkpoint_file))
    assert code == 1
    assert f"the given checkpoint {store.size}:" in failing(output)


def forged_state(store: Store) -> tuple[str, int, str, bytes]:
    originator, version, topic = store.sql(
        "SELECT originator_id, originator_version, topic FROM {events} WHERE {pos} = %s",
        (store.size - 1,),
    )[0]
    state = store.state_at(store.size - 1).replace("ghi chú".encode(), "giả mạo".encode())
    return originator, version, topic, state


def shift_up_from(store: Store, position: int) -> None:
    """Make room at ``position`` (two steps, so no key collides on the way)."""
    store.sql("UPDATE {events} SET {pos} = {pos} + 1000000 WHERE {pos} >= %s", (position,))
    store.sql("UPDATE {events} SET {pos} = {pos} - 999999 WHERE {pos} >= 1000000")


def test_a_forged_event_inserted(store: Store) -> None:
    originator, version, topic, state = forged_state(store)
    shift_up_from(store, 12)
    store.sql(
        "INSERT INTO {events} ({pos}, originator_id, originator_version, topic, state) "
        "VALUES (%s, %s, %s, %s, %s)",
        (12, originator, version + 100, topic, state),
    )
    code, output = store.verify()
    assert code == 1
    assert "position 12:" in failing(output)


def test_a_forged_event_inserted_with_every_leaf_recomputed(store: Store) -> None:
    """The forger recomputes the leaves with our public algorithm: the signed checkpoint
    (whose root they cannot re-sign) still catches it."""
    originator, version, topic, state = forged_state(store)
    shift_up_from(store, 12)
    store.sql(
        "INSERT INTO {events} ({pos}, originator_id, originator_version, topic, state) "
        "VALUES (%s, %s, %s, %s, %s)",
        (12, originator, version + 100, topic, state),
    )
    rows = store.sql(
        "SELECT {pos}, originator_id, originator_version, topic, state FROM {events} "
        "WHERE {pos} >= 12 ORDER BY {pos}"
    )
    store.sql("DELETE FROM ledger_leaves WHERE position >= 12")
    for position, oid, ver, top, st in rows:
        aggregate = str(UUID(str(oid)))
        leaf = leaf_hash_of_row(position, aggregate, ver, top, bytes(st))
        store.sql(
            "INSERT INTO ledger_leaves VALUES (%s, %s, %s, %s)", (position, aggregate, ver, leaf)
        )
    code, output = store.verify()
    assert code == 1
    assert f"checkpoint {store.size}: its root differs" in failing(output)


def test_two_events_swapped(store: Store) -> None:
    store.sql("UPDATE {events} SET {pos} = 1000000 WHERE {pos} = 5")
    store.sql("UPDATE {events} SET {pos} = 5 WHERE {pos} = 6")
    store.sql("UPDATE {events} SET {pos} = 6 WHERE {pos} = 1000000")
    code, output = store.verify()
    assert code == 1
    assert "position 5:" in failing(output)


def test_a_changed_leaf_hash(store: Store) -> None:
    store.sql("UPDATE ledger_leaves SET leaf_hash = %s WHERE position = 7", (b"\x42" * 32,))
    code, output = store.verify()
    assert code == 1
    assert "position 7:" in failing(output)


def test_an_altered_checkpoint_signature(store: Store) -> None:
    signature = base64.b64decode(store.sql("SELECT signature FROM ledger_checkpoints")[0][0])
    altered = base64.b64encode(bytes([signature[0] ^ 1]) + signature[1:]).decode()
    store.sql("UPDATE ledger_checkpoints SET signature = %s", (altered,))
    code, output = store.verify()
    assert code == 1
    assert f"checkpoint {store.size}: the signature does not verify" in failing(output)


def test_a_forged_snapshot(store: Store) -> None:
    # The fixture's own directive's snapshot (the sample's directives have some too).
    rows = [
        (version, state)
        for version, state in store.sql("SELECT originator_version, state FROM {snapshots}")
        if TITLE.encode() in bytes(state)
    ]
    assert rows, "the fixture should have taken a snapshot"
    version, state = rows[0]
    forged = bytes(state).replace(TITLE.encode(), "Nhiệm vụ giả: đã sửa".encode())
    assert forged != bytes(state)
    store.sql(
        "UPDATE {snapshots} SET state = %s WHERE originator_version = %s AND state = %s",
        (forged, version, bytes(state)),
    )
    code, output = store.verify()
    assert code == 1
    assert f"at version {version}: differs from the state its events give" in failing(output)


def test_export_then_verify_with_only_the_public_key(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "ledger.jsonl"
    runner = CliRunner()
    env = {"LEDGER_SIGNING_KEY_FILE": str(store.key_file)}
    result = runner.invoke(cli, ["export", "--out", str(out), "--database-url", store.url], env=env)
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().splitlines()
    first = json.loads(lines[0])
    assert first["specversion"] == "1.0"
    assert int(first["sequence"]) == 1
    assert first["data"]["position"] == 1
    assert any(json.loads(line).get("record") == "checkpoint" for line in lines)
    args = ["verify", str(out), "--public-key", str(store.public_key_file)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    # One changed byte inside the exported entry is caught at its position.
    tampered = tmp_path / "tampered.jsonl"
    record = json.loads(lines[4])
    record["data"]["data"]["meta"]["source"] = "forged"
    tampered.write_bytes(b"\n".join([*lines[:4], json.dumps(record).encode(), *lines[5:]]))
    result = runner.invoke(
        cli, ["verify", str(tampered), "--public-key", str(store.public_key_file)]
    )
    assert result.exit_code == 1
    assert "position 5:" in failing(result.output)
    # A checkpoint signed by another key is refused.
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"public_key": base64.b64encode(b"\x01" * 32).decode()}))
    result = runner.invoke(cli, ["verify", str(out), "--public-key", str(other)])
    assert result.exit_code == 1
    assert f"checkpoint {store.size}: signed by key" in failing(result.output)


def test_parallel_verification_agrees_and_names_the_same_first_failure(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large logs are checked in worker processes, chunk by chunk (here 8 events each)."""
    import ledger.application.verify_store as verify_module

    monkeypatch.setattr(verify_module, "CHUNK", 8)
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 0)
    public = AuditService(store.app).registered_keys()
    key = next(iter(public.values()))
    sequential = verify_module.verify_store(store.app, public_key=key, parallel=1)
    parallel = verify_module.verify_store(store.app, public_key=key, parallel=2)
    assert sequential.ok, sequential.failures
    assert parallel.ok, parallel.failures
    assert parallel.root_hash == sequential.root_hash
    assert parallel.size == store.size
    store.sql("UPDATE ledger_leaves SET leaf_hash = %s WHERE position = 21", (b"\x00" * 32,))
    store.sql("DELETE FROM {events} WHERE {pos} = 30")
    report = verify_module.verify_store(store.app, public_key=key, parallel=2)
    assert report.first_failure is not None
    assert report.first_failure.where == "position 21"


def test_an_edited_view_row(store: Store) -> None:
    from projections.service import ViewService

    ViewService(store.app).catch_up()
    code, output = store.verify("--views")
    assert code == 0, output
    assert "5 views checked" in output
    (position,) = store.sql(
        "SELECT position FROM ledger_view_activity WHERE type = 'issued' ORDER BY position LIMIT 1"
    )[0]
    store.sql(
        "UPDATE ledger_view_activity SET title = %s WHERE position = %s",
        ("Tiêu đề đã bị sửa", position),
    )
    code, output = store.verify("--views")
    assert code == 1
    line = failing(output)
    assert line.startswith("FAILED view ")
    assert "differ from a rebuild from the log" in line
