"""The rules around a completion report that awaits its verdict, through the application
on SQLite: no extension is granted meanwhile, and the verdict takes effect no earlier
than the report it judges. Each refusal is a named 409 rule and appends nothing.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from ledger_helpers import EVIDENCE, ISSUER, LEAD, directive_in, follow, refused

from ledger.api.app import create_app
from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import SYSTEM_ACTOR, Role

REPORTED_ON = date(2022, 2, 20)
LATER = date(2022, 9, 30)
REQUEST = c.RequestExtension(requested_deadline=LATER, reason="Chờ bố trí vốn")
GRANT = c.GrantExtension(new_deadline=LATER, reason="Đồng ý")
REPORT = c.ReportCompletion(narrative="Đã hoàn thành", evidence=EVIDENCE, effective_on=REPORTED_ON)


def reported_with_open_request(app: LedgerApplication, **issue: object) -> UUID:
    """Accepted, an extension asked for, then completion reported before any answer."""
    directive_id = directive_in(app, "accepted", **issue)
    follow(app, directive_id, REQUEST, LEAD)
    follow(app, directive_id, REPORT, LEAD)
    assert app.get_directive(directive_id).open_extension_request is not None
    return directive_id


# ------------------------------------------------------------- extensions meanwhile


def test_no_extension_is_granted_while_a_report_awaits_its_verdict(
    app: LedgerApplication,
) -> None:
    directive_id = reported_with_open_request(app)
    with refused(
        app, directive_id, errors.ExtensionAwaitingVerification, "extension_awaiting_verification"
    ):
        follow(app, directive_id, GRANT, ISSUER)
    # The admin is held to the same rule, whatever the date of the grant.
    with refused(
        app, directive_id, errors.ExtensionAwaitingVerification, "extension_awaiting_verification"
    ):
        follow(
            app,
            directive_id,
            c.GrantExtension(new_deadline=LATER, effective_on=REPORTED_ON),
            SYSTEM_ACTOR,
        )
    assert app.get_directive(directive_id).extensions == 0


def test_no_extension_is_asked_for_while_a_report_awaits_its_verdict(
    app: LedgerApplication,
) -> None:
    directive_id = directive_in(app, "completion_reported")
    with refused(app, directive_id, errors.AwaitingVerification, "awaiting_verification"):
        follow(app, directive_id, REQUEST, LEAD)


def test_the_rule_is_one_of_awaiting_verification(app: LedgerApplication) -> None:
    """A caller that catches the general rule catches the extension's one too."""
    directive_id = reported_with_open_request(app)
    with pytest.raises(errors.AwaitingVerification):
        follow(app, directive_id, GRANT, ISSUER)


def test_the_open_request_may_still_be_refused(app: LedgerApplication) -> None:
    directive_id = reported_with_open_request(app)
    follow(app, directive_id, c.RefuseExtension(reason="Đã báo cáo hoàn thành"), ISSUER)
    assert app.get_directive(directive_id).open_extension_request is None


def test_after_a_rejection_the_open_request_may_be_granted(app: LedgerApplication) -> None:
    directive_id = reported_with_open_request(app)
    follow(app, directive_id, c.RejectCompletion(reason="Thiếu biên bản"), ISSUER)
    follow(app, directive_id, GRANT, ISSUER)
    state = app.get_directive(directive_id).as_dict()
    assert (state["status"], state["deadline"], state["extensions"]) == (
        "in_progress",
        LATER.isoformat(),
        1,
    )


def test_a_late_report_stays_late(app: LedgerApplication) -> None:
    """The case the rule is for: a report made after the deadline is verified as late."""
    directive_id = reported_with_open_request(app, deadline=date(2022, 2, 15))
    with refused(
        app, directive_id, errors.ExtensionAwaitingVerification, "extension_awaiting_verification"
    ):
        follow(app, directive_id, GRANT, ISSUER)
    follow(app, directive_id, c.VerifyCompletion(), ISSUER)
    directive = app.get_directive(directive_id)
    assert directive.deadline == date(2022, 2, 15)
    assert directive.completed_on == REPORTED_ON
    assert directive.completed_on > directive.deadline


# ------------------------------------------------------------------ the verdict's date


@pytest.mark.parametrize(
    "verdict",
    [c.VerifyCompletion(note="Đạt"), c.RejectCompletion(reason="Thiếu hồ sơ")],
    ids=["verify", "reject"],
)
def test_a_verdict_is_not_effective_before_the_report(
    app: LedgerApplication, verdict: c.FollowUp
) -> None:
    from dataclasses import replace

    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, REPORT, LEAD)
    with refused(
        app,
        directive_id,
        errors.VerdictBeforeReport,
        "verdict_before_report",
        field="effective_on",
    ):
        follow(app, directive_id, replace(verdict, effective_on=date(2022, 2, 19)), ISSUER)
    # On the report's own day, or later, it is recorded.
    result = app.record_follow_up(
        directive_id, replace(verdict, effective_on=REPORTED_ON), app.context(ISSUER)
    )
    assert result.event["effective_on"] == REPORTED_ON.isoformat()


def test_the_verdict_is_judged_against_the_latest_report(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, REPORT, LEAD)
    follow(app, directive_id, c.RejectCompletion(reason="Thiếu", effective_on=REPORTED_ON), ISSUER)
    again = date(2022, 2, 25)
    follow(
        app,
        directive_id,
        c.ReportCompletion(narrative="Bổ sung", evidence=EVIDENCE, effective_on=again),
        LEAD,
    )
    with refused(app, directive_id, errors.VerdictBeforeReport, "verdict_before_report"):
        follow(app, directive_id, c.VerifyCompletion(effective_on=date(2022, 2, 24)), ISSUER)
    follow(app, directive_id, c.VerifyCompletion(effective_on=again), ISSUER)
    assert app.get_directive(directive_id).completed_on == again


# ------------------------------------------------------------------------- over HTTP


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            {"type": "extension_granted", "new_deadline": "2022-09-30"},
            "extension_awaiting_verification",
        ),
        ({"type": "completion_verified", "effective_on": "2022-02-19"}, "verdict_before_report"),
        (
            {"type": "completion_rejected", "reason": "Thiếu", "effective_on": "2022-02-19"},
            "verdict_before_report",
        ),
    ],
    ids=["grant", "verify", "reject"],
)
def test_the_api_answers_409_naming_the_rule(
    app: LedgerApplication, body: dict[str, str], rule: str
) -> None:
    directive_id = reported_with_open_request(app)
    token, _principal = app.register_principal(
        app.context(SYSTEM_ACTOR), name="Văn phòng UBND tỉnh", role=Role.ISSUER
    )
    before = app.max_position()
    with TestClient(create_app(ledger=app)) as client:
        response = client.post(
            f"/v1/directives/{directive_id}/events",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["rule"] == rule
    assert app.max_position() == before
