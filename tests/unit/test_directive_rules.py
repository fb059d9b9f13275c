"""Every rule of DESIGN section 2, allowed and refused, through the application on SQLite.

A refused command raises its own named error carrying the rule, and appends nothing:
the log position, the directive's state and its history are as before.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ledger_helpers import (
    ADMIN,
    AUDITOR,
    DEADLINE,
    EVIDENCE,
    ISSUED_ON,
    ISSUER,
    LEAD,
    LEAD_UNIT,
    OTHER_UNIT,
    OTHER_UNIT_NAME,
    TODAY,
    directive_in,
    fixed_clock,
    follow,
    issue,
    make_app,
    refused,
    sqlite_url_in,
)

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Actor

LATER = date(2022, 9, 30)

# One command of each type, with the principal who may normally give it.
COMMANDS: dict[str, tuple[c.FollowUp, Actor]] = {
    "accept": (c.Accept(note="Tiếp thu"), LEAD),
    "progress": (c.ReportProgress(percent=50, narrative="Đã hoàn thành một nửa"), LEAD),
    "request_extension": (c.RequestExtension(requested_deadline=LATER, reason="Chờ vốn"), LEAD),
    "grant_extension": (c.GrantExtension(new_deadline=LATER), ISSUER),
    "refuse_extension": (c.RefuseExtension(reason="Không có căn cứ"), ISSUER),
    "reassign": (
        c.Reassign(
            lead_unit=OTHER_UNIT_NAME, coordinating_units=[LEAD_UNIT], reason="Đúng chức năng"
        ),
        ISSUER,
    ),
    "report_completion": (c.ReportCompletion(narrative="Xong", evidence=EVIDENCE), LEAD),
    "verify": (c.VerifyCompletion(note="Đạt"), ISSUER),
    "reject": (c.RejectCompletion(reason="Thiếu hồ sơ"), ISSUER),
    "withdraw": (c.Withdraw(reason="Không còn phù hợp"), ISSUER),
    "annotate": (c.Annotate(refers_to_version=1, text="Đính chính tên đơn vị"), ISSUER),
}

NYA = errors.NotYetAccepted
AA = errors.AlreadyAccepted
NOER = errors.NoOpenExtensionRequest
CNR = errors.CompletionNotReported
AV = errors.AwaitingVerification
DC = errors.DirectiveClosed
OPEN_AFTER_ACCEPTANCE: dict[str, Any] = {
    "accept": AA,
    "progress": "in_progress",
    "request_extension": None,  # allowed, status unchanged
    "grant_extension": NOER,
    "refuse_extension": NOER,
    "reassign": "issued",
    "report_completion": "completion_reported",
    "verify": CNR,
    "reject": CNR,
    "withdraw": "withdrawn",
    "annotate": None,
}
CLOSED = {name: (None if name == "annotate" else DC) for name in COMMANDS}
# status -> command -> the status it leads to (None: unchanged) or the error it raises.
LIFECYCLE: dict[str, dict[str, Any]] = {
    "issued": {
        "accept": "accepted",
        "progress": NYA,
        "request_extension": NYA,
        "grant_extension": NYA,
        "refuse_extension": NYA,
        "reassign": "issued",
        "report_completion": NYA,
        "verify": NYA,
        "reject": NYA,
        "withdraw": "withdrawn",
        "annotate": None,
    },
    "accepted": OPEN_AFTER_ACCEPTANCE,
    "in_progress": OPEN_AFTER_ACCEPTANCE,
    "completion_reported": {
        "accept": AA,
        "progress": AV,
        "request_extension": AV,
        "grant_extension": errors.ExtensionAwaitingVerification,
        "refuse_extension": NOER,
        "reassign": "issued",
        "report_completion": AV,
        "verify": "completed",
        "reject": "in_progress",
        "withdraw": "withdrawn",
        "annotate": None,
    },
    "completed": CLOSED,
    "withdrawn": CLOSED,
}
LIFECYCLE_CASES = [
    pytest.param(status, name, outcome, id=f"{status}-{name}")
    for status, table in LIFECYCLE.items()
    for name, outcome in table.items()
]


@pytest.mark.parametrize(("status", "name", "outcome"), LIFECYCLE_CASES)
def test_lifecycle_gate(app: LedgerApplication, status: str, name: str, outcome: Any) -> None:
    directive_id = directive_in(app, status)
    command, actor = COMMANDS[name]
    if isinstance(outcome, type):
        with refused(app, directive_id, outcome, outcome.rule):
            follow(app, directive_id, command, actor)
        return
    position, version = app.max_position(), app.get_directive(directive_id).version
    result = app.record_follow_up(directive_id, command, app.context(actor))
    assert (result.position, result.version) == (position + 1, version + 1)
    assert app.max_position() == position + 1
    assert result.status == (outcome or status)
    assert app.get_directive(directive_id).status == (outcome or status)
    assert result.event["type"] == c.EVENT_TYPE_OF_COMMAND[type(command)]


def test_verification_completes_at_100_percent_and_rejection_reopens(
    app: LedgerApplication,
) -> None:
    directive_id = directive_in(app, "completion_reported")
    follow(app, directive_id, c.RejectCompletion(reason="Thiếu biên bản"), ISSUER)
    assert app.get_directive(directive_id).status == "in_progress"
    follow(app, directive_id, c.ReportCompletion(narrative="Bổ sung", evidence=EVIDENCE), LEAD)
    follow(app, directive_id, c.VerifyCompletion(), ISSUER)
    state = app.get_directive(directive_id).as_dict()
    assert (state["status"], state["percent"]) == ("completed", 100)


# ------------------------------------------------------------------------- reassignment


@pytest.mark.parametrize("status", ["accepted", "in_progress", "completion_reported"])
def test_reassigned_directive_waits_for_the_new_lead_unit(
    app: LedgerApplication, status: str
) -> None:
    directive_id = directive_in(app, status)
    follow(app, directive_id, *COMMANDS["reassign"])
    state = app.get_directive(directive_id).as_dict()
    assert (state["status"], state["lead_unit"]) == ("issued", OTHER_UNIT_NAME)
    assert state["coordinating_units"] == [LEAD_UNIT]
    # The old lead unit may no longer act; the new one must accept before reporting.
    with refused(app, directive_id, errors.NotLeadUnit, "not_lead_unit"):
        follow(app, directive_id, c.Accept(), LEAD)
    with refused(app, directive_id, errors.NotYetAccepted, "not_yet_accepted"):
        follow(app, directive_id, c.ReportProgress(percent=10, narrative="Bắt đầu"), OTHER_UNIT)
    follow(app, directive_id, c.Accept(), OTHER_UNIT)
    follow(app, directive_id, c.ReportProgress(percent=10, narrative="Bắt đầu"), OTHER_UNIT)
    assert app.get_directive(directive_id).status == "in_progress"


def test_reassignment_closes_an_open_extension_request(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, *COMMANDS["request_extension"])
    follow(app, directive_id, *COMMANDS["reassign"])
    follow(app, directive_id, c.Accept(), OTHER_UNIT)
    with refused(app, directive_id, errors.NoOpenExtensionRequest, "no_open_extension_request"):
        follow(app, directive_id, *COMMANDS["grant_extension"])


# -------------------------------------------------------------------------------- roles

LEAD_UNIT_ONLY = ["accept", "progress", "request_extension", "report_completion"]
ISSUER_ONLY = ["grant_extension", "refuse_extension", "reassign", "verify", "reject", "withdraw"]
# The status in which each command is allowed, so that only the role decides.
READY_FOR = {
    "accept": "issued",
    "progress": "accepted",
    "request_extension": "accepted",
    "report_completion": "accepted",
    "grant_extension": "accepted+request",
    "refuse_extension": "accepted+request",
    "reassign": "accepted",
    "verify": "completion_reported",
    "reject": "completion_reported",
    "withdraw": "accepted",
    "annotate": "accepted",
}


def ready(app: LedgerApplication, name: str) -> Any:
    status = READY_FOR[name]
    directive_id = directive_in(app, status.split("+")[0])
    if status.endswith("+request"):
        follow(app, directive_id, *COMMANDS["request_extension"])
    return directive_id


ROLE_CASES = (
    [
        pytest.param(name, ISSUER, errors.RoleNotPermitted, id=f"{name}-by-issuer")
        for name in LEAD_UNIT_ONLY
    ]
    + [
        pytest.param(name, ADMIN, errors.RoleNotPermitted, id=f"{name}-by-admin")
        for name in LEAD_UNIT_ONLY
    ]
    + [
        pytest.param(name, OTHER_UNIT, errors.NotLeadUnit, id=f"{name}-by-other-unit")
        for name in LEAD_UNIT_ONLY
    ]
    + [
        pytest.param(name, LEAD, errors.RoleNotPermitted, id=f"{name}-by-lead-unit")
        for name in ISSUER_ONLY
    ]
    + [
        pytest.param(name, AUDITOR, errors.AuditorsNeverWrite, id=f"{name}-by-auditor")
        for name in COMMANDS
    ]
)


@pytest.mark.parametrize(("name", "actor", "error"), ROLE_CASES)
def test_role_refused(
    app: LedgerApplication, name: str, actor: Actor, error: type[errors.DomainError]
) -> None:
    directive_id = ready(app, name)
    command, _allowed = COMMANDS[name]
    with refused(app, directive_id, error, error.rule):
        follow(app, directive_id, command, actor)


ALLOWED_ROLE_CASES = (
    [pytest.param(name, LEAD, id=f"{name}-by-lead-unit") for name in LEAD_UNIT_ONLY]
    + [pytest.param(name, ISSUER, id=f"{name}-by-issuer") for name in ISSUER_ONLY]
    + [pytest.param(name, ADMIN, id=f"{name}-by-admin") for name in ISSUER_ONLY]
    + [
        pytest.param("annotate", actor, id=f"annotate-by-{actor.id}")
        for actor in (LEAD, OTHER_UNIT, ISSUER, ADMIN)
    ]
)


@pytest.mark.parametrize(("name", "actor"), ALLOWED_ROLE_CASES)
def test_role_allowed(app: LedgerApplication, name: str, actor: Actor) -> None:
    directive_id = ready(app, name)
    command, _usual = COMMANDS[name]
    position = app.max_position()
    result = app.record_follow_up(directive_id, command, app.context(actor))
    assert result.position == app.max_position() == position + 1
    assert result.event["actor"] == actor.as_dict()


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        (LEAD, errors.RoleNotPermitted),
        (AUDITOR, errors.AuditorsNeverWrite),
    ],
    ids=["unit", "auditor"],
)
def test_only_issuer_or_admin_issue_and_record_meetings(
    app: LedgerApplication, actor: Actor, error: type[errors.DomainError]
) -> None:
    with refused(app, None, error, error.rule):
        issue(app, actor=actor)
    with refused(app, None, error, error.rule):
        app.record_meeting(app.context(actor), title="Họp", held_on=TODAY, chair="A", host_body="B")
    assert app.directive_ids() == []
    assert app.meeting_ids() == []
    issue(app, actor=ADMIN)
    issue(app, actor=ISSUER)
    assert len(app.directive_ids()) == 2


# --------------------------------------------------------------------------- extensions


def test_extension_granted_moves_the_deadline_and_counts(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, *COMMANDS["request_extension"])
    # The grant may give another later date than the one asked for.
    follow(app, directive_id, c.GrantExtension(new_deadline=date(2022, 8, 31)), ADMIN)
    state = app.get_directive(directive_id).as_dict()
    assert (state["deadline"], state["extensions"]) == ("2022-08-31", 1)
    history = app.history(directive_id)
    assert history[-1]["data"]["previous_deadline"] == DEADLINE.isoformat()


def test_grant_answers_an_open_request(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "in_progress")
    with refused(app, directive_id, errors.NoOpenExtensionRequest, "no_open_extension_request"):
        follow(app, directive_id, *COMMANDS["grant_extension"])
    follow(app, directive_id, *COMMANDS["request_extension"])
    with refused(
        app, directive_id, errors.ExtensionRequestAlreadyOpen, "extension_request_already_open"
    ):
        follow(app, directive_id, *COMMANDS["request_extension"])
    follow(app, directive_id, *COMMANDS["refuse_extension"])
    # A refusal answers the request: nothing is left to grant, and the count is unchanged.
    with refused(app, directive_id, errors.NoOpenExtensionRequest, "no_open_extension_request"):
        follow(app, directive_id, *COMMANDS["grant_extension"])
    state = app.get_directive(directive_id).as_dict()
    assert (state["deadline"], state["extensions"]) == (DEADLINE.isoformat(), 0)


@pytest.mark.parametrize(
    "proposed", [DEADLINE, DEADLINE - timedelta(days=1)], ids=["same", "before"]
)
def test_new_deadline_must_be_later(app: LedgerApplication, proposed: date) -> None:
    directive_id = directive_in(app, "accepted")
    with refused(
        app, directive_id, errors.DeadlineNotLater, "deadline_not_later", field="requested_deadline"
    ):
        follow(app, directive_id, c.RequestExtension(requested_deadline=proposed, reason="x"), LEAD)
    follow(app, directive_id, *COMMANDS["request_extension"])
    with refused(
        app, directive_id, errors.DeadlineNotLater, "deadline_not_later", field="new_deadline"
    ):
        follow(app, directive_id, c.GrantExtension(new_deadline=proposed), ISSUER)


def test_no_deadline_no_extension(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted", deadline=None)
    with refused(app, directive_id, errors.NoDeadlineToExtend, "no_deadline_to_extend"):
        follow(app, directive_id, *COMMANDS["request_extension"])


def grant_extensions(app: LedgerApplication, directive_id: Any, count: int) -> date:
    deadline = DEADLINE
    for _ in range(count):
        deadline += timedelta(days=30)
        follow(app, directive_id, c.RequestExtension(requested_deadline=deadline, reason="r"), LEAD)
        follow(app, directive_id, c.GrantExtension(new_deadline=deadline), ISSUER)
    return deadline


def test_extensions_are_capped_at_three_by_default(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    deadline = grant_extensions(app, directive_id, 3)
    assert app.get_directive(directive_id).extensions == 3
    with refused(app, directive_id, errors.ExtensionLimitReached, "extension_limit_reached"):
        follow(
            app,
            directive_id,
            c.RequestExtension(requested_deadline=deadline + timedelta(days=9), reason="r"),
            LEAD,
        )


@pytest.mark.parametrize("cap", [0, 1, 5])
def test_extension_cap_is_configurable(tmp_path: Path, cap: int) -> None:
    app = make_app(sqlite_url_in(tmp_path), env={"LEDGER_MAX_EXTENSIONS": str(cap)})
    directive_id = directive_in(app, "accepted")
    deadline = grant_extensions(app, directive_id, cap)
    assert app.get_directive(directive_id).extensions == cap
    with refused(app, directive_id, errors.ExtensionLimitReached, "extension_limit_reached"):
        follow(
            app,
            directive_id,
            c.RequestExtension(requested_deadline=deadline + timedelta(days=9), reason="r"),
            LEAD,
        )


# ---------------------------------------------------------------------- effective dates


def test_effective_on_defaults_to_the_recording_day_in_ho_chi_minh_city(tmp_path: Path) -> None:
    # 18:30 UTC on 1 March is already 01:30 on 2 March in Hà Nội / Hồ Chí Minh City.
    late_evening_utc = datetime(2022, 3, 1, 18, 30, tzinfo=ZoneInfo("UTC"))
    app = make_app(sqlite_url_in(tmp_path), clock=fixed_clock(late_evening_utc))
    directive_id = directive_in(app, "issued")
    result = app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    assert result.event["effective_on"] == "2022-03-02"
    assert app.today() == date(2022, 3, 2)
    # On the recording day itself (local), an explicit date of that day is not "future".
    follow(
        app,
        directive_id,
        c.ReportProgress(percent=1, narrative="n", effective_on=date(2022, 3, 2)),
        LEAD,
    )


def test_time_zone_is_configurable(tmp_path: Path) -> None:
    late_evening_utc = datetime(2022, 3, 1, 18, 30, tzinfo=ZoneInfo("UTC"))
    app = make_app(
        sqlite_url_in(tmp_path),
        clock=fixed_clock(late_evening_utc),
        env={"LEDGER_TIMEZONE": "UTC"},
    )
    directive_id = directive_in(app, "issued")
    result = app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    assert result.event["effective_on"] == "2022-03-01"
    with refused(app, directive_id, errors.EffectiveInFuture, "effective_in_future"):
        follow(
            app,
            directive_id,
            c.ReportProgress(percent=1, narrative="n", effective_on=date(2022, 3, 2)),
            LEAD,
        )


def test_effective_on_may_not_be_before_issuance_nor_after_the_recording_day(
    app: LedgerApplication,
) -> None:
    directive_id = directive_in(app, "accepted")
    before = ISSUED_ON - timedelta(days=1)
    tomorrow = TODAY + timedelta(days=1)
    for name in ("progress", "withdraw", "annotate"):
        command, actor = COMMANDS[name]
        with refused(
            app,
            directive_id,
            errors.EffectiveBeforeIssuance,
            "effective_before_issuance",
            field="effective_on",
        ):
            follow(app, directive_id, replace_effective(command, before), actor)
        with refused(
            app, directive_id, errors.EffectiveInFuture, "effective_in_future", field="effective_on"
        ):
            follow(app, directive_id, replace_effective(command, tomorrow), actor)
    # The bounds themselves are allowed.
    follow(app, directive_id, replace_effective(COMMANDS["progress"][0], ISSUED_ON), LEAD)
    follow(app, directive_id, replace_effective(COMMANDS["progress"][0], TODAY), LEAD)


def replace_effective(command: c.FollowUp, effective_on: date) -> c.FollowUp:
    from dataclasses import replace

    return replace(command, effective_on=effective_on)


def test_late_recording_is_normal(app: LedgerApplication) -> None:
    """An event may be effective before events recorded earlier, and both dates are kept."""
    directive_id = directive_in(app, "issued")
    follow(app, directive_id, c.Accept(effective_on=date(2022, 2, 20)), LEAD)
    follow(
        app,
        directive_id,
        c.ReportProgress(percent=5, narrative="n", effective_on=date(2022, 1, 15)),
        LEAD,
    )
    events = app.history(directive_id)
    assert [e["effective_on"] for e in events] == ["2022-01-10", "2022-02-20", "2022-01-15"]
    recorded = [datetime.fromisoformat(e["recorded_at"]) for e in events]
    assert recorded == sorted(recorded)


def test_issuance_dates(app: LedgerApplication) -> None:
    with refused(app, None, errors.EffectiveInFuture, "effective_in_future", field="effective_on"):
        issue(app, effective_on=TODAY + timedelta(days=1))
    with refused(app, None, errors.InvalidValue, "deadline_before_issuance", field="deadline"):
        issue(app, deadline=ISSUED_ON - timedelta(days=1))
    directive_id = issue(app, effective_on=None)
    assert app.get_directive(directive_id).as_dict()["issued_on"] == TODAY.isoformat()


# ---------------------------------------------------------------------------- annotation


@pytest.mark.parametrize("refers_to", [0, -1, 3, 99])
def test_annotation_refers_to_an_existing_version(app: LedgerApplication, refers_to: int) -> None:
    directive_id = directive_in(app, "accepted")  # versions 1 and 2
    with refused(
        app, directive_id, errors.UnknownVersion, "unknown_version", field="refers_to_version"
    ):
        follow(app, directive_id, c.Annotate(refers_to_version=refers_to, text="x"), ISSUER)


def test_annotation_leaves_the_earlier_event_as_it_was(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "in_progress")
    before = app.history(directive_id)
    result = app.record_follow_up(
        directive_id,
        c.Annotate(refers_to_version=3, text="Tỷ lệ đúng là 45%"),
        app.context(OTHER_UNIT),
    )
    after = app.history(directive_id)
    assert after[:3] == before
    assert after[3]["data"]["refers_to_version"] == 3
    assert result.state["percent"] == 40
    assert result.status == "in_progress"


# ----------------------------------------------------------------------- values, NFC


def test_completion_needs_evidence(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "in_progress")
    with refused(app, directive_id, errors.InvalidValue, "evidence_required", field="evidence"):
        follow(app, directive_id, c.ReportCompletion(narrative="Xong", evidence=[]), LEAD)


@pytest.mark.parametrize(
    ("item", "field", "rule"),
    [
        ({"title": " ", "reference": "1/QĐ"}, "evidence[0].title", "text_required"),
        ({"title": "Quyết định", "reference": ""}, "evidence[0].reference", "text_required"),
        (
            {"title": "Quyết định", "reference": "1/QĐ", "issued_on": "10/12/2021"},
            "evidence[0].issued_on",
            "date_format",
        ),
        (
            {"title": "Quyết định", "reference": "1/QĐ", "sha256": "abc"},
            "evidence[0].sha256",
            "sha256_format",
        ),
    ],
    ids=["title", "reference", "issued_on", "sha256"],
)
def test_evidence_fields(
    app: LedgerApplication, item: dict[str, Any], field: str, rule: str
) -> None:
    directive_id = directive_in(app, "in_progress")
    with refused(app, directive_id, errors.InvalidValue, rule, field=field):
        follow(app, directive_id, c.ReportCompletion(narrative="Xong", evidence=[item]), LEAD)


def test_evidence_is_kept_in_full(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "in_progress")
    sha = "AB" * 32
    item = {"title": "Quyết định", "reference": "1/QĐ", "issued_on": "2022-02-01", "sha256": sha}
    result = app.record_follow_up(
        directive_id, c.ReportCompletion(narrative="Xong", evidence=[item]), app.context(LEAD)
    )
    assert result.event["data"]["evidence"] == [{**item, "sha256": sha.lower()}]


@pytest.mark.parametrize("percent", [0, 100, 37])
def test_percent_in_range_is_allowed(app: LedgerApplication, percent: int) -> None:
    directive_id = directive_in(app, "accepted")
    result = app.record_follow_up(
        directive_id, c.ReportProgress(percent=percent, narrative="n"), app.context(LEAD)
    )
    assert result.state["percent"] == percent


@pytest.mark.parametrize("percent", [-1, 101, 140, True, 50.5, "50"])
def test_percent_out_of_range_is_refused(app: LedgerApplication, percent: Any) -> None:
    directive_id = directive_in(app, "accepted")
    with refused(app, directive_id, errors.InvalidValue, "percent_range", field="percent"):
        follow(app, directive_id, c.ReportProgress(percent=percent, narrative="n"), LEAD)


@pytest.mark.parametrize("narrative", ["", "   ", "\n\t"])
def test_empty_text_is_refused(app: LedgerApplication, narrative: str) -> None:
    directive_id = directive_in(app, "accepted")
    with refused(app, directive_id, errors.InvalidValue, "text_required", field="narrative"):
        follow(app, directive_id, c.ReportProgress(percent=1, narrative=narrative), LEAD)
    with refused(app, directive_id, errors.InvalidValue, "text_required", field="reason"):
        follow(app, directive_id, c.Withdraw(reason=narrative), ISSUER)


def test_free_text_is_stored_in_nfc_byte_for_byte(app: LedgerApplication, tmp_path: Path) -> None:
    import unicodedata

    title = "Đột phá 1: Cải thiện mạnh mẽ môi trường đầu tư kinh doanh"
    narrative = "Đã ban hành kế hoạch số 4256/KH-UBND; tiến độ đạt yêu cầu"
    decomposed_title = unicodedata.normalize("NFD", title)
    decomposed = unicodedata.normalize("NFD", narrative)
    assert decomposed != narrative
    directive_id = issue(app, title=decomposed_title)
    follow(app, directive_id, c.Accept(), LEAD)
    follow(app, directive_id, c.ReportProgress(percent=1, narrative=decomposed), LEAD)
    fresh = make_app(sqlite_url_in(tmp_path))
    stored = fresh.get_directive(directive_id).as_dict()["title"]
    assert stored.encode() == unicodedata.normalize("NFC", title).encode()
    assert fresh.history(directive_id)[-1]["data"]["narrative"].encode() == narrative.encode()
