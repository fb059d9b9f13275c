"""Loading a directive does not grow with its history: 10 events vs 10,000 events.

Both directives are written through the application's aggregate and store (progress
reports checked by the rules, saved 50 at a time) to one fresh SQLite file, with the
ledger's snapshots every 50 events (``--snapshot-interval`` to try another). A load is a cold
reconstruction from the store (latest snapshot at or before the version, then the later
events), not the in-process cache: ``get_directive(id, version=current)``. The median of
many loads is kept. The worst case after a snapshot (10,049 events: a snapshot and 49
events) is measured too, and it decides the target (at most 2x the 10-event load at any
length): ``meets_target`` is false when either case misses it. Not a test: it prints
figures and asserts nothing; its last line is one JSON object of figures and ratios.

    python benchmarks/load_directive.py [--quick] [--loads N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

ISSUER = Actor(id="bench-issuer", role=Role.ISSUER)
LEAD = Actor(id="bench-unit", role=Role.UNIT, unit="Sở Kế hoạch và Đầu tư")
TARGET = 2.0


def directive_with(app: LedgerApplication, events: int) -> UUID:
    """A directive of exactly ``events`` events: issued, accepted, then progress reports."""
    issued = app.issue_directive(
        app.context(ISSUER),
        title="Nâng cao chất lượng nguồn nhân lực",
        text="Tạo chuyển biến mạnh mẽ trong đội ngũ cán bộ lãnh đạo, quản lý",
        issuer="Ban Thường vụ Tỉnh ủy",
        lead_unit=LEAD.unit or "",
    )
    app.record_follow_up(issued.id, c.Accept(), app.context(LEAD))
    extend(app, issued.id, events - 2)
    return issued.id


def extend(app: LedgerApplication, directive_id: UUID, count: int, batch: int = 50) -> None:
    """``count`` progress reports, each checked by the aggregate's rules, saved ``batch``
    at a time (one commit per batch: only the loads are measured here, not the writes)."""
    directive = app.get_directive(directive_id)
    for i in range(count):
        directive.handle(
            c.ReportProgress(percent=i % 101, narrative=f"Báo cáo tiến độ lần {i + 1}"),
            app.context(LEAD),
            app.policy,
        )
        if (i + 1) % batch == 0 or i + 1 == count:
            app.save(directive)


def median_load_seconds(app: LedgerApplication, directive_id: UUID, loads: int) -> float:
    version = app.get_directive(directive_id).version
    times = []
    for _ in range(loads):
        started = time.perf_counter()
        loaded = app.get_directive(directive_id, version=version)
        times.append(time.perf_counter() - started)
        assert loaded.version == version
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer loads (< 60 s)")
    parser.add_argument("--loads", type=int, help="loads measured per directive")
    parser.add_argument("--snapshot-interval", type=int, default=50, help="default 50")
    args = parser.parse_args()
    env = {"LEDGER_SNAPSHOT_INTERVAL": str(args.snapshot_interval)}
    loads = args.loads or (300 if args.quick else 2_000)

    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'ledger.sqlite'}"
        writer = LedgerApplication(Settings.from_env(env, database_url=url))
        started = time.perf_counter()
        small = directive_with(writer, 10)
        large = directive_with(writer, 10_000)
        built = time.perf_counter() - started
        print(f"wrote 10,010 events in {built:.1f} s")

        reader = LedgerApplication(Settings.from_env(env, database_url=url))
        interval = reader.settings.snapshot_interval
        t_small = median_load_seconds(reader, small, loads)
        t_large = median_load_seconds(reader, large, loads)
        extend(writer, large, interval - 1)  # the worst case: a snapshot, then 49 events
        worst_events = 10_000 + interval - 1
        t_worst = median_load_seconds(reader, large, loads)
        writer.close()
        reader.close()

    ratio = t_large / t_small
    worst_ratio = t_worst / t_small
    median_case_met = ratio <= TARGET
    worst_case_met = worst_ratio <= TARGET
    # The target holds for a directive of any length, so the worst case decides.
    meets_target = median_case_met and worst_case_met
    print(f"snapshots every {interval} events; median of {loads} cold loads each")
    print(f"baseline: directive with 10 events: {t_small * 1e3:.3f} ms")
    print(
        f"directive with 10,000 events: {t_large * 1e3:.3f} ms (ratio {ratio:.2f}); "
        f"worst case, {worst_events:,} events (a snapshot + {interval - 1}): "
        f"{t_worst * 1e3:.3f} ms (ratio {worst_ratio:.2f})"
    )
    print(
        f"target: load at most {TARGET}x the 10-event load at any length: "
        f"{'met' if meets_target else 'NOT met'} "
        f"(10,000 events {ratio:.2f}: {'met' if median_case_met else 'missed'}; "
        f"worst case {worst_ratio:.2f}: {'met' if worst_case_met else 'missed'})"
    )
    print(
        json.dumps(
            {
                "benchmark": "load_directive",
                "loads": loads,
                "snapshot_interval": interval,
                "baseline": "load_10_ms",
                "load_10_ms": round(t_small * 1e3, 4),
                "load_10000_ms": round(t_large * 1e3, 4),
                "worst_case_events": worst_events,
                "load_worst_case_ms": round(t_worst * 1e3, 4),
                "ratio": round(ratio, 3),
                "worst_ratio": round(worst_ratio, 3),
                "target_ratio": TARGET,
                "meets_target": meets_target,
            }
        )
    )


if __name__ == "__main__":
    main()
