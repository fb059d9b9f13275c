"""A small world for the views' tests: a ledger with a settable clock, and short verbs
that record follow-up events on chosen business dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.settings import Settings
from projections.service import ViewService

ISSUER = Actor(id="issuer-1", role=Role.ISSUER, name="Văn phòng Tỉnh ủy")
EVIDENCE = [{"title": "Báo cáo kết quả", "reference": "01/BC-UBND"}]


def unit_actor(unit: str) -> Actor:
    return Actor(id=f"unit-{unit}", role=Role.UNIT, unit=unit)


@dataclass
class Clock:
    """The ledger's clock: the day events are recorded (noon, in the ledger's zone)."""

    day: date
    settings: Settings

    def __call__(self) -> datetime:
        return datetime.combine(self.day, time(12, 0), tzinfo=self.settings.timezone)


@dataclass
class World:
    app: LedgerApplication
    clock: Clock
    lead_units: dict[UUID, str] = field(default_factory=dict)
    _views: ViewService | None = None

    @classmethod
    def open(cls, database_url: str, today: date) -> World:
        settings = Settings.from_env({}, database_url=database_url)
        clock = Clock(today, settings)
        return cls(LedgerApplication(settings, clock=clock), clock)

    @property
    def views(self) -> ViewService:
        if self._views is None:
            self._views = ViewService(self.app)
        return self._views

    def close(self) -> None:
        if self._views is not None:
            self._views.stop()
        self.app.close()

    def issue(
        self,
        issued_on: date,
        deadline: date | None,
        unit: str = "Sở Kế hoạch và Đầu tư",
        title: str = "Cải thiện môi trường đầu tư",
        code: str | None = None,
        meeting_id: UUID | None = None,
    ) -> UUID:
        result = self.app.issue_directive(
            self.app.context(ISSUER),
            title=title,
            text=title,
            issuer="Thường trực Tỉnh ủy",
            lead_unit=unit,
            deadline=deadline,
            effective_on=issued_on,
            code=code,
            meeting_id=meeting_id,
        )
        self.lead_units[result.id] = unit
        return result.id

    def meeting(self, held_on: date, title: str = "Buổi làm việc") -> UUID:
        result = self.app.record_meeting(
            self.app.context(ISSUER),
            title=title,
            held_on=held_on,
            chair="Võ Văn Thưởng",
            host_body="Ban Thường vụ Tỉnh ủy",
        )
        return result.id

    def record(self, directive_id: UUID, command: c.FollowUp, *, by_unit: bool) -> int:
        actor = unit_actor(self.lead_units[directive_id]) if by_unit else ISSUER
        return self.app.record_follow_up(directive_id, command, self.app.context(actor)).position

    def accept(self, d: UUID, on: date) -> int:
        return self.record(d, c.Accept(effective_on=on), by_unit=True)

    def progress(self, d: UUID, on: date, percent: int) -> int:
        return self.record(
            d,
            c.ReportProgress(percent=percent, narrative="Đang triển khai", effective_on=on),
            by_unit=True,
        )

    def request_extension(self, d: UUID, on: date, until: date) -> int:
        return self.record(
            d,
            c.RequestExtension(
                requested_deadline=until, reason="Cần thêm thời gian", effective_on=on
            ),
            by_unit=True,
        )

    def grant_extension(self, d: UUID, on: date, until: date) -> int:
        return self.record(d, c.GrantExtension(new_deadline=until, effective_on=on), by_unit=False)

    def report_completion(self, d: UUID, on: date) -> int:
        return self.record(
            d,
            c.ReportCompletion(narrative="Đã hoàn thành", evidence=EVIDENCE, effective_on=on),
            by_unit=True,
        )

    def verify(self, d: UUID, on: date) -> int:
        return self.record(d, c.VerifyCompletion(effective_on=on), by_unit=False)

    def reject(self, d: UUID, on: date) -> int:
        return self.record(
            d, c.RejectCompletion(reason="Chưa đủ hồ sơ", effective_on=on), by_unit=False
        )

    def withdraw(self, d: UUID, on: date) -> int:
        return self.record(
            d, c.Withdraw(reason="Không còn phù hợp", effective_on=on), by_unit=False
        )

    def reassign(self, d: UUID, on: date, unit: str) -> int:
        position = self.record(
            d,
            c.Reassign(lead_unit=unit, coordinating_units=[], reason="Điều chỉnh", effective_on=on),
            by_unit=False,
        )
        self.lead_units[d] = unit
        return position

    def board_row(self, d: UUID, on: date) -> dict[str, Any]:
        self.views.catch_up()
        rows = [r for r in self.views.rows("status-board", on) if r["id"] == str(d)]
        assert len(rows) == 1, rows
        return rows[0]

    def grid(self, d: UUID, on: date) -> tuple[str, int]:
        row = self.board_row(d, on)
        return row["grid"], row["days_overdue"]
