"""The Directive holds each new event's recorded time at or after the previous event's,
whatever the clock of the process says (ledger/domain/directive.py ``_record``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from ledger_helpers import EVIDENCE, ISSUER, LEAD, LEAD_UNIT

from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.directive import Directive
from ledger.domain.values import Actor, Context

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def ctx(actor: Actor) -> Context:
    return Context(actor=actor, recorded_on=date(2022, 3, 1))


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The clock reads these times, in this order (then fails the test if read again)."""
    planned: list[datetime] = []
    monkeypatch.setattr(Directive.Event, "create_timestamp", staticmethod(lambda: planned.pop(0)))
    return planned


def issued() -> Directive:
    return Directive.issue(
        ctx=ctx(ISSUER),
        title="Cải thiện môi trường đầu tư",
        text="Xây dựng tiêu chí",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=LEAD_UNIT,
        deadline=date(2022, 6, 30),
        effective_on=date(2022, 1, 10),
    )


def test_a_clock_that_steps_back_is_held_at_the_previous_event(readings: list[datetime]) -> None:
    hour = timedelta(hours=1)
    readings.extend([START, START - hour, START + timedelta(seconds=5), START - 2 * hour])
    directive = issued()
    directive.handle(c.Accept(), ctx(LEAD))
    directive.handle(c.ReportProgress(percent=10, narrative="n"), ctx(LEAD))
    directive.handle(c.ReportCompletion(narrative="xong", evidence=EVIDENCE), ctx(LEAD))
    times = [e.timestamp for e in directive.collect_events()]
    assert times == [START, START, START + timedelta(seconds=5), START + timedelta(seconds=5)]
    assert directive.modified_on == START + timedelta(seconds=5)
    assert readings == []


def test_a_clock_that_runs_forward_is_recorded_as_it_reads(readings: list[datetime]) -> None:
    planned = [START + timedelta(seconds=s) for s in (0, 1, 1, 7)]
    readings.extend(planned)
    directive = issued()
    directive.handle(c.Accept(), ctx(LEAD))
    directive.handle(c.ReportProgress(percent=10, narrative="n"), ctx(LEAD))
    directive.handle(c.Annotate(refers_to_version=2, text="ghi chú"), ctx(ISSUER))
    assert [e.timestamp for e in directive.collect_events()] == planned


def test_a_refused_command_reads_no_clock_and_records_nothing(readings: list[datetime]) -> None:
    readings.append(START)
    directive = issued()
    directive.collect_events()
    with pytest.raises(errors.NotYetAccepted):
        directive.handle(c.ReportProgress(percent=10, narrative="n"), ctx(LEAD))
    assert directive.collect_events() == []
    assert directive.version == 1
