"""``verify``: recompute every leaf from the stored events, rebuild the tree, and check it
against every signed checkpoint; check the stored subtree hashes and every snapshot too.

The same walk runs over a live store (SQLite or PostgreSQL) or over an export file. It
stops at the first event that fails and names its position; a checkpoint that fails is
named by its size. The only thing trusted is the public key given (the auditor's trust
anchor, the ledger's first key): checkpoints must be signed by the key in force at their
size, reached from it through the rotations recorded in the log.
"""

from __future__ import annotations

import base64
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from ledger.integrity import tree
from ledger.integrity.checkpoint_note import checkpoint_problem
from ledger.integrity.entry import canonical_bytes, entry_for, leaf_hash
from ledger.integrity.keychain import KEY_TOPICS, walk_chain
from ledger.integrity.keys import PublicKey
from ledger.integrity.recorder import (
    LogRow,
    count_rows,
    log_rows,
    read_source,
    source_rows,
    stored_snapshots,
)

if TYPE_CHECKING:
    from ledger.application import LedgerApplication

BATCH = 5000
CHUNK = 1 << 16  # events per worker task
PARALLEL_FROM = 100_000
MAX_WORKERS = 4
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Failure:
    where: str  # "position 17", "checkpoint 40", "snapshot ...", "view status_board"
    reason: str
    position: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Report:
    size: int = 0
    root_hash: str = ""
    checkpoints: int = 0
    snapshots: int = 0
    views: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def first_failure(self) -> Failure | None:
        return self.failures[0] if self.failures else None

    def fail(self, where: str, reason: str, position: int | None = None) -> None:
        self.failures.append(Failure(where, reason, position))


# ------------------------------------------------------------------------ the walk


def check_rows(
    rows: Iterable[LogRow],
    first: int,
    report: Report,
    *,
    progress: Callable[[int], None] | None = None,
    exported_entries: Callable[[int], Any] | None = None,
) -> list[bytes]:
    """Check stored events against their leaves, in order from position ``first``;
    returns the recomputed leaf hashes. Stops at the first failing position."""
    leaves: list[bytes] = []
    append = leaves.append
    expected = first
    collecting = gc.isenabled()
    gc.disable()  # the loop makes no cycles; the collector only costs time (~10%)
    try:
        _check(rows, expected, report, append, progress, exported_entries)
    finally:
        if collecting:
            gc.enable()
    return leaves


def _check(
    rows: Iterable[LogRow],
    expected: int,
    report: Report,
    append: Callable[[bytes], None],
    progress: Callable[[int], None] | None,
    exported_entries: Callable[[int], Any] | None,
) -> None:
    for position, aggregate_id, version, topic, state, leaf_agg, leaf_ver, stored in rows:
        if position != expected:
            if position > expected:
                report.fail(
                    f"position {expected}",
                    f"missing: the next stored event is at position {position}",
                    expected,
                )
            else:
                report.fail(f"position {position}", "out of order or duplicated", position)
            break
        try:
            entry = entry_for(position, aggregate_id, version, topic, state)
            computed = leaf_hash(canonical_bytes(entry))
        except (ValueError, TypeError, AttributeError):
            report.fail(f"position {position}", "the stored state is not a JSON object", position)
            break
        if exported_entries is not None and exported_entries(position) != entry:
            report.fail(
                f"position {position}",
                "the exported entry differs from the stored event it carries",
                position,
            )
            break
        if stored != computed:
            if stored is None:
                reason = "no leaf is stored for this event"
            elif leaf_agg != aggregate_id or leaf_ver != version:
                reason = f"the leaf is that of {leaf_agg} v{leaf_ver}, not of this event"
            else:
                reason = "the stored event does not hash to its leaf (changed event or leaf)"
            report.fail(f"position {position}", reason, position)
            break
        append(computed)
        if progress is not None and position % BATCH == 0:
            progress(position)
        expected += 1


def finish_tree(leaves: list[bytes], report: Report, keep_roots_at: set[int]) -> dict[int, bytes]:
    """The roots of the recomputed tree at the sizes asked and at its full size."""
    if not report.ok:
        return {}
    nodes = tree.Levels(leaves)
    size = len(leaves)
    roots = {s: tree.root(s, nodes) for s in keep_roots_at if 0 < s <= size}
    roots[size] = tree.root(size, nodes)
    report.size = size
    report.root_hash = roots[size].hex() if size else ""
    return roots


def walk_log(
    rows: Iterable[LogRow],
    report: Report,
    *,
    keep_roots_at: set[int],
    total: int,
    progress: Progress | None = None,
    exported_entries: Callable[[int], Any] | None = None,
) -> dict[int, bytes]:
    tick = None if progress is None else (lambda done: progress(done, total))
    leaves = check_rows(rows, 1, report, progress=tick, exported_entries=exported_entries)
    roots = finish_tree(leaves, report, keep_roots_at)
    if progress is not None:
        progress(len(leaves), total)
    return roots


