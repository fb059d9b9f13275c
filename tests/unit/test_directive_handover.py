"""A directive's lead passes to the successor of its lead unit, everything else unchanged."""

from __future__ import annotations

from datetime import date

from eventsourcing.utils import get_topic

from ledger.domain import commands as c
from ledger.domain.directive import Directive
from ledger.domain.succession import LeadUnitSucceeded, hand_over, passes_to_successor
from ledger.domain.unit import Unit, UnitKind
from ledger.domain.values import Actor, Context, Role

TODAY = date(2026, 11, 30)
ADMIN = Context(actor=Actor(id="admin", role=Role.ADMIN), recorded_on=TODAY)
ISSUER = Context(actor=Actor(id="issuer", role=Role.ISSUER), recorded_on=TODAY)
HD_NAME = "Ban Thường vụ Tỉnh ủy Hải Dương"
HD_PEOPLE = Context(actor=Actor(id="hd", role=Role.UNIT, unit=HD_NAME), recorded_on=TODAY)
BASIS = {
    "symbol": "202/2025/QH15",
    "issued_on": "2025-06-12",
    "issuer": "Quốc hội",
    "subject": None,
}


def units() -> tuple[Unit, Unit]:
    hd = Unit.register(ctx=ADMIN, name=HD_NAME, kind=UnitKind.PARTY)
    hp = Unit.register(ctx=ADMIN, name="Ban Thường vụ Thành ủy Hải Phòng", kind=UnitKind.PARTY)
    return hd, hp


def directive(coordinating: list[str] | None = None) -> Directive:
    d = Directive.issue(
        ctx=ISSUER,
        title="Quản lý tốt quy hoạch",
        text="quản lý tốt quy hoạch, nhất là quy hoạch sử dụng đất",
        issuer="Võ Văn Thưởng",
        lead_unit=HD_NAME,
        coordinating_units=coordinating,
        deadline=date(2025, 12, 31),
        effective_on=date(2021, 12, 10),
    )
    d.handle(c.Accept(effective_on=date(2021, 12, 10)), HD_PEOPLE)
    d.handle(
        c.ReportProgress(percent=40, narrative="Đang làm", effective_on=date(2025, 3, 15)),
        HD_PEOPLE,
    )
    return d


def test_the_successor_leads_with_status_deadline_and_progress_unchanged() -> None:
    hd, hp = units()
    d = directive(coordinating=[HD_NAME, "Sở Tài chính"])
    before = (d.status, d.deadline, d.percent, d.extensions)
    assert passes_to_successor(d, hd)
    hand_over(
        d, ctx=ADMIN, predecessor=hd, successor=hp, effective_on=date(2025, 7, 1), basis=BASIS
    )
    assert d.lead_unit == "Ban Thường vụ Thành ủy Hải Phòng"
    assert (d.status, d.deadline, d.percent, d.extensions) == before
    assert d.coordinating_units == ["Sở Tài chính"]
    event = d.collect_events()[-1]
    assert isinstance(event, LeadUnitSucceeded)
    assert get_topic(type(event)) == "ledger.domain.succession:LeadUnitSucceeded"
    assert event.effective_on == "2025-07-01"
    assert event.previous_lead_unit == HD_NAME
    assert event.succession["basis"]["symbol"] == "202/2025/QH15"
    assert d.version == 4


def test_closed_directives_and_other_units_directives_do_not_pass() -> None:
    hd, hp = units()
    withdrawn = directive()
    withdrawn.handle(c.Withdraw(reason="Không còn phù hợp"), ISSUER)
    assert not passes_to_successor(withdrawn, hd)
    assert not passes_to_successor(directive(), hp)
