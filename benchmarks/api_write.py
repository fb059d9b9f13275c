"""Write throughput and latency of the HTTP API, end to end.

Drives the real server (``directive-ledger serve``: uvicorn, SQLite store) from other
processes on loopback: concurrent clients post progress reports for 20 s (``--quick``:
5 s), then the same clients hit ``GET /healthz`` on the same server, then a paced phase
posts at 500 events/s for the p99 target. Prints readable lines, then one JSON line.

Targets on a 2-core machine: at least 1,000 events/s; p99 at most 50 ms at 500 events/s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEAD_UNIT = "Ban Thường vụ Tỉnh ủy Hải Dương"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare(database_url: str, directives: int) -> tuple[str, list[str]]:
    """A unit principal and ``directives`` accepted directives, written directly."""
    from datetime import timedelta

    from ledger.application import LedgerApplication
    from ledger.domain import commands as c
    from ledger.domain.values import SYSTEM_ACTOR, Actor, Role
    from ledger.settings import Settings

    ledger = LedgerApplication(Settings.from_env(env={}, database_url=database_url))
    token, _ = ledger.register_principal(
        ledger.context(SYSTEM_ACTOR), name="Văn phòng Tỉnh ủy", role=Role.UNIT, unit=LEAD_UNIT
    )
    issuer = Actor(id="bench-issuer", role=Role.ISSUER)
    unit = Actor(id="bench-unit", role=Role.UNIT, unit=LEAD_UNIT)
    ids = []
    for n in range(directives):
        result = ledger.issue_directive(
            ledger.context(issuer),
            title=f"Nhiệm vụ đo hiệu năng số {n}",
            text="Báo cáo tiến độ định kỳ",
            issuer="Võ Văn Thưởng",
            lead_unit=LEAD_UNIT,
            deadline=ledger.today() + timedelta(days=365),
        )
        ledger.record_follow_up(result.id, c.Accept(), ledger.context(unit))
        ids.append(str(result.id))
    ledger.close()
    return token, ids


def start_server(
    database_url: str, port: int, log: Path, workers: int = 1, threads: int | None = None
) -> subprocess.Popen[bytes]:
    binary = Path(sys.executable).parent / "directive-ledger"
    extra = [] if threads is None else ["--threads", str(threads)]
    process = subprocess.Popen(
        [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", database_url, "--workers", str(workers), *extra],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start: " + log.read_text())


def client(args: dict[str, Any], results: Any) -> None:
    """One client process: ``threads`` keep-alive connections on one asyncio loop, each in
    a closed loop (or paced, when ``interval`` is set: latency then counts from the
    scheduled send time). Requests are written as raw HTTP/1.1 and answers read by their
    Content-Length: on a 2-core machine a heavier client (http.client in threads took
    about as much CPU per request as the server) would be measured instead of the server.
    """
    import resource

    import uvloop

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    connections = range(args["threads"])
    per_connection = uvloop.run(_connections(args, connections))
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    results.put(([s for samples in per_connection for s in samples], cpu))


async def _connections(args: dict[str, Any], connections: range) -> list[list[tuple[float, int]]]:
    import asyncio

    return list(await asyncio.gather(*(_connection(args, i) for i in connections)))


async def _connection(args: dict[str, Any], index: int) -> list[tuple[float, int]]:
    import asyncio

    port, threads, until = args["port"], args["threads"], args["until"]
    interval = args.get("interval")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    directive = args["directives"][index % len(args["directives"])]
    post_head = (
        f"POST /v1/directives/{directive}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {args['token']}\r\nContent-Type: application/json\r\n"
    ).encode()
    healthz = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    samples: list[tuple[float, int]] = []
    n = 0
    next_at = args["start"] + args.get("offset", 0.0) + index * (interval or 0) / threads
    while True:
        if interval:
            now = time.time()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            scheduled = next_at
            next_at += interval
        else:
            scheduled = time.time()
        if scheduled >= until:
            break
        n += 1
        if args["kind"] == "healthz":
            writer.write(healthz)
        else:
            body = json.dumps({"type": "progress_reported", "percent": n % 101,
                               "narrative": f"Báo cáo tiến độ lần {n}"},
                              ensure_ascii=False).encode()  # fmt: skip
            writer.write(post_head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        status = await _read_response(reader)
        samples.append((time.time() - scheduled, status))
    writer.close()
    await writer.wait_closed()
    return samples


async def _read_response(reader: Any) -> int:
    """The status of one HTTP/1.1 answer, its body read (by Content-Length, or chunked)."""
    head: bytes = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the server and its worker processes so far."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def phase(
    kind: str, port: int, token: str, directives: list[str], seconds: float,
    processes: int, threads: int, rate: float | None = None, server_pid: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    cpu_before = server_cpu_seconds(server_pid) if server_pid else 0.0
    start = time.time() + 0.5
    until = start + seconds
    total_threads = processes * threads
    interval = None if rate is None else total_threads / rate
    queue: Any = mp.get_context("fork").Queue()
    procs = []
    for p in range(processes):
        args = {"port": port, "threads": threads, "until": until, "start": start, "kind": kind,
                "token": token, "directives": directives[p::processes] or directives,
                "interval": interval,
                "offset": (p / processes) * (interval or 0) / threads}  # fmt: skip
        proc = mp.get_context("fork").Process(target=client, args=(args, queue))
        proc.start()
        procs.append(proc)
    samples: list[tuple[float, int]] = []
    client_cpu = 0.0
    for _ in procs:
        answered, cpu_seconds = queue.get()
        samples.extend(answered)
        client_cpu += cpu_seconds
    for proc in procs:
        proc.join()
    elapsed = time.time() - start  # the last answers may come after ``until``
    cpu = server_cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    latencies = sorted(s[0] for s in samples)
    statuses: dict[int, int] = {}
    for _, status in samples:
        statuses[status] = statuses.get(status, 0) + 1
    ok = statuses.get(201 if kind == "write" else 200, 0)
    return {
        "requests": len(samples),
        "ok": ok,
        "statuses": statuses,
        "per_s": round(ok / elapsed, 1),
        "p50_ms": round(1000 * percentile(latencies, 0.50), 2),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 2),
        # Server CPU per answered request: steadier than the rates on a shared machine.
        "server_cpu_us": round(1e6 * cpu / len(samples), 1) if samples else None,
        # The load generator shares the machine's two cores with the server.
        "client_cpu_us": round(1e6 * client_cpu / len(samples), 1) if samples else None,
    }


def profile_application(database_url: str, token: str, directives: list[str]) -> dict[str, Any]:
    """The same writes straight into the application, one thread, under cProfile: how
    fast the write path is without HTTP, and how much of it is the store's commit."""
    import cProfile
    import pstats
    from uuid import UUID

    from ledger.application import LedgerApplication
    from ledger.domain import commands as c
    from ledger.settings import Settings

    ledger = LedgerApplication(Settings.from_env(env={}, database_url=database_url))
    actor = ledger.authenticate(token)
    assert actor is not None
    count = 500
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for n in range(count):
        ledger.record_follow_up(
            UUID(directives[n % len(directives)]),
            c.ReportProgress(percent=n % 101, narrative=f"Báo cáo trực tiếp {n}"),
            ledger.context(actor),
        )
    profiler.disable()
    elapsed = time.perf_counter() - began
    ledger.close()
    stats = pstats.Stats(profiler)
    raw: Any = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values()) or 1.0
    commit = sum(entry[2] for key, entry in raw.items() if key[2] == "<method 'commit' of "
                 "'sqlite3.Connection' objects>")  # fmt: skip
    top = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:5]
    return {
        "events_per_s": round(count / elapsed, 1),
        "commit_share": round(commit / total, 3),
        "top": [f"{k[2]} ({k[0].rsplit('/', 1)[-1]}:{k[1]}) {v[2] / total:.0%}" for k, v in top],
    }


