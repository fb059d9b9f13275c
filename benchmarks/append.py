"""Append throughput: one follow-up event per command, through the application, to SQLite.

The baseline is raw ``sqlite3`` writing exactly the bytes the application stored (its
event rows, their Merkle leaf rows and its snapshot rows, copied from the application's
own file) into a fresh file with the same tables, the same journal mode and the same
``synchronous`` setting, with the same number of commits: one per event, one per
snapshot. Both are measured in the same run, alternately, and the best round of each is
kept (the machine is shared). Not a test: it prints figures and asserts nothing.

    python benchmarks/append.py [--quick] [--events N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

ISSUER = Actor(id="bench-issuer", role=Role.ISSUER)
LEAD = Actor(id="bench-unit", role=Role.UNIT, unit="Sở Kế hoạch và Đầu tư")
TARGET = 0.6


@dataclass
class AppRun:
    seconds: float
    path: Path
    first_position: int
    synchronous: int
    journal_mode: str


def open_app(path: Path) -> LedgerApplication:
    return LedgerApplication(Settings.from_env({}, database_url=f"sqlite:///{path}"))


def run_app(folder: Path, events: int) -> AppRun:
    """Issue and accept one directive, then time ``events`` progress reports, one each."""
    path = folder / "app.sqlite"
    app = open_app(path)
    issued = app.issue_directive(
        app.context(ISSUER),
        title="Cải thiện môi trường đầu tư",
        text="Xây dựng tiêu chí lựa chọn nhà đầu tư có uy tín vào các khu công nghiệp",
        issuer="Ủy ban nhân dân tỉnh",
        lead_unit=LEAD.unit or "",
    )
    app.record_follow_up(issued.id, c.Accept(), app.context(LEAD))
    first_position = app.max_position() + 1
    started = time.perf_counter()
    for i in range(events):
        app.record_follow_up(
            issued.id,
            c.ReportProgress(
                percent=i % 101, narrative=f"Báo cáo tiến độ lần {i + 1}: đã hoàn thành hồ sơ"
            ),
            app.context(LEAD, correlation_id=f"bench-{i}"),
        )
    seconds = time.perf_counter() - started
    with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        cursor.execute("PRAGMA synchronous")
        synchronous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA journal_mode")
        journal_mode = str(cursor.fetchone()[0])
    app.close()
    return AppRun(seconds, path, first_position, synchronous, journal_mode)


def stored_work(run: AppRun) -> tuple[list[str], list[list[tuple[str, tuple[object, ...]]]]]:
    """The schema and, per commit, the rows the timed part of the application run wrote."""
    conn = sqlite3.connect(run.path)
    schema = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        )
    ]
    events = conn.execute(
        "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
        "WHERE rowid >= ? ORDER BY rowid",
        (run.first_position,),
    ).fetchall()
    leaves = dict(
        (row[0], row)
        for row in conn.execute(
            "SELECT position, aggregate_id, version, leaf_hash FROM ledger_leaves "
            "WHERE position >= ?",
            (run.first_position,),
        )
    )
    snapshots = {
        row[1]: row
        for row in conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_snapshots"
        )
    }
    conn.close()
    commits: list[list[tuple[str, tuple[object, ...]]]] = []
    for rowid, originator_id, version, topic, state in events:
        commits.append(
            [
                (
                    "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                    "VALUES (?, ?, ?, ?)",
                    (originator_id, version, topic, state),
                ),
                (
                    "INSERT INTO ledger_leaves (position, aggregate_id, version, leaf_hash) "
                    "VALUES (?, ?, ?, ?)",
                    leaves[rowid],
                ),
            ]
        )
        if version in snapshots:
            commits.append(
                [
                    (
                        "INSERT INTO stored_snapshots "
                        "(originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                        snapshots[version],
                    )
                ]
            )
    return schema, commits


def run_raw(folder: Path, run: AppRun) -> tuple[float, int, int]:
    """Raw sqlite3: the same rows, the same commits, the same pragmas. -> (s, events, commits)"""
    schema, commits = stored_work(run)
    conn = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    conn.execute(f"PRAGMA journal_mode={run.journal_mode}")
    conn.execute(f"PRAGMA synchronous={run.synchronous}")
    for statement in schema:
        conn.execute(statement)
    events = sum(1 for commit in commits if len(commit) == 2)
    started = time.perf_counter()
    for commit in commits:
        conn.execute("BEGIN")
        for statement, params in commit:
            conn.execute(statement, params)
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds, events, len(commits)


SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (< 60 s)")
    parser.add_argument("--events", type=int, help="events per round")
    parser.add_argument("--rounds", type=int, help="alternating rounds; the best is kept")
    args = parser.parse_args()
    events = args.events or (1_000 if args.quick else 5_000)
    rounds = args.rounds or (3 if args.quick else 5)

    app_rates: list[float] = []
    raw_rates: list[float] = []
    commits = 0
    settings = ("", 0)
    for round_number in range(1, rounds + 1):
        with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
            folder = Path(tmp)
            run = run_app(folder, events)
            raw_seconds, raw_events, commits = run_raw(folder, run)
            settings = (run.journal_mode, run.synchronous)
        app_rates.append(events / run.seconds)
        raw_rates.append(raw_events / raw_seconds)
        print(
            f"round {round_number}: application {app_rates[-1]:,.0f} events/s, "
            f"raw sqlite3 {raw_rates[-1]:,.0f} events/s, "
            f"ratio {app_rates[-1] / raw_rates[-1]:.2f}"
        )
    journal_mode, synchronous = settings
    best_app, best_raw = max(app_rates), max(raw_rates)
    ratio = best_app / best_raw
    median_ratio = statistics.median(a / r for a, r in zip(app_rates, raw_rates, strict=True))
    sync_name = SYNCHRONOUS_NAMES.get(synchronous, str(synchronous))
    print(
        f"SQLite journal_mode={journal_mode}, synchronous={sync_name} for both "
        f"(one commit per event, plus one per snapshot: {commits} commits per round)"
    )
    print(f"application (record_follow_up, progress reports): {best_app:,.0f} events/s (best)")
    print(f"raw sqlite3, same stored bytes and commits:       {best_raw:,.0f} events/s (best)")
    print(
        f"ratio {ratio:.2f} (median of rounds {median_ratio:.2f}); target >= {TARGET}: "
        f"{'met' if ratio >= TARGET else 'NOT met'}"
    )
    print(
        json.dumps(
            {
                "benchmark": "append",
                "events_per_round": events,
                "rounds": rounds,
                "commits_per_round": commits,
                "journal_mode": journal_mode,
                "synchronous": sync_name,
                "app_events_per_s": round(best_app),
                "raw_sqlite3_events_per_s": round(best_raw),
                "ratio": round(ratio, 3),
                "median_ratio": round(median_ratio, 3),
                "target_ratio": TARGET,
            }
        )
    )


if __name__ == "__main__":
    main()
