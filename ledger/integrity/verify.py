"""``verify``: recompute every leaf from the stored events, rebuild the tree, and check it
against every signed checkpoint; check the stored subtree hashes and every snapshot too.

The same walk runs over a live store (SQLite or PostgreSQL) or over an export file. It
stops at the first event that fails and names its position; a checkpoint that fails is
named by its size. The only thing trusted is the public key given.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from ledger.integrity import tree
from ledger.integrity.checkpoints import signature_problem
from ledger.integrity.entry import canonical_bytes, entry_for, leaf_hash
from ledger.integrity.keys import PublicKey
from ledger.integrity.recorder import LogRow, count_rows, log_rows, stored_snapshots

if TYPE_CHECKING:
    from ledger.application import LedgerApplication

BATCH = 5000
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


@dataclass(frozen=True)
class ExportedEvent:
    row: LogRow
    envelope_entry: Any


# ------------------------------------------------------------------------ the walk


def walk_log(
    rows: Iterable[LogRow],
    report: Report,
    *,
    keep_roots_at: set[int],
    total: int,
    progress: Progress | None = None,
    exported_entries: Callable[[int], Any] | None = None,
) -> dict[int, bytes]:
    """Check every event against its leaf, in order; returns the roots at the sizes asked.
    Stops at the first failing position."""
    frontier = tree.Frontier()
    roots: dict[int, bytes] = {}
    expected = 1
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
            return roots
        entry = entry_for(position, aggregate_id, version, topic, state)
        computed = leaf_hash(canonical_bytes(entry))
        if exported_entries is not None and exported_entries(position) != entry:
            report.fail(
                f"position {position}",
                "the exported entry differs from the stored event it carries",
                position,
            )
            return roots
        if stored is None:
            report.fail(f"position {position}", "no leaf is stored for this event", position)
            return roots
        if leaf_agg is not None and (leaf_agg != aggregate_id or leaf_ver != version):
            report.fail(
                f"position {position}",
                f"the leaf belongs to {leaf_agg} v{leaf_ver}, the event is {aggregate_id} "
                f"v{version}",
                position,
            )
            return roots
        if computed != stored:
            report.fail(
                f"position {position}",
                "the stored event does not hash to its leaf (changed event or leaf)",
                position,
            )
            return roots
        frontier.append(computed)
        if position in keep_roots_at:
            roots[position] = frontier.root()
        if progress is not None and position % BATCH == 0:
            progress(position, total)
        expected += 1
    report.size = frontier.size
    report.root_hash = frontier.root().hex()
    roots[frontier.size] = frontier.root()
    if progress is not None:
        progress(frontier.size, total)
    return roots


def check_checkpoints(
    checkpoints: list[tuple[str, dict[str, Any]]],
    roots: dict[int, bytes],
    report: Report,
    public_key: PublicKey | None,
) -> None:
    """Each checkpoint's signature, and its root against the recomputed tree."""
    for label, cp in sorted(checkpoints, key=lambda lc: int(lc[1].get("size", 0))):
        size = int(cp.get("size", 0))
        where = f"{label} {size}"
        report.checkpoints += 1
        if public_key is None:
            report.fail(where, "no public key to check its signature with")
            continue
        problem = signature_problem(cp, public_key)
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


def _live_rows(app: LedgerApplication, progress_total: int) -> Iterator[LogRow]:
    recorder = app.ledger_recorder
    after = 0
    while True:
        batch = log_rows(recorder, after, BATCH)
        if not batch:
            return
        yield from batch
        after = batch[-1][0]


def verify_store(
    app: LedgerApplication,
    *,
    public_key: PublicKey | None,
    extra_checkpoints: Sequence[dict[str, Any]] = (),
    progress: Progress | None = None,
    check_snapshots: bool = True,
) -> Report:
    started = time.perf_counter()
    report = Report()
    recorder = app.ledger_recorder
    stored_checkpoints = recorder.checkpoints()
    labelled = [("checkpoint", cp) for cp in stored_checkpoints] + [
        ("the given checkpoint", cp) for cp in extra_checkpoints
    ]
    sizes = {int(cp.get("size", 0)) for _, cp in labelled}
    events, leaves = count_rows(recorder)
    roots = walk_log(
        _live_rows(app, events), report, keep_roots_at=sizes, total=events, progress=progress
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
    """Every snapshot must equal the state its aggregate's events give at that version."""
    if app.snapshots is None:
        return
    for s in stored_snapshots(app.snapshots.recorder):
        report.snapshots += 1
        where = f"snapshot of {s.originator_id} at version {s.originator_version}"
        try:
            snapshot: Any = app.mapper.to_domain_event(s)
            from_snapshot = vars(snapshot.mutate(None))
        except Exception as e:  # a forged snapshot may not even decode
            report.fail(where, f"does not decode ({type(e).__name__})")
            return
        aggregate: Any = None
        events = app.recorder.select_events(UUID(str(s.originator_id)), lte=s.originator_version)
        for stored in events:
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
        check_checkpoints(labelled, roots, report, public_key)
    report.seconds = time.perf_counter() - started
    return report
