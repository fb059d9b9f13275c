"""Property: any sequence of commands, by any principal, with any values, either appends
exactly one event or raises a named domain error and appends nothing; and the directive
reloaded from the store by a fresh application equals the in-memory one at every version.
"""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ledger_helpers import (
    ADMIN,
    AUDITOR,
    EVIDENCE,
    ISSUER,
    LEAD,
    LEAD_UNIT,
    OTHER_UNIT,
    OTHER_UNIT_NAME,
    issue,
    make_app,
    sqlite_url_in,
)

from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Actor

ACTORS = st.sampled_from([LEAD, LEAD, LEAD, ISSUER, ISSUER, ADMIN, OTHER_UNIT, AUDITOR])
# Around the issuance (2022-01-10) and the recording day (2022-03-01): some are refused.
EFFECTIVE = st.one_of(
    st.none(), st.none(), st.dates(min_value=date(2022, 1, 1), max_value=date(2022, 3, 5))
)
DEADLINES = st.dates(min_value=date(2022, 5, 1), max_value=date(2023, 12, 31))
WORDS = st.sampled_from(["Tiến độ", "Đã hoàn thành", "", "  ", "Thiếu hồ sơ", "Lý do"])
# Text also in decomposed form (NFD), which the ledger must store as NFC.
TEXT = st.one_of(WORDS, WORDS.map(lambda w: unicodedata.normalize("NFD", w)))
UNITS = st.sampled_from([LEAD_UNIT, OTHER_UNIT_NAME, " "])
BAD_EVIDENCE = [{"title": "Quyết định", "reference": "1/QĐ", "sha256": "xyz"}]


def command_strategy() -> st.SearchStrategy[c.FollowUp]:
    return st.one_of(
        st.builds(c.Accept, note=st.none() | TEXT, effective_on=EFFECTIVE),
        st.builds(
            c.ReportProgress,
            percent=st.integers(min_value=-5, max_value=105),
            narrative=TEXT,
            evidence=st.sampled_from([[], EVIDENCE, BAD_EVIDENCE]),
            effective_on=EFFECTIVE,
        ),
        st.builds(
            c.RequestExtension, requested_deadline=DEADLINES, reason=TEXT, effective_on=EFFECTIVE
        ),
        st.builds(
            c.GrantExtension,
            new_deadline=DEADLINES,
            reason=st.none() | TEXT,
            effective_on=EFFECTIVE,
        ),
        st.builds(c.RefuseExtension, reason=TEXT, effective_on=EFFECTIVE),
        st.builds(
            c.Reassign,
            lead_unit=UNITS,
            coordinating_units=st.lists(UNITS, max_size=2),
            reason=TEXT,
            effective_on=EFFECTIVE,
        ),
        st.builds(
            c.ReportCompletion,
            narrative=TEXT,
            evidence=st.sampled_from([[], EVIDENCE, EVIDENCE, BAD_EVIDENCE]),
            effective_on=EFFECTIVE,
        ),
        st.builds(c.VerifyCompletion, note=st.none() | TEXT, effective_on=EFFECTIVE),
        st.builds(c.RejectCompletion, reason=TEXT, effective_on=EFFECTIVE),
        st.builds(c.Withdraw, reason=TEXT, effective_on=EFFECTIVE),
        st.builds(
            c.Annotate,
            refers_to_version=st.integers(min_value=-1, max_value=30),
            text=TEXT,
            effective_on=EFFECTIVE,
        ),
    )


# Well-formed commands by the principal who may give them (either lead unit, as the
# directive may be reassigned), so that sequences reach every status, not only refusals.
LEAD_COMMANDS: list[c.FollowUp] = [
    c.Accept(),
    c.ReportProgress(percent=30, narrative="Đang triển khai"),
    c.ReportProgress(percent=80, narrative="Sắp xong", evidence=EVIDENCE),
    c.RequestExtension(requested_deadline=date(2022, 9, 30), reason="Chờ vốn"),
    c.RequestExtension(requested_deadline=date(2023, 3, 31), reason="Chờ vốn"),
    c.ReportCompletion(narrative="Đã hoàn thành", evidence=EVIDENCE),
]
ISSUER_COMMANDS: list[c.FollowUp] = [
    c.GrantExtension(new_deadline=date(2022, 12, 31)),
    c.GrantExtension(new_deadline=date(2023, 6, 30)),
    c.RefuseExtension(reason="Không có căn cứ"),
    c.VerifyCompletion(),
    c.RejectCompletion(reason="Thiếu hồ sơ"),
    c.Reassign(lead_unit=OTHER_UNIT_NAME, coordinating_units=[], reason="Đúng chức năng"),
    c.Reassign(lead_unit=LEAD_UNIT, coordinating_units=[OTHER_UNIT_NAME], reason="Trả lại"),
    c.Annotate(refers_to_version=1, text="Đính chính"),
]
WELL_FORMED = st.sampled_from(
    # Repetition weighs the choice: mostly the current lead unit, acceptance often.
    [(c.Accept(), LEAD)] * 4
    + [(command, actor) for command in LEAD_COMMANDS for actor in (LEAD, LEAD, LEAD, OTHER_UNIT)]
    + [(command, actor) for command in ISSUER_COMMANDS for actor in (ISSUER, ISSUER, ADMIN)]
)
ANY = st.tuples(command_strategy(), ACTORS)
# One step in five is anything at all (any principal, any value); the rest well-formed.
STEP = st.tuples(st.integers(0, 4), WELL_FORMED, ANY).map(lambda t: t[2] if t[0] == 0 else t[1])
STEPS = st.lists(STEP, min_size=10, max_size=40)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=STEPS, with_deadline=st.booleans())
def test_commands_append_one_event_or_raise_a_named_rule(
    steps: list[tuple[c.FollowUp, Actor]], with_deadline: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Snapshots every 4 events, so reloading also goes through snapshots.
        env = {"LEDGER_SNAPSHOT_INTERVAL": "4"}
        app = make_app(sqlite_url_in(Path(folder)), env=env)
        directive_id = issue(app, deadline=date(2022, 6, 30) if with_deadline else None)
        states: dict[int, dict[str, Any]] = {1: app.get_directive(directive_id).as_dict()}
        appended = refused = 0
        for command, actor in steps:
            position = app.max_position()
            version = max(states)
            try:
                result = app.record_follow_up(directive_id, command, app.context(actor))
            except errors.DomainError as e:
                refusal: errors.DomainError | None = e
            else:
                refusal = None
            if refusal is not None:
                assert refusal.rule
                assert refusal.rule != errors.DomainError.rule, f"unnamed rule: {refusal!r}"
                assert app.max_position() == position, f"{refusal.rule} appended"
                event(f"refused: {refusal.rule}")
                refused += 1
                continue
            assert (result.version, result.position) == (version + 1, position + 1)
            assert app.max_position() == position + 1
            assert result.state == app.get_directive(directive_id).as_dict()
            for text in _texts(result.event["data"]):
                assert unicodedata.is_normalized("NFC", text)
            states[result.version] = result.state
            appended += 1
            event(f"reached: {result.status}")
        assert appended + refused == len(steps)
        app.close()

        fresh = make_app(sqlite_url_in(Path(folder)), env=env)
        for version, state in states.items():
            assert fresh.get_directive(directive_id, version=version).as_dict() == state
        assert fresh.get_directive(directive_id).as_dict() == states[max(states)]
        assert [e["version"] for e in fresh.history(directive_id)] == sorted(states)
        fresh.close()


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []
