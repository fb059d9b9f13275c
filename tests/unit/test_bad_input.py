"""Bad input at the application: a clear error naming the field or the rule, nothing
appended, and never an unexpected exception (which the API would turn into a 500)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from ledger_helpers import (
    DEADLINE,
    EVIDENCE,
    ISSUER,
    LEAD,
    TODAY,
    directive_in,
    follow,
    issue,
    refused,
)

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.settings import ConfigurationError, DatabaseURL, Settings


def test_percent_140(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    with refused(app, directive_id, errors.InvalidValue, "percent_range", field="percent"):
        follow(app, directive_id, c.ReportProgress(percent=140, narrative="Vượt"), LEAD)


def test_empty_narrative(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    with refused(app, directive_id, errors.InvalidValue, "text_required", field="narrative"):
        follow(app, directive_id, c.ReportProgress(percent=10, narrative=""), LEAD)
    with refused(app, directive_id, errors.InvalidValue, "text_required", field="narrative"):
        follow(app, directive_id, c.ReportCompletion(narrative=" ", evidence=EVIDENCE), LEAD)


def test_new_deadline_before_the_current_one(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    follow(
        app, directive_id, c.RequestExtension(requested_deadline=date(2022, 9, 1), reason="r"), LEAD
    )
    with refused(
        app, directive_id, errors.DeadlineNotLater, "deadline_not_later", field="new_deadline"
    ):
        follow(
            app, directive_id, c.GrantExtension(new_deadline=DEADLINE - timedelta(days=30)), ISSUER
        )


def test_unknown_directive(app: LedgerApplication) -> None:
    issue(app)
    unknown = UUID("00000000-0000-4000-8000-000000000001")
    with refused(app, None, errors.NotFound, "not_found"):
        follow(app, unknown, c.Accept(), LEAD)
    with refused(app, None, errors.NotFound, "not_found"):
        app.history(unknown)
    with refused(app, None, errors.NotFound, "not_found"):
        app.get_directive(unknown)


def test_a_meeting_is_not_a_directive(app: LedgerApplication) -> None:
    meeting = app.record_meeting(
        app.context(ISSUER), title="Họp", held_on=TODAY, chair="A", host_body="B"
    )
    with refused(app, None, errors.NotFound, "not_found"):
        follow(app, meeting.id, c.Accept(), LEAD)
    with refused(app, None, errors.InvalidValue, "unknown_parent", field="parent_id"):
        app.issue_directive(
            app.context(ISSUER),
            title="t",
            text="x",
            issuer="I",
            lead_unit="U",
            parent_id=meeting.id,
        )
    directive_id = issue(app)
    with refused(app, None, errors.InvalidValue, "unknown_meeting", field="meeting_id"):
        app.issue_directive(
            app.context(ISSUER),
            title="t",
            text="x",
            issuer="I",
            lead_unit="U",
            meeting_id=directive_id,
        )


@pytest.mark.parametrize(
    ("command", "field", "rule"),
    [
        (c.ReportProgress(percent=5, narrative=None), "narrative", "text_type"),  # type: ignore[arg-type]
        (
            c.ReportProgress(percent=5, narrative="n", evidence="12/BC"),
            "evidence",
            "evidence_format",
        ),  # type: ignore[arg-type]
        (
            c.ReportProgress(percent=5, narrative="n", evidence=["12/BC"]),
            "evidence[0]",
            "evidence_format",
        ),  # type: ignore[list-item]
        (c.Annotate(refers_to_version=1, text=12), "text", "text_type"),  # type: ignore[arg-type]
        (c.Withdraw(reason=["a"]), "reason", "text_type"),  # type: ignore[arg-type]
    ],
    ids=["narrative-none", "evidence-str", "evidence-item-str", "text-int", "reason-list"],
)
def test_values_of_the_wrong_type(
    app: LedgerApplication, command: c.FollowUp, field: str, rule: str
) -> None:
    directive_id = directive_in(app, "accepted")
    actor = ISSUER if isinstance(command, c.Withdraw) else LEAD
    with refused(app, directive_id, errors.InvalidValue, rule, field=field):
        follow(app, directive_id, command, actor)


def test_units_must_be_a_list(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    reassign = c.Reassign(lead_unit="Sở Tài chính", coordinating_units="Sở Xây dựng", reason="r")  # type: ignore[arg-type]
    with refused(
        app, directive_id, errors.InvalidValue, "units_format", field="coordinating_units"
    ):
        follow(app, directive_id, reassign, ISSUER)
    with refused(app, None, errors.InvalidValue, "text_required", field="lead_unit"):
        app.issue_directive(app.context(ISSUER), title="t", text="x", issuer="I", lead_unit="  ")


def test_as_of_needs_an_offset(app: LedgerApplication) -> None:
    directive_id = issue(app)
    with pytest.raises(errors.InvalidValue) as raised:
        app.get_directive(directive_id, as_of=datetime(2030, 1, 1, 12, 0))
    assert (raised.value.field, raised.value.rule) == ("as_of", "time_offset_required")


MALFORMED_URLS = [
    "mysql://user@host/db",
    "sqlite:///",
    "sqlite://relative.sqlite",
    "postgresql://localhost",
    "postgresql://user@host:port/db",
    "ledger.sqlite",
    "",
]


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_malformed_database_url(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"LEDGER_DATABASE_URL": url}
    if url == "":
        with pytest.raises(ConfigurationError) as raised:
            DatabaseURL.parse(url)
    else:
        with pytest.raises(ConfigurationError) as raised:
            LedgerApplication(Settings.from_env(env))
    assert raised.value.field == "LEDGER_DATABASE_URL"
    assert "LEDGER_DATABASE_URL" in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # nothing created


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LEDGER_MAX_EXTENSIONS", "three"),
        ("LEDGER_MAX_EXTENSIONS", "-1"),
        ("LEDGER_SNAPSHOT_INTERVAL", "0"),
        ("LEDGER_TIMEZONE", "Asia/Hanoi_City"),
    ],
)
def test_malformed_settings_name_their_variable(name: str, value: str, tmp_path: Path) -> None:
    env: dict[str, Any] = {name: value}
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env(env, database_url=f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert raised.value.field == name
    assert list(tmp_path.iterdir()) == []


def test_a_principal_has_no_directive_history(app: LedgerApplication) -> None:
    from ledger.domain.values import SYSTEM_ACTOR, Role

    _token, principal = app.register_principal(
        app.context(SYSTEM_ACTOR), name="Kiểm toán", role=Role.AUDITOR
    )
    with refused(app, None, errors.NotFound, "not_found"):
        app.history(principal.id)
    with refused(app, None, errors.NotFound, "not_found"):
        app.get_directive(principal.id)


def test_a_chosen_id_is_recorded_once(app: LedgerApplication) -> None:
    meeting_id = UUID("00000000-0000-4000-8000-0000000000aa")
    directive_id = UUID("00000000-0000-4000-8000-0000000000bb")
    meeting = {"title": "Họp", "held_on": TODAY, "chair": "A", "host_body": "B"}
    app.record_meeting(app.context(ISSUER), id=meeting_id, **meeting)  # type: ignore[arg-type]
    with refused(app, None, errors.AlreadyRecorded, "already_recorded"):
        app.record_meeting(app.context(ISSUER), id=meeting_id, **meeting)  # type: ignore[arg-type]
    directive = {"title": "t", "text": "x", "issuer": "I", "lead_unit": "U", "id": directive_id}
    app.issue_directive(app.context(ISSUER), meeting_id=meeting_id, **directive)  # type: ignore[arg-type]
    for meeting_of in (meeting_id, None):
        with refused(app, directive_id, errors.AlreadyRecorded, "already_recorded"):
            app.issue_directive(app.context(ISSUER), meeting_id=meeting_of, **directive)  # type: ignore[arg-type]
    assert app.get_meeting(meeting_id).directive_ids == [str(directive_id)]


def test_participants_must_be_a_list(app: LedgerApplication) -> None:
    with refused(app, None, errors.InvalidValue, "list_format", field="participants"):
        app.record_meeting(
            app.context(ISSUER),
            title="Họp",
            held_on=TODAY,
            chair="A",
            host_body="B",
            participants="Phạm Xuân Thăng",  # type: ignore[arg-type]
        )


# The same refusals at the HTTP edge, before the application is asked: bodies that a lax
# parser would coerce (0 as 1970-01-01, "5" or 5.0 or true as 5) are 422 naming the field,
# and the log is exactly as long afterwards.
EDGE_REFUSALS: list[tuple[str, dict[str, Any], str]] = [
    ("/v1/meetings", {"held_on": 0}, "held_on"),
    ("/v1/meetings", {"held_on": "2021-12-10T00:00:00+07:00"}, "held_on"),
    ("/v1/meetings", {"held_on": "1639094400"}, "held_on"),
    ("/v1/meetings", {"title": 7}, "title"),
    ("/v1/meetings", {"source": {"document": "d", "paragraph": 1.0}}, "source.paragraph"),
    ("/v1/meetings", {"source": {"document": "d", "paragraph": False}}, "source.paragraph"),
    ("/v1/directives", {"deadline": 1}, "deadline"),
    ("/v1/directives", {"deadline": "2022-06-31"}, "deadline"),
    ("/v1/directives", {"parent_id": 5}, "parent_id"),
    ("/v1/directives", {"issuer": "\u2003"}, "issuer"),
]


@pytest.mark.parametrize(("path", "change", "field"), EDGE_REFUSALS)
def test_lax_values_are_refused_at_the_edge(
    app: LedgerApplication, path: str, change: dict[str, Any], field: str
) -> None:
    from fastapi.testclient import TestClient

    from ledger.api.app import create_app
    from ledger.domain.values import SYSTEM_ACTOR, Role

    token, _principal = app.register_principal(
        app.context(SYSTEM_ACTOR), name="Văn phòng", role=Role.ISSUER
    )
    base: dict[str, Any] = {
        "/v1/meetings": {"title": "Họp", "held_on": "2022-03-01", "chair": "A", "host_body": "B"},
        "/v1/directives": {"title": "t", "text": "x", "issuer": "I", "lead_unit": "U"},
    }[path]
    before = app.max_position()
    with TestClient(create_app(ledger=app)) as client:
        answer = client.post(
            path, json={**base, **change}, headers={"Authorization": f"Bearer {token}"}
        )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert app.max_position() == before
