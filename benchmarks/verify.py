"""Benchmark: `verify` over a large SQLite store, beside the raw read rate of its log;
inclusion and consistency proofs at that size. (Appends, leaves and subtrees included,
against raw sqlite3 writing the same rows: ``benchmarks/append.py``.)

    .venv/bin/python benchmarks/verify.py            # 1,000,000 events
    .venv/bin/python benchmarks/verify.py --quick    # 50,000 events

The store is generated fast: the sample ledger's real stored events, cloned onto new
aggregates and appended through the ledger's recorder in batches (so every leaf and
subtree is written as in production). Prints readable lines, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from eventsourcing.persistence import StoredEvent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.application import LedgerApplication  # noqa: E402
from ledger.application.audit import AuditService  # noqa: E402
from ledger.application.verify_store import verify_store  # noqa: E402
from ledger.domain.commands import Annotate  # noqa: E402
from ledger.domain.values import SYSTEM_ACTOR  # noqa: E402
from ledger.sample import load_sample  # noqa: E402
from ledger.settings import Settings  # noqa: E402


def open_app(folder: Path, name: str) -> LedgerApplication:
    env = {"LEDGER_SIGNING_KEY_FILE": str(folder / "signing.key")}
    return LedgerApplication(Settings.from_env(env, database_url=f"sqlite:///{folder / name}"))


def templates(folder: Path) -> list[list[StoredEvent]]:
    """The sample's stored events, grouped per aggregate (versions 1..m)."""
    app = open_app(folder, "template.sqlite")
    load_sample(app)
    ctx = app.context(SYSTEM_ACTOR)
    for did in app.directive_ids()[:3]:
        for n in range(3):
            app.record_follow_up(did, Annotate(refers_to_version=1, text=f"Ghi chú số {n}"), ctx)
    groups: dict[str, list[StoredEvent]] = {}
    for n in app.recorder.select_notifications(1, 10_000):
        groups.setdefault(str(n.originator_id), []).append(
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
        )
    return list(groups.values())


def generate(app: LedgerApplication, size: int, groups: list[list[StoredEvent]]) -> float:
    started = time.perf_counter()
    batch: list[StoredEvent] = []
    made = 0
    rng = random.Random(7)
    while made < size:
        group = rng.choice(groups)
        new_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        for s in group[: size - made]:
            batch.append(StoredEvent(new_id, s.originator_version, s.topic, s.state))
            made += 1
        if len(batch) >= 2000 or made >= size:
            app.recorder.insert_events(batch)
            batch = []
    return time.perf_counter() - started


def raw_read_rate(path: Path) -> float:
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    count, after = 0, 0
    while True:
        rows = conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ? ORDER BY rowid LIMIT 5000",
            (after,),
        ).fetchall()
        if not rows:
            break
        count += len(rows)
        after = rows[-1][0]
    conn.close()
    return count / (time.perf_counter() - started)


def proof_times(audit: AuditService, size: int, count: int) -> tuple[float, float, float]:
    rng = random.Random(11)
    inclusion, consistency = [], []
    for _ in range(count):
        p = rng.randrange(1, size + 1)
        t = time.perf_counter()
        audit.inclusion_proof(p, size)
        inclusion.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        audit.consistency_proof(rng.randrange(1, size + 1), size)
        consistency.append((time.perf_counter() - t) * 1000)
    inclusion.sort()
    return (
        statistics.median(inclusion),
        inclusion[int(len(inclusion) * 0.99) - 1],
        statistics.median(consistency),
    )


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (verify's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="50,000 events instead of 1M")
    parser.add_argument("--events", type=int, default=None)
    args = parser.parse_args()
    size = args.events or (50_000 if args.quick else 1_000_000)
    folder = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    groups = templates(folder)
    app = open_app(folder, "ledger.sqlite")
    gen_seconds = generate(app, size, groups)
    print(
        f"generated {size:,} events in {gen_seconds:.1f} s ({size / gen_seconds:,.0f} events/s, "
        "leaves and subtrees included)"
    )
    audit = AuditService(app)
    audit.create_checkpoint()
    size = app.max_position()
    raw = raw_read_rate(folder / "ledger.sqlite")
    print(f"raw read of the log (sqlite3, no decoding): {raw:,.0f} events/s")
    cpu_before = _cpu_seconds()
    report = verify_store(app, public_key=audit.signing_key().public)
    cpu = _cpu_seconds() - cpu_before
    assert report.ok, report.failures
    rate = report.size / report.seconds
    per_cpu = report.size / cpu
    print(
        f"verify: {report.size:,} events in {report.seconds:.1f} s = {rate:,.0f} events/s "
        f"({rate / raw:.2f}x the raw read)"
    )
    incl_median, incl_p99, cons_median = proof_times(audit, size, 300)
    print(f"inclusion proof at {size:,} leaves: median {incl_median:.2f} ms, p99 {incl_p99:.2f} ms")
    print(f"consistency proof at {size:,} leaves: median {cons_median:.2f} ms")
    print(
        json.dumps(
            {
                "benchmark": "verify",
                "events": report.size,
                "verify_events_per_s": round(rate),
                "raw_read_events_per_s": round(raw),
                "verify_events_per_cpu_s": round(per_cpu),
                "cpus": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 2),
                "verify_target_events_per_s": 100_000,
                "inclusion_proof_median_ms": round(incl_median, 3),
                "inclusion_proof_p99_ms": round(incl_p99, 3),
                "inclusion_proof_target_ms": 5,
                "consistency_proof_median_ms": round(cons_median, 3),
                "generate_events_per_s": round(size / gen_seconds),
            }
        )
    )


if __name__ == "__main__":
    main()
