"""``verify-report``: make a report again from the views (of a live store, or of a store
an export was replayed into) at the position it states, and compare every figure, the
figures its document shows first, then those of its metadata, then the views' digests."""

from __future__ import annotations

from typing import Any

from ledger.application.reports.compute import compute_figures
from ledger.application.reports.document import request_of
from ledger.application.reports.labels import show
from ledger.application.reports.layout import describe, figures
from ledger.application.reports.readback import ReadReport
from ledger.application.reports.xlsx import cell_value
from projections.service import ViewService


def expected_shown(kind: str, key: str, value: Any, lang: str) -> Any:
    column = key.rsplit(".", 1)[1]
    if column == "count":
        column = ""
    if kind == "html":
        return show(column, value, lang)
    if kind == "xlsx":
        return cell_value(column, value, lang)
    return value


def differences(read: ReadReport, views: ViewService) -> tuple[list[str], int]:
    """Every difference between the report and the views, the first one first (empty
    when the report is confirmed), and the number of figures compared."""
    meta = read.metadata
    lang = str(meta.get("lang", "vi"))
    if views.position() < int(meta["position"]):
        return [
            f"the store has reached position {views.position()}, "
            f"not the report's {meta['position']}: events are missing"
        ], 0
    again = compute_figures(views, request_of(meta))
    want = figures(again["tables"])
    found: list[str] = []
    for what, have, as_shown in (
        ("the document shows", read.shown, True),
        ("the metadata says", figures(meta["tables"]), False),
    ):
        for key, value in want.items():
            expected = expected_shown(read.kind, key, value, lang) if as_shown else value
            if key not in have:
                found.append(f"{describe(key, lang)}: missing from the report (views: {expected!r})")
            elif have[key] != expected:
                found.append(
                    f"{describe(key, lang)}: {what} {have[key]!r}, the views give {expected!r}"
                )
        for key in have:
            if key not in want:
                found.append(f"{describe(key, lang)}: {what} {have[key]!r}, not in the views")
    digests = {s["view"] + "@" + s["on"]: s["digest"] for s in again["sources"]}
    for name, digest in digests.items():
        stated = (meta.get("digests") or {}).get(name)
        if stated != digest:
            found.append(f"digest of {name}: the report says {stated}, the views give {digest}")
    return found, len(want)
