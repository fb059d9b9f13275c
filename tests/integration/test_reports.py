"""A report's figures are the views' (issue 15): the same rows and numbers as the views
on the period's last day at the report's position, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ledger.application.audit import AuditService
from ledger.application.reports import ReportRequest, parse_period
from ledger.application.reports.compute import COUNT_COLUMNS
from ledger.application.reports.document import build_report
from projections.grid import GRID
from tests.reports_world import KH, NV, Q1_END, TC, YT, ReportWorld, d, quarter_world

Q1 = parse_period("2022-Q1")


@pytest.fixture
def rw(database_url: str, tmp_path: Path) -> Iterator[ReportWorld]:
    r = quarter_world(database_url, tmp_path / "signing.key")
    yield r
    r.world.close()


def report_of(rw: ReportWorld, **kw: Any) -> dict[str, Any]:
    w = rw.world
    return build_report(w.views, AuditService(w.app), ReportRequest(Q1, **kw), "vi")


def test_the_unit_grid_is_the_units_view_on_the_last_day(rw: ReportWorld) -> None:
    report = report_of(rw)
    views = rw.world.views
    units = views.view("units", Q1_END, known_at=report["position"])
    assert report["position"] == views.position() == units["position"]
    *rows, total = report["tables"]["units"]
    assert rows == units["rows"]
    assert [r["lead_unit"] for r in rows] == sorted([KH, NV, TC, YT])
    assert total["lead_unit"] is None
    for column in ("directives", *GRID):
        assert total[column] == sum(r[column] for r in rows)
    by_unit = {r["lead_unit"]: r for r in rows}
    # Known by construction: KH completed TW-01 on time (and TW-06 before the period),
    # NV completed TW-02 late, TC has one without deadline and one overdue.
    assert by_unit[KH]["completed_on_time"] == 2
    assert by_unit[KH]["open_within_deadline"] == 1
    assert by_unit[NV]["completed_late"] == 1
    assert by_unit[NV]["open_within_deadline"] == 1  # extended to 30 June
    assert by_unit[TC]["no_deadline"] == 1
    assert by_unit[TC]["open_overdue"] == 1
    assert by_unit[YT]["withdrawn"] == 1
    assert by_unit[YT]["open_overdue"] == 1
    assert total["on_time_rate"] == "0.667"


def test_meetings_overdue_completed_and_extended_come_from_the_views(rw: ReportWorld) -> None:
    report = report_of(rw)
    views, p = rw.world.views, report["position"]
    tables = report["tables"]
    meetings = views.view("meetings", Q1_END, known_at=p)["rows"]
    assert [m["meeting_id"] for m in tables["meetings"]] == [m["id"] for m in meetings]
    for mine, theirs in zip(tables["meetings"], meetings, strict=True):
        assert {c: mine[c] for c in COUNT_COLUMNS} == {c: theirs[c] for c in COUNT_COLUMNS}
    overdue = views.view("overdue", Q1_END, known_at=p)["rows"]
    assert [(r["id"], r["days_overdue"], r["bucket"]) for r in tables["overdue"]] == [
        (r["id"], r["days_overdue"], r["bucket"]) for r in overdue
    ]
    ids = rw.ids
    oldest_first = [str(ids["overdue_old"]), str(ids["overdue_new"])]
    assert [r["id"] for r in tables["overdue"]] == oldest_first
    assert tables["ageing"] == {"1-30": 1, "31-60": 0, "61-120": 0, ">120": 1, "total": 2}
    assert {r["id"]: r["grid"] for r in tables["completed"]} == {
        str(ids["on_time"]): "completed_on_time",
        str(ids["late"]): "completed_late",
    }  # TW-06 was completed in December: not in the period
    [extended] = tables["extended"]
    assert extended["id"] == str(ids["extended"])
    assert (extended["deadline_before"], extended["deadline"]) == ("2022-02-28", "2022-06-30")
    assert extended["extensions_in_period"] == 1
    digests = {s["view"] + "@" + s["on"]: s["digest"] for s in report["sources"]}
    assert digests["units@2022-03-31"] == views.view("units", Q1_END)["digest"]
    assert digests["overdue@2022-03-31"] == views.view("overdue", Q1_END)["digest"]
    assert report["digests"] == digests
    assert report["issuing_body"] == "Ban Thường vụ Tỉnh ủy"
    assert report["checkpoint"] is None  # none signed yet: none stated


def test_position_is_the_ledger_as_it_knew_it(rw: ReportWorld) -> None:
    w = rw.world
    AuditService(w.app).create_checkpoint()  # records the key first
    w.views.catch_up()
    earlier = report_of(rw)
    p = earlier["position"]
    assert earlier["checkpoint"]["size"] == p
    # Learned later, effective in the period: TW-05 completed, GB-01 extended.
    w.report_completion(rw.ids["overdue_old"], d(3, 20))
    w.verify(rw.ids["overdue_old"], d(3, 25))
    w.request_extension(rw.ids["overdue_new"], d(3, 8), d(5, 31))
    w.grant_extension(rw.ids["overdue_new"], d(3, 9), d(5, 31))
    w.views.catch_up()
    now = report_of(rw)
    assert now["position"] == p + 4
    assert len(now["tables"]["completed"]) == 3
    assert now["tables"]["overdue"] == []
    assert len(now["tables"]["extended"]) == 2
    again = report_of(rw, position=p)
    assert again["position"] == p
    assert again["tables"] == earlier["tables"]
    assert again["digests"] == earlier["digests"]


def test_filters_count_the_boards_rows(rw: ReportWorld) -> None:
    views = rw.world.views
    by_meeting = report_of(rw, meeting_id=str(rw.meeting))
    board = views.view("status-board", Q1_END, meeting_id=str(rw.meeting))["rows"]
    *units, total = by_meeting["tables"]["units"]
    assert total["directives"] == len(board) == 5
    assert [u["lead_unit"] for u in units] == sorted({r["lead_unit"] for r in board})
    for unit in units:
        mine = [r for r in board if r["lead_unit"] == unit["lead_unit"]]
        for cell in GRID:
            assert unit[cell] == sum(1 for r in mine if r["grid"] == cell)
    assert [m["meeting_id"] for m in by_meeting["tables"]["meetings"]] == [str(rw.meeting)]
    assert all(r["lead_unit"] != YT for r in by_meeting["tables"]["overdue"])

    by_unit = report_of(rw, unit=YT)
    [yt, yt_total] = by_unit["tables"]["units"]
    assert yt == next(r for r in views.rows("units", Q1_END) if r["lead_unit"] == YT)
    assert yt_total["directives"] == yt["directives"]
    [meeting] = by_unit["tables"]["meetings"]
    assert meeting["meeting_id"] == str(rw.other_meeting)
    assert (meeting["directives"], meeting["withdrawn"], meeting["open_overdue"]) == (2, 1, 1)
    assert meeting["title"] == "Hội nghị giao ban quý I"
