"""Append throughput: one follow-up event per command, through the application, to SQLite.

The baseline is raw ``sqlite3`` writing exactly the bytes the application stored (its
event rows, their Merkle leaf rows, the Merkle subtree rows each leaf completes, and its
snapshot rows, read back from the application's own file) into a fresh file with the
same tables, indexes and triggers, the same journal mode and the same ``synchronous``
setting, with the same number of commits: one per event, one per snapshot. The two
alternate in chunks of 20 events within each round, so both meet the same machine (this
one is shared; its load average is printed). A round's ratio is the raw time over the
application's time for the same rows; the median round is reported.
Not a test: it prints figures and asserts nothing.

    python benchmarks/append.py [--quick] [--events N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

ISSUER = Actor(id="bench-issuer", role=Role.ISSUER)
LEAD = Actor(id="bench-unit", role=Role.UNIT, unit="Sở Kế hoạch và Đầu tư")
TARGET = 0.6
CHUNK = 20
SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
Commit = list[tuple[str, tuple[Any, ...]]]


@dataclass
class Round:
    events: int
    app_seconds: float
    raw_seconds: float
    commits: int
    journal_mode: str
    synchronous: int

    @property
    def ratio(self) -> float:
        return self.raw_seconds / self.app_seconds


def pragmas(app: LedgerApplication) -> tuple[str, int]:
    with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode")
        journal_mode = str(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous")
        synchronous = int(cursor.fetchone()[0])
    return journal_mode, synchronous


def stored_since(reader: sqlite3.Connection, after: int) -> list[Commit]:
    """What the application committed after log position ``after``, commit by commit."""
    events = reader.execute(
        "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
        "WHERE rowid > ? ORDER BY rowid",
        (after,),
    ).fetchall()
    leaves = {
        row[0]: row
        for row in reader.execute(
            "SELECT position, aggregate_id, version, leaf_hash FROM ledger_leaves "
            "WHERE position > ?",
            (after,),
        )
    }
    # A complete subtree (level, idx) is written with the leaf that completes it, the one
    # at position (idx + 1) * 2**level.
    nodes: dict[int, list[tuple[Any, ...]]] = {}
    for level, index, digest in reader.execute(
        "SELECT level, idx, hash FROM ledger_nodes WHERE ((idx + 1) << level) > ?", (after,)
    ):
        nodes.setdefault((index + 1) << level, []).append((level, index, digest))
    versions = [row[2] for row in events]
    snapshots = {
        row[1]: row
        for row in reader.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_snapshots "
            "WHERE originator_version BETWEEN ? AND ?",
            (min(versions), max(versions)),
        )
    }
    commits: list[Commit] = []
    for rowid, originator_id, version, topic, state in events:
        commit: Commit = [
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
        commit.extend(
            ("INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)", node)
            for node in nodes.get(rowid, [])
        )
        commits.append(commit)
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
    return commits


def run_round(folder: Path, events: int) -> Round:
    app_path, raw_path = folder / "app.sqlite", folder / "raw.sqlite"
    app = LedgerApplication(Settings.from_env({}, database_url=f"sqlite:///{app_path}"))
    issued = app.issue_directive(
        app.context(ISSUER),
        title="Cải thiện môi trường đầu tư",
        text="Xây dựng tiêu chí lựa chọn nhà đầu tư có uy tín vào các khu công nghiệp",
        issuer="Ủy ban nhân dân tỉnh",
        lead_unit=LEAD.unit or "",
    )
    app.record_follow_up(issued.id, c.Accept(), app.context(LEAD))
    journal_mode, synchronous = pragmas(app)

    reader = sqlite3.connect(app_path)
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute(f"PRAGMA journal_mode={journal_mode}")
    raw.execute(f"PRAGMA synchronous={synchronous}")
    for (statement,) in reader.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'sqlite_sequence' "
        "ORDER BY rowid"
    ):
        raw.execute(statement)  # the same tables, indexes and triggers

    setup_rows = {
        table: reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("stored_events", "ledger_leaves", "ledger_nodes", "stored_snapshots")
    }
    app_seconds = raw_seconds = 0.0
    commits = 0
    done = 0
    while done < events:
        chunk = min(CHUNK, events - done)
        position = app.max_position()
        started = time.perf_counter()
        for i in range(done, done + chunk):
            app.record_follow_up(
                issued.id,
                c.ReportProgress(
                    percent=i % 101, narrative=f"Báo cáo tiến độ lần {i + 1}: đã hoàn thành hồ sơ"
                ),
                app.context(LEAD, correlation_id=f"bench-{i}"),
            )
        app_seconds += time.perf_counter() - started
        work = stored_since(reader, position)
        started = time.perf_counter()
        for commit in work:
            raw.execute("BEGIN")
            for statement, params in commit:
                raw.execute(statement, params)
            raw.execute("COMMIT")
        raw_seconds += time.perf_counter() - started
        commits += len(work)
        done += chunk
    # The baseline wrote what the timed part of the application wrote, row for row.
    for table in ("stored_events", "ledger_leaves", "ledger_nodes", "stored_snapshots"):
        (in_raw,) = raw.execute(f"SELECT count(*) FROM {table}").fetchone()
        (in_app,) = reader.execute(f"SELECT count(*) FROM {table}").fetchone()
        if in_raw != in_app - setup_rows[table]:
            raise RuntimeError(f"{table}: raw wrote {in_raw} rows, the application {in_app}")
    reader.close()
    raw.close()
    app.close()
    return Round(events, app_seconds, raw_seconds, commits, journal_mode, synchronous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (< 60 s)")
    parser.add_argument("--events", type=int, help="events per round")
    parser.add_argument("--rounds", type=int, help="rounds (fresh files each); median kept")
    args = parser.parse_args()
    events = args.events or (1_000 if args.quick else 5_000)
    rounds = args.rounds or (3 if args.quick else 5)

    results: list[Round] = []
    for number in range(1, rounds + 1):
        with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
            result = run_round(Path(folder), events)
        results.append(result)
        print(
            f"round {number}: application {events / result.app_seconds:,.0f} events/s, "
            f"raw sqlite3 {events / result.raw_seconds:,.0f} events/s, "
            f"ratio {result.ratio:.2f}"
        )
    median = sorted(results, key=lambda r: r.ratio)[len(results) // 2]
    app_rate = events / median.app_seconds
    raw_rate = events / median.raw_seconds
    sync_name = SYNCHRONOUS_NAMES.get(median.synchronous, str(median.synchronous))
    load = os.getloadavg()[0]
    print(
        f"SQLite journal_mode={median.journal_mode}, synchronous={sync_name} for both; "
        f"one commit per event plus one per snapshot ({median.commits} commits per round)"
    )
    print(
        f"load average {load:.2f} on {os.cpu_count()} CPUs (the application's extra work is "
        "CPU, the commit is I/O: the ratio falls when other processes want the CPU)"
    )
    print(f"application (record_follow_up, progress reports): {app_rate:,.0f} events/s")
    print(f"raw sqlite3, same stored bytes and commits:       {raw_rate:,.0f} events/s")
    print(
        f"ratio {median.ratio:.2f} (median of {rounds} rounds; best "
        f"{max(r.ratio for r in results):.2f}); target >= {TARGET}: "
        f"{'met' if median.ratio >= TARGET else 'NOT met'}"
    )
    print(
        json.dumps(
            {
                "benchmark": "append",
                "events_per_round": events,
                "rounds": rounds,
                "commits_per_round": median.commits,
                "journal_mode": median.journal_mode,
                "synchronous": sync_name,
                "app_events_per_s": round(app_rate),
                "raw_sqlite3_events_per_s": round(raw_rate),
                "ratio": round(median.ratio, 3),
                "round_ratios": [round(r.ratio, 3) for r in results],
                "target_ratio": TARGET,
                "load_average": round(load, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