KeyEvent = tuple[int, str, dict[str, Any]]


def key_events_of(rows: Iterable[LogRow]) -> list[KeyEvent]:
    """The key events among ``rows`` (registrations, rotations), as the chain walk reads
    them: position, topic and the stored JSON."""
    return [(r[0], r[3], orjson.loads(r[4])) for r in rows if r[3] in KEY_TOPICS]


def check_checkpoints(
    checkpoints: list[tuple[str, dict[str, Any]]],
    roots: dict[int, bytes],
    report: Report,
    public_key: PublicKey | None,
    key_events: Sequence[KeyEvent] = (),
    origin: str | None = None,
) -> None:
    """Each checkpoint's signature by the key in force at its size, following the
    rotations recorded in the (verified) log from ``public_key``, the auditor's trust
    anchor; and its root against the recomputed tree."""
    chain = None
    if public_key is not None:
        chain = walk_chain(public_key, [e for e in key_events if e[0] <= report.size])
        for position, why in chain.problems:
            report.fail(f"position {position}", why, position)
        report.notes.append(
            "keys: "
            + ", ".join(f"{k.public.key_id} from position {k.from_position}" for k in chain.keys)
        )
    for label, cp in sorted(checkpoints, key=lambda lc: int(lc[1].get("size", 0))):
        size = int(cp.get("size", 0))
        where = f"{label} {size}"
        report.checkpoints += 1
        if chain is None:
            report.fail(where, "no public key to check its signature with")
            continue
        problem = checkpoint_problem(cp, chain, origin=origin)
        if problem is not None:
            report.fail(where, problem)
            continue
        if size > report.size:
            report.fail(
                where,
                f"it covers {size} events but the log ends at position {report.size}: "
                f"positions {report.size + 1}..{size} were deleted",
                report.size + 1,
            )
            continue
        root = roots.get(size)
        if root is None or root.hex() != cp.get("root_hash"):
            report.fail(where, "its root differs from the tree of the stored events")


# ------------------------------------------------------------------------ live store


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


def _live_key_events(app: LedgerApplication, last: int) -> list[KeyEvent]:
    """The key events up to ``last``, read by topic (a few rows, not the log again)."""
    found: list[KeyEvent] = []
    after = 0
    while True:
        batch = app.recorder.select_notifications(
            after, 1000, topics=list(KEY_TOPICS), inclusive_of_start=False
        )
        found.extend((n.id, n.topic, orjson.loads(n.state)) for n in batch if n.id <= last)
        if len(batch) < 1000:
            return found
        after = batch[-1].id


def verify_store(
    app: LedgerApplication,
    *,
    public_key: PublicKey | None,
    origin: str | None = None,
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
        keys = _live_key_events(app, last)
        check_checkpoints(labelled, roots, report, public_key, keys, origin)
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


# ------------------------------------------------------------------------ exports


@dataclass
class ExportContents:
    events: list[tuple[LogRow, Any]]
    checkpoints: list[dict[str, Any]]
    public_keys: list[dict[str, Any]]
    view_digests: dict[str, Any] | None


def read_export(path: Path) -> ExportContents:
    """Parse an export written by ``export.write_export``."""
    contents = ExportContents([], [], [], None)
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise ValueError(f"line {number} of {path} is not JSON") from None
            if "specversion" in record:
                entry = record.get("data") or {}
                row: LogRow = (
                    int(record["sequence"]),
                    str(record.get("subject")),
                    int(entry.get("version", 0)),
                    str(entry.get("topic", "")),
                    base64.b64decode(record.get("storedstate", "")),
                    str(record.get("subject")),
                    int(entry.get("version", 0)),
                    bytes.fromhex(record["leafhash"]) if record.get("leafhash") else None,
                )
                contents.events.append((row, entry))
            elif record.get("record") == "checkpoint":
                contents.checkpoints.append(record["checkpoint"])
            elif record.get("record") == "public_key":
                contents.public_keys.append(record["public_key"])
            elif record.get("record") == "view_digests":
                contents.view_digests = record
    return contents


def verify_export(
    contents: ExportContents,
    *,
    public_key: PublicKey | None,
    origin: str | None = None,
    extra_checkpoints: Sequence[dict[str, Any]] = (),
    progress: Progress | None = None,
) -> Report:
    started = time.perf_counter()
    report = Report()
    entries = {row[0]: entry for row, entry in contents.events}
    labelled = [("checkpoint", cp) for cp in contents.checkpoints] + [
        ("the given checkpoint", cp) for cp in extra_checkpoints
    ]
    sizes = {int(cp.get("size", 0)) for _, cp in labelled}
    roots = walk_log(
        (row for row, _ in contents.events),
        report,
        keep_roots_at=sizes,
        total=len(contents.events),
        progress=progress,
        exported_entries=entries.get,
    )
    if report.ok:
        keys = key_events_of(row for row, _ in contents.events)
        check_checkpoints(labelled, roots, report, public_key, keys, origin)
    report.seconds = time.perf_counter() - started
    return report
