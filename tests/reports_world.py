"""A ledger for the report tests: directives of two meetings and four lead units whose
first quarter of 2022 holds every cell of the grid, completions in and before the
period, an extension in the period and overdue directives of several ages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from uuid import UUID

from ledger.application import LedgerApplication
from ledger.settings import Settings
from tests.views_world import Clock, World

KEY_ENV = "LEDGER_SIGNING_KEY_FILE"
Q1_END = date(2022, 3, 31)
KH = "Sở Kế hoạch và Đầu tư"
NV = "Sở Nội vụ"
TC = "Sở Tài chính"
YT = "Sở Y tế"


@dataclass
class ReportWorld:
    world: World
    meeting: UUID
    other_meeting: UUID
    ids: dict[str, UUID] = field(default_factory=dict)


def d(month: int, day: int, year: int = 2022) -> date:
    return date(year, month, day)


def quarter_world(database_url: str, key_file: Path) -> ReportWorld:
    """The signing key in ``key_file`` (never ./var, whatever the store)."""
    settings = Settings.from_env({KEY_ENV: str(key_file)}, database_url=database_url)
    clock = Clock(date(2022, 5, 15), settings)
    w = World(LedgerApplication(settings, clock=clock), clock)
    m = w.meeting(d(12, 10, 2021), "Buổi làm việc với Ban Thường vụ Tỉnh ủy Hải Dương")
    m2 = w.meeting(d(1, 5), "Hội nghị giao ban quý I")
    r = ReportWorld(w, m, m2)
    ids = r.ids
    ids["on_time"] = w.issue(d(12, 10, 2021), d(1, 31), KH, "Chuẩn bị Tết Nhâm Dần", "TW-01", m)
    ids["late"] = w.issue(d(12, 10, 2021), d(1, 15), NV, "Sắp xếp bộ máy", "TW-02", m)
    ids["extended"] = w.issue(d(12, 10, 2021), d(2, 28), NV, "Chuyển đổi số", "TW-03", m)
    ids["no_deadline"] = w.issue(d(12, 10, 2021), None, TC, "Tiết kiệm chi", "TW-04", m)
    ids["overdue_old"] = w.issue(d(11, 1, 2021), d(11, 15, 2021), TC, "Quyết toán", "TT-05")
    ids["overdue_new"] = w.issue(d(1, 5), d(3, 10), YT, "Phòng, chống dịch COVID-19", "GB-01", m2)
    ids["withdrawn"] = w.issue(d(1, 5), d(6, 30), YT, "Xây dựng bệnh viện", "GB-02", m2)
    ids["before"] = w.issue(d(12, 10, 2021), d(12, 31, 2021), KH, "Báo cáo năm", "TW-06", m)
    ids["within"] = w.issue(d(1, 5), d(9, 30), KH, "Quy hoạch tỉnh", "GB-03", m2)
    late_issued = ("overdue_new", "withdrawn", "within")
    for key in ids:
        w.accept(ids[key], d(1, 6) if key in late_issued else d(12, 20, 2021))
    w.report_completion(ids["on_time"], d(1, 20))
    w.verify(ids["on_time"], d(1, 25))
    w.report_completion(ids["late"], d(2, 10))
    w.verify(ids["late"], d(2, 12))
    w.request_extension(ids["extended"], d(2, 1), d(6, 30))
    w.grant_extension(ids["extended"], d(2, 3), d(6, 30))
    w.withdraw(ids["withdrawn"], d(3, 1))
    w.report_completion(ids["before"], d(12, 28, 2021))
    w.verify(ids["before"], d(12, 30, 2021))
    w.progress(ids["overdue_new"], d(3, 5), 40)
    w.views.catch_up()
    return r
