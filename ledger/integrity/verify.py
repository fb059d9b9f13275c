"""``verify``: recompute every leaf from the stored events, rebuild the tree, and check it
against every signed checkpoint.

The walk runs over rows: a live store's (read by the application floor, one floor up)
or an export file's. It stops at the first event that fails and names its position; a
checkpoint that fails is named by its size. The only thing trusted is the public key given.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.integrity import tree
from ledger.integrity.checkpoints import signature_problem
from ledger.integrity.entry import LogRow, canonical_bytes, entry_for, leaf_hash
from ledger.integrity.export import ExportContents
from ledger.integrity.keys import PublicKey

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


# ------------------------------------------------------------------------ exports


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