def server_configuration(workers: int, threads: int | None) -> dict[str, Any]:
    """What ``serve`` runs with, as the benchmark asked for it."""
    from importlib.metadata import version

    from ledger.cli import SERVE_THREADS

    threads = threads or SERVE_THREADS
    views = os.environ.get("LEDGER_VIEWS_RUNNER", "thread")
    versions = {name: version(name) for name in ("uvicorn", "fastapi", "starlette", "pydantic")}
    summary = (
        f"uvicorn {versions['uvicorn']} (uvloop, httptools, no access log), "
        f"{workers} process(es) x {threads} store threads, views runner: {views}"
    )
    return {"workers": workers, "threads": threads, "loop": "uvloop", "http": "httptools",
            "access_log": False, "views_runner": views, "versions": versions,
            "summary": summary}  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 s phases instead of 20 s")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=8, help="connections per process")
    parser.add_argument("--directives", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--server-threads", type=int, default=None,
                        help="serve --threads (default: serve's own)")  # fmt: skip
    parser.add_argument("--rate", type=float, default=500.0, help="paced phase, events/s")
    options = parser.parse_args()
    seconds = options.seconds or (5.0 if options.quick else 20.0)

    folder = Path(tempfile.mkdtemp(prefix="bench-api-"))
    database_url = f"sqlite:///{folder / 'ledger.sqlite'}"
    token, directives = prepare(database_url, options.directives)
    port = free_port()
    server = start_server(
        database_url, port, folder / "server.log", options.workers, options.server_threads
    )
    config = server_configuration(options.workers, options.server_threads)
    try:
        print(f"server: {config['summary']} on 127.0.0.1:{port}, "
              f"SQLite {folder / 'ledger.sqlite'} (synchronous=FULL, WAL)")  # fmt: skip
        print(f"clients: {options.processes} processes x {options.threads} keep-alive "
              f"connections (asyncio, raw HTTP/1.1); {len(directives)} directives")  # fmt: skip
        common = (port, token, directives)
        pid = server.pid
        write = phase("write", *common, seconds, options.processes, options.threads,
                      server_pid=pid)  # fmt: skip
        print(f"writes:  {write['per_s']:>8} events/s  p50 {write['p50_ms']} ms  "
              f"p99 {write['p99_ms']} ms  statuses {write['statuses']}  "
              f"server CPU {write['server_cpu_us']} us/request, "
              f"clients' CPU {write['client_cpu_us']} us/request")  # fmt: skip
        health = phase("healthz", *common, seconds / 2, options.processes, options.threads,
                       server_pid=pid)  # fmt: skip
        print(f"healthz: {health['per_s']:>8} requests/s  p50 {health['p50_ms']} ms  "
              f"p99 {health['p99_ms']} ms  "
              f"server CPU {health['server_cpu_us']} us/request, "
              f"clients' CPU {health['client_cpu_us']} us/request")  # fmt: skip
        paced = phase("write", *common, seconds, options.processes, options.threads,
                      rate=options.rate, server_pid=pid)  # fmt: skip
        print(f"paced at {options.rate:.0f}/s: {paced['per_s']} events/s  "
              f"p50 {paced['p50_ms']} ms  p99 {paced['p99_ms']} ms  "
              f"statuses {paced['statuses']}")  # fmt: skip
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        direct = profile_application(database_url, token, directives)
        print(f"application alone (1 thread, no HTTP): {direct['events_per_s']} events/s; "
              f"sqlite3 commit (fsync) is {direct['commit_share']:.0%} of its time")  # fmt: skip
        for line in direct["top"]:
            print(f"  {line}")
    finally:
        if server.poll() is None:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    ratio = write["per_s"] / health["per_s"] if health["per_s"] else None
    print(f"writes are {ratio:.1%} of the healthz rate" if ratio else "no healthz figure")
    figures = {
        "benchmark": "api_write",
        "seconds": seconds,
        "cores": os.cpu_count(),
        "clients": options.processes * options.threads,
        "server_workers": options.workers,
        "server": config,
        "events_per_s": write["per_s"],
        "write_p50_ms": write["p50_ms"],
        "write_p99_ms": write["p99_ms"],
        "write_server_cpu_us": write["server_cpu_us"],
        "write_client_cpu_us": write["client_cpu_us"],
        "healthz_server_cpu_us": health["server_cpu_us"],
        "healthz_per_s": health["per_s"],
        "write_to_healthz_ratio": None if ratio is None else round(ratio, 3),
        "paced_rate": options.rate,
        "paced_events_per_s": paced["per_s"],
        "paced_p50_ms": paced["p50_ms"],
        "paced_p99_ms": paced["p99_ms"],
        "application_alone_events_per_s": direct["events_per_s"],
        "application_commit_share": direct["commit_share"],
        "targets": {"events_per_s": 1000, "paced_p99_ms": 50},
        "meets_targets": write["per_s"] >= 1000 and paced["p99_ms"] <= 50,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
