"""The views' lag behind the log under write load (used by projections_rebuild.py):
the writes through the application with the views in a thread or in a `project
--follow` process, and the API benchmark's load on `serve`."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from projections_rebuild import ISSUER, ROOT, open_ledger

from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from projections.service import ViewService


def measure_lag(url: str, seconds: float, follower: str) -> dict[str, object]:
    """Writes follow-ups through the application for ``seconds`` while the views follow,
    either in a background thread of the writing process (``serve``) or in a separate
    ``project --follow`` process. Lag = age of the oldest event not yet applied."""
    app = open_ledger(url, date.today())
    views = ViewService(app)
    views.catch_up()
    process = None
    if follower == "thread":
        views.start_background(interval=0.05)
    else:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from ledger.cli import main; main()",
                "project",
                "--follow",
                "--interval",
                "0.05",
                "--database-url",
                url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:  # wait until it follows
            if line.startswith("Following"):
                break
    ids = []
    for i in range(50):
        unit = f"Sở {i % 9}"
        d = app.issue_directive(
            app.context(ISSUER),
            title=f"Tải {i}",
            text="Tải",
            issuer="Thường trực",
            lead_unit=unit,
            deadline=None,
        ).id
        app.record_follow_up(d, c.Accept(), app.context(Actor(id="u", role=Role.UNIT, unit=unit)))
        ids.append((d, unit))
    written: dict[int, float] = {}
    written_lock = threading.Lock()  # the sampler copies what the writer adds to
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            d, unit = ids[i % len(ids)]
            actor = Actor(id="u", role=Role.UNIT, unit=unit)
            result = app.record_follow_up(
                d, c.ReportProgress(percent=i % 100, narrative="Tiến độ"), app.context(actor)
            )
            with written_lock:
                written[result.position] = time.monotonic()
            i += 1

    writer = threading.Thread(target=write)
    writer.start()
    lags: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.05)
        reached = views.position()
        now = time.monotonic()
        with written_lock:
            pending = [t for p, t in written.items() if p > reached]
        lags.append(now - min(pending) if pending else 0.0)
    stop.set()
    writer.join()
    views.wait_for(app.max_position(), 10)
    views.stop()
    if process is not None:
        process.terminate()
        process.wait(timeout=10)
    lags.sort()
    return {
        "follower": follower,
        "writes": len(written),
        "writes_per_s": round(len(written) / seconds, 1),
        "max_lag_s": round(lags[-1], 3),
        "p99_lag_s": round(lags[max(int(len(lags) * 0.99) - 1, 0)], 3),
    }


def measure_api_lag(seconds: float) -> dict[str, object]:
    """The API benchmark's write load (benchmarks/api_write.py: 2 client processes x 8
    keep-alive connections posting progress reports to `directive-ledger serve`, whose
    views catch up in a background thread), while this process samples every 20 ms the
    log's head and the views' position. Lag = how long ago the head first passed the
    first position the views have not reached."""
    import api_write

    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-api-"))
    url = f"sqlite:///{folder / 'ledger.sqlite'}"
    try:
        token, directives = api_write.prepare(url, 64)
        port = api_write.free_port()
        server = api_write.start_server(url, port, folder / "server.log")
        try:
            app = open_ledger(url, date.today())
            views = ViewService(app)
            result: dict[str, object] = {}
            load = threading.Thread(
                target=lambda: result.update(
                    api_write.phase("write", port, token, directives, seconds, 2, 8)
                )
            )
            first_seen: list[tuple[int, float]] = []  # (head, when first seen), ascending
            lags: list[float] = []
            load.start()
            while load.is_alive():
                now = time.monotonic()
                head = app.max_position()
                if not first_seen or head > first_seen[-1][0]:
                    first_seen.append((head, now))
                reached = views.position()
                behind = [t for h, t in first_seen if h > reached]
                lags.append(now - behind[0] if behind else 0.0)
                time.sleep(0.02)
            load.join()
            app.close()
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lags.sort()
    return {
        "follower": "api",
        "writes": result.get("ok"),
        "writes_per_s": result.get("per_s"),
        "write_p99_ms": result.get("p99_ms"),
        "max_lag_s": round(lags[-1], 3) if lags else None,
        "p99_lag_s": round(lags[max(int(len(lags) * 0.99) - 1, 0)], 3) if lags else None,
    }
