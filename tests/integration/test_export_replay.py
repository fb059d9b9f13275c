"""Export a live store, then replay the export into a fresh SQLite store and a fresh
PostgreSQL database: the same positions, entries, leaves and roots, every view digest
equal to the live one, and the replayed store verifies against the exported checkpoint
with only the public key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.application import LedgerApplication
from ledger.application.audit import AuditService
from ledger.cli import app as cli
from ledger.domain.commands import Annotate
from ledger.domain.values import SYSTEM_ACTOR
from ledger.sample import load_sample, sample_id
from ledger.settings import Settings
from projections.service import ViewService


def build_live(url: str, key_file: Path) -> LedgerApplication:
    settings = Settings.from_env({"LEDGER_SIGNING_KEY_FILE": str(key_file)}, database_url=url)
    app = LedgerApplication(settings)
    load_sample(app)
    ctx = app.context(SYSTEM_ACTOR)
    for n in range(5):
        text = f"Ghi chú {n}: “Thích ứng linh hoạt, tăng trưởng bứt phá” 😀"
        app.record_follow_up(sample_id("TW-05"), Annotate(refers_to_version=1, text=text), ctx)
    AuditService(app).create_checkpoint()
    return app


def entries_of(app: LedgerApplication) -> list[dict[str, object]]:
    return AuditService(app).log_page(after=0, limit=1000)["entries"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("direction", ["sqlite-to-both", "postgres-to-sqlite"])
def test_export_then_replay_into_fresh_sqlite_and_postgres(
    direction: str, sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    live_url, other_url = (
        (sqlite_url, postgres_url) if direction == "sqlite-to-both" else (postgres_url, sqlite_url)
    )
    key_file = tmp_path / "signing.key"
    live = build_live(live_url, key_file)
    audit = AuditService(live)
    public = tmp_path / "key.json"
    public.write_text(json.dumps(audit.public_key()))
    checkpoint = audit.latest_checkpoint()
    assert checkpoint is not None
    out = tmp_path / "export.jsonl"
    runner = CliRunner()
    env = {"LEDGER_SIGNING_KEY_FILE": str(key_file)}
    result = runner.invoke(cli, ["export", "--out", str(out), "--database-url", live_url], env=env)
    assert result.exit_code == 0, result.output

    fresh_sqlite = f"sqlite:///{tmp_path / 'fresh' / 'replay.sqlite'}"
    fresh_other = other_url if other_url.startswith("postgres") else fresh_sqlite
    for target in sorted({fresh_sqlite, fresh_other}):
        args = ["replay", str(out), "--public-key", str(public), "--database-url", target]
        result = runner.invoke(cli, args, env={"LEDGER_SIGNING_KEY_FILE": str(tmp_path / "r.key")})
        assert result.exit_code == 0, result.output
        assert "the roots match" in result.output
        assert result.output.count("same") >= 5  # the digests the export recorded
        replayed = LedgerApplication(Settings.from_env({}, database_url=target))
        try:
            assert entries_of(replayed) == entries_of(live)
            assert (
                AuditService(replayed).inclusion_proof(3, checkpoint["size"])["root_hash"]
                == checkpoint["root_hash"]
            )
            on = live.today()
            live_views = ViewService(live)
            live_views.catch_up()
            replayed_digests = ViewService(replayed).digests(on=on)
            assert replayed_digests == live_views.digests(on=on)
            assert len(replayed_digests) == 5
            for name, digest in replayed_digests.items():
                assert digest.startswith("sha256:")
                assert name in result.output
            kept = tmp_path / "checkpoint.json"
            kept.write_text(json.dumps(checkpoint))
            args = ["verify", "--database-url", target, "--public-key", str(public)]
            result = runner.invoke(cli, [*args, "--checkpoint", str(kept)])
            assert result.exit_code == 0, result.output
        finally:
            replayed.close()
        # A replay refuses a store that is not empty.
        again = runner.invoke(cli, ["replay", str(out), "--database-url", target])
        assert again.exit_code == 2
    live.close()


def test_a_replay_whose_views_differ_from_the_export_fails(sqlite_url: str, tmp_path: Path) -> None:
    key_file = tmp_path / "signing.key"
    live = build_live(sqlite_url, key_file)
    out = tmp_path / "export.jsonl"
    runner = CliRunner()
    env = {"LEDGER_SIGNING_KEY_FILE": str(key_file)}
    exported = runner.invoke(
        cli, ["export", "--out", str(out), "--database-url", sqlite_url], env=env
    )
    assert exported.exit_code == 0, exported.output
    lines = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    assert record["record"] == "view_digests"
    record["digests"]["overdue"] = "sha256:" + "0" * 64
    out.write_text("\n".join([*lines[:-1], json.dumps(record)]) + "\n", encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'fresh' / 'replay.sqlite'}"
    result = runner.invoke(cli, ["replay", str(out), "--database-url", target])
    assert result.exit_code == 1
    assert "views differ from the export: overdue" in result.output
    live.close()
