"""Shared builders for the unit tests: actors, a fixed clock, directives in each status."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# 09:00 in Hà Nội on 1 March 2022: the recording day of every command unless a test says.
NOW = datetime(2022, 3, 1, 9, 0, tzinfo=HCM)
TODAY = date(2022, 3, 1)
ISSUED_ON = date(2022, 1, 10)
DEADLINE = date(2022, 6, 30)

LEAD_UNIT = "Sở Kế hoạch và Đầu tư"
OTHER_UNIT_NAME = "Sở Tài chính"
ISSUER = Actor(id="issuer-1", role=Role.ISSUER, name="Văn phòng UBND tỉnh")
ADMIN = Actor(id="admin-1", role=Role.ADMIN, name="Quản trị")
LEAD = Actor(id="unit-1", role=Role.UNIT, unit=LEAD_UNIT)
OTHER_UNIT = Actor(id="unit-2", role=Role.UNIT, unit=OTHER_UNIT_NAME)
AUDITOR = Actor(id="auditor-1", role=Role.AUDITOR)

EVIDENCE = [{"title": "Báo cáo số 12/BC-SKHĐT", "reference": "12/BC-SKHĐT"}]


def fixed_clock(moment: datetime = NOW) -> Callable[[], datetime]:
    return lambda: moment


def make_app(
    url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    env: Mapping[str, str] | None = None,
) -> LedgerApplication:
    settings = Settings.from_env(dict(env or {}), database_url=url)
    return LedgerApplication(settings, clock=clock or fixed_clock())


def sqlite_url_in(folder: Path) -> str:
    return f"sqlite:///{folder / 'ledger.sqlite'}"


def issue(
    app: LedgerApplication,
    *,
    deadline: date | None = DEADLINE,
    effective_on: date | None = ISSUED_ON,
    actor: Actor = ISSUER,
    title: str = "Cải thiện môi trường đầu tư",
) -> UUID:
    result = app.issue_directive(
        app.context(actor),
        title=title,
        text="Xây dựng tiêu chí lựa chọn nhà đầu tư có uy tín vào các khu công nghiệp",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=LEAD_UNIT,
        coordinating_units=[OTHER_UNIT_NAME],
        deadline=deadline,
        effective_on=effective_on,
    )
    return result.id


def follow(app: LedgerApplication, directive_id: UUID, command: c.FollowUp, actor: Actor) -> None:
    app.record_follow_up(directive_id, command, app.context(actor))


# The commands that bring a freshly issued directive to each status.
PATHS: dict[str, list[tuple[c.FollowUp, Actor]]] = {
    "issued": [],
    "accepted": [(c.Accept(), LEAD)],
    "in_progress": [(c.Accept(), LEAD), (c.ReportProgress(percent=40, narrative="Đã lập"), LEAD)],
    "completion_reported": [
        (c.Accept(), LEAD),
        (c.ReportCompletion(narrative="Đã hoàn thành", evidence=EVIDENCE), LEAD),
    ],
    "completed": [
        (c.Accept(), LEAD),
        (c.ReportCompletion(narrative="Đã hoàn thành", evidence=EVIDENCE), LEAD),
        (c.VerifyCompletion(), ISSUER),
    ],
    "withdrawn": [(c.Withdraw(reason="Không còn phù hợp"), ISSUER)],
}


def directive_in(app: LedgerApplication, status: str, **issue_kwargs: object) -> UUID:
    directive_id = issue(app, **issue_kwargs)  # type: ignore[arg-type]
    for command, actor in PATHS[status]:
        follow(app, directive_id, command, actor)
    assert app.get_directive(directive_id).status == status
    return directive_id


@contextmanager
def refused(
    app: LedgerApplication,
    directive_id: UUID | None,
    error: type[errors.DomainError],
    rule: str,
    *,
    field: str | None = None,
) -> Iterator[None]:
    """Asserts the block raises ``error`` naming ``rule`` (and ``field``), and that the
    store and the directive are exactly as before: a refusal appends nothing."""
    position = app.max_position()
    before = None if directive_id is None else app.get_directive(directive_id).as_dict()
    with pytest.raises(error) as raised:
        yield
    assert raised.value.rule == rule, raised.value
    assert str(raised.value)
    if field is not None:
        assert raised.value.field == field
    assert app.max_position() == position
    if directive_id is not None:
        assert app.get_directive(directive_id).as_dict() == before
        # A fresh application on the same store agrees: nothing reached the store.
        assert len(app.history(directive_id)) == before["version"]  # type: ignore[index]
