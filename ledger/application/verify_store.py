"""``verify`` of a live store (SQLite or PostgreSQL): the walk of ``ledger.integrity.verify``
over the stored rows (in worker processes for a large log), then the stored subtree
hashes and every snapshot."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.integrity import tree
from ledger.integrity.entry import LogRow
from ledger.integrity.keys import PublicKey
from ledger.integrity.verify import (
    BATCH,
    Progress,
    Report,
    check_checkpoints,
    check_rows,
    finish_tree,
    walk_log,
)
from ledger.store.log_reader import count_rows, log_rows, read_source, source_rows, stored_snapshots

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

CHUNK = 1 << 16  # events per worker task
PARALLEL_FROM = 100_000
MAX_WORKERS = 4


def _live_rows(app: LedgerApplication, last: int) -> Iterator[LogRow]:
    """The stored rows up to position ``last`` (rows appended beyond it are left out)."""
    recorder = app.ledger_recorder
    after = 0
    while after < last:
        batch = log_rows(recorder, after, BATCH)
        if not batch:
            return
        for row in batch:
            if row[0] > last:
                return
            yield row
        after = batch[-1][0]


def verify_store(
    app: LedgerApplication,
    *,
    public_key: PublicKey | None,
    extra_checkpoints: Sequence[dict[str, Any]] = (),
    progress: Progress | None = None,
    check_snapshots: bool = True,
    parallel: int | None = None,
) -> Report:
    """Verify a live store. ``parallel``: worker processes for the leaves (default: one
    per core, up to 4, for logs of at least 100,000 events; 1 = in this process)."""
    started = time.perf_counter()
    report = Report()
    recorder = app.ledger_recorder
    stored_checkpoints = recorder.checkpoints()
    labelled = [("checkpoint", cp) for cp in stored_checkpoints] + [
        ("the given checkpoint", cp) for cp in extra_checkpoints
    ]
    sizes = {int(cp.get("size", 0)) for _, cp in labelled}
    # The log as it is now (events and leaves counted in one read): a live store goes
    # on growing while it is verified, and what is appended meanwhile is for next time.
    events, leaves = count_rows(recorder)
    last = max(events, leaves)
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if parallel is None else parallel
    if workers > 1 and events >= PARALLEL_FROM:
        found = parallel_leaves(app, last, report, workers, progress)
        roots = finish_tree(found, report, sizes)
    else:
        roots = walk_log(
            _live_rows(app, last), report, keep_roots_at=sizes, total=events, progress=progress
        )
    if report.ok and leaves != report.size:
        extra = recorder.tree_size()
        report.fail(
            f"position {report.size + 1}",
            f"{leaves - report.size} leaves have no stored event (up to position {extra})",
            report.size + 1,
        )
    if report.ok:
        check_checkpoints(labelled, roots, report, public_key)
    if report.ok:
        _check_stored_subtrees(app, roots, report)
    if report.ok and check_snapshots:
        check_snapshots_of(app, report)
    report.seconds = time.perf_counter() - started
    return report


def _chunk_leaves(source: dict[str, Any], start: int, end: int) -> tuple[bytes, Any]:
    """In a worker process: check positions ``start..end``; their leaves, joined, and
    the first failure (where, reason, position) or None."""
    report = Report()
    leaves: list[bytes] = []
    after = start - 1
    while after < end and report.ok:
        rows = source_rows(source, after, min(BATCH, end - after))
        if not rows:
            break
        leaves.extend(check_rows(rows, after + 1, report))
        after = rows[-1][0]
    if report.ok and len(leaves) != end - start + 1:
        missing = start + len(leaves)
        report.fail(f"position {missing}", "missing: no stored event", missing)
    failure = report.first_failure
    found = None if failure is None else (failure.where, failure.reason, failure.position)
    return b"".join(leaves), found


def parallel_leaves(
    app: LedgerApplication, last: int, report: Report, workers: int, progress: Progress | None
) -> list[bytes]:
    """Recompute the leaves of positions 1..last in worker processes, chunk by chunk;
    the first failing chunk in log order names the first failing position."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    source = read_source(app.ledger_recorder, app.settings.database)
    chunks = [(s, min(s + CHUNK - 1, last)) for s in range(1, last + 1, CHUNK)]
    leaves: list[bytes] = []
    context = multiprocessing.get_context("spawn")  # never fork a process holding a pool
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_chunk_leaves, source, s, e) for s, e in chunks]
        for future in futures:
            joined, failure = future.result()
            leaves.extend(joined[i : i + 32] for i in range(0, len(joined), 32))
            if failure is not None:
                report.fail(*failure)
                for f in futures:
                    f.cancel()
                break
            if progress is not None:
                progress(len(leaves), last)
    return leaves


def _check_stored_subtrees(app: LedgerApplication, roots: dict[int, bytes], report: Report) -> None:
    """Proofs are served from the stored subtree hashes: their roots must be the
    recomputed ones at every checkpoint size and at the current size."""
    read = app.ledger_recorder.read_nodes
    for size, root in sorted(roots.items()):
        try:
            stored = tree.root(size, read)
        except tree.ProofError as e:
            report.fail("stored subtree hashes", f"at size {size}: {e}")
            return
        if stored != root:
            report.fail(
                "stored subtree hashes",
                f"the root they give at size {size} differs from the recomputed one",
            )
            return


def check_snapshots_of(app: LedgerApplication, report: Report) -> None:
    """Every snapshot must equal the state its aggregate's events give at that version
    (each aggregate's events are replayed once, compared at each snapshot on the way)."""
    if app.snapshots is None:
        return
    by_aggregate: dict[str, list[Any]] = {}
    for s in stored_snapshots(app.snapshots.recorder):
        by_aggregate.setdefault(str(s.originator_id), []).append(s)
    for aggregate_id, snapshots in by_aggregate.items():
        snapshots.sort(key=lambda s: s.originator_version)
        events = iter(
            app.recorder.select_events(UUID(aggregate_id), lte=snapshots[-1].originator_version)
        )
        aggregate: Any = None
        for s in snapshots:
            report.snapshots += 1
            where = f"snapshot of {aggregate_id} at version {s.originator_version}"
            try:
                snapshot: Any = app.mapper.to_domain_event(s)
                from_snapshot = vars(snapshot.mutate(None))
            except Exception as e:  # a forged snapshot may not even decode
                report.fail(where, f"does not decode ({type(e).__name__})")
                return
            while aggregate is None or aggregate.version < s.originator_version:
                stored = next(events, None)
                if stored is None:
                    break
                aggregate = app.mapper.to_domain_event(stored).mutate(aggregate)  # type: ignore[attr-defined]
            if aggregate is None or aggregate.version != s.originator_version:
                report.fail(where, "its events do not reach that version")
                return
            if _comparable(vars(aggregate)) != _comparable(from_snapshot):
                report.fail(where, "differs from the state its events give")
                return


def _comparable(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if not k.startswith("_pending")}
