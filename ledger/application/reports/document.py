"""A periodic report as data: its figures (``compute``), the log position, the views'
digests and the latest signed checkpoint it was computed from. This dict is the
report's machine-readable metadata, carried by every format."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ledger.application.reports.compute import FORMAT, ReportRequest, compute_figures
from ledger.application.reports.labels import LANGS
from ledger.application.reports.period import parse_period
from projections.service import ViewService

if TYPE_CHECKING:
    from ledger.application.audit import AuditService

CHECKPOINT_FIELDS = ("origin", "size", "root_hash", "issued_at", "key_id", "signature", "note")


def build_report(
    views: ViewService,
    audit: AuditService | None,
    request: ReportRequest,
    lang: str = "vi",
    issuing_body: str | None = None,
) -> dict[str, Any]:
    if lang not in LANGS:
        raise ValueError(f"lang is one of {', '.join(LANGS)}, not {lang!r}")
    computed = compute_figures(views, request)
    checkpoint = None if audit is None else audit.latest_checkpoint()
    return {
        "format": FORMAT,
        "period": request.period.text,
        "start": request.period.start.isoformat(),
        "end": request.period.end.isoformat(),
        "on": request.period.end.isoformat(),
        "meeting_id": request.meeting_id,
        "unit": request.unit,
        "lang": lang,
        "issuing_body": issuing_body or body_of(views, computed["host_bodies"]),
        "position": computed["position"],
        "digests": {s["view"] + "@" + s["on"]: s["digest"] for s in computed["sources"]},
        "sources": computed["sources"],
        "checkpoint": None if checkpoint is None else public_checkpoint(checkpoint),
        "dated": views.app.today().isoformat(),  # the date line: the day it was made
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "tables": computed["tables"],
    }


def public_checkpoint(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """The checkpoint as published (the C2SP note too, once checkpoints carry one)."""
    return {k: checkpoint[k] for k in CHECKPOINT_FIELDS if checkpoint.get(k) is not None}


def body_of(views: ViewService, host_bodies: list[str]) -> str:
    """The issuing body: the host body of the meetings reported on when they share one,
    else the ledger's origin (its jurisdiction)."""
    if len(host_bodies) == 1:
        return host_bodies[0]
    origin: str = views.app.settings.origin
    return origin


def request_of(report: dict[str, Any]) -> ReportRequest:
    """The request a report was made from (to make it again)."""
    return ReportRequest(
        period=parse_period(str(report["period"])),
        meeting_id=report.get("meeting_id"),
        unit=report.get("unit"),
        position=int(report["position"]),
    )
