"""Invitations, passwords, sessions and throttling, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ledger.application import LedgerApplication
from ledger.application.sessions import (
    MAX_FAILURES_PER_ACCOUNT,
    SignInRefused,
    SignIns,
    Throttled,
)
from ledger.domain import errors
from ledger.domain.values import Role
from tests.unit.ledger_helpers import make_app

PASSWORD = "mật khẩu đủ dài 42"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app(database_url: str) -> Any:
    ledger = make_app(database_url)
    yield ledger
    ledger.close()


def _stored_bytes(app: LedgerApplication) -> bytes:
    rows = app.recorder.select_notifications(0, 10_000)
    return b"".join(bytes(r.state) for r in rows)


def test_invite_set_password_sign_in_and_out(app: LedgerApplication) -> None:
    clock = Clock()
    sign_ins = SignIns(app, clock=clock)
    token, principal = sign_ins.invite(name="Nguyễn Văn A", role=Role.UNIT, unit="Sở Tài chính")
    assert sign_ins.invitation(token) is not None
    sign_ins.accept_invitation(token, "nva.stc", PASSWORD)
    # One-time: the link cannot be used again.
    assert sign_ins.invitation(token) is None
    with pytest.raises(errors.InvalidValue):
        sign_ins.accept_invitation(token, "other", PASSWORD)
    cookie, session = sign_ins.sign_in("NVA.STC", PASSWORD, "10.0.0.1")
    assert session.actor.id == str(principal.id)
    assert session.actor.unit == "Sở Tài chính"
    found = sign_ins.session(cookie)
    assert found is not None
    assert found.csrf_token == session.csrf_token
    sign_ins.sign_out(cookie)
    assert sign_ins.session(cookie) is None
    # The log says a credential was set, never the hash nor the password.
    history = app.recorder.select_events(principal.id)
    assert [e.topic.rsplit(".", 1)[-1] for e in history][-1] == "CredentialSet"
    stored = _stored_bytes(app)
    assert b"argon2" not in stored
    assert PASSWORD.encode() not in stored
    assert json.loads(history[-1].state)["username"] == "nva.stc"


def test_session_expires(app: LedgerApplication) -> None:
    clock = Clock()
    sign_ins = SignIns(app, clock=clock, session_seconds=60)
    token, _ = sign_ins.invite(name="B", role=Role.ISSUER)
    sign_ins.accept_invitation(token, "issuer.b", PASSWORD)
    cookie, _ = sign_ins.sign_in("issuer.b", PASSWORD, "10.0.0.2")
    clock.now += 61
    assert sign_ins.session(cookie) is None


def test_invitation_expires(app: LedgerApplication) -> None:
    clock = Clock()
    sign_ins = SignIns(app, clock=clock)
    token, _ = sign_ins.invite(name="C", role=Role.AUDITOR)
    clock.now += 8 * 24 * 3600
    with pytest.raises(errors.InvalidValue) as refused:
        sign_ins.accept_invitation(token, "auditor.c", PASSWORD)
    assert refused.value.rule == "invitation_invalid"


def test_failed_sign_ins_are_throttled_per_account(app: LedgerApplication) -> None:
    clock = Clock()
    sign_ins = SignIns(app, clock=clock)
    token, _ = sign_ins.invite(name="D", role=Role.ISSUER)
    sign_ins.accept_invitation(token, "issuer.d", PASSWORD)
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(SignInRefused):
            sign_ins.sign_in("issuer.d", "wrong password", "10.0.0.3")
    # Even the right password is refused now, from another address too.
    with pytest.raises(Throttled) as throttled:
        sign_ins.sign_in("issuer.d", PASSWORD, "10.0.0.4")
    assert throttled.value.retry_after > 0
    clock.now += 16 * 60
    cookie, _ = sign_ins.sign_in("issuer.d", PASSWORD, "10.0.0.4")
    assert sign_ins.session(cookie) is not None


def test_revoked_credential_ends_sessions(app: LedgerApplication) -> None:
    sign_ins = SignIns(app, clock=Clock())
    token, principal = sign_ins.invite(name="E", role=Role.ISSUER)
    sign_ins.accept_invitation(token, "issuer.e", PASSWORD)
    cookie, _ = sign_ins.sign_in("issuer.e", PASSWORD, "10.0.0.5")
    sign_ins.revoke_credential(principal.id, reason="left the office")
    assert sign_ins.session(cookie) is None
    with pytest.raises(SignInRefused):
        sign_ins.sign_in("issuer.e", PASSWORD, "10.0.0.5")
    topics = [e.topic.rsplit(".", 1)[-1] for e in app.recorder.select_events(principal.id)]
    assert topics[-2:] == ["CredentialSet", "CredentialRevoked"]


def test_weak_password_and_bad_username_are_refused(app: LedgerApplication) -> None:
    sign_ins = SignIns(app, clock=Clock())
    token, _ = sign_ins.invite(name="F", role=Role.ISSUER)
    with pytest.raises(errors.InvalidValue) as short:
        sign_ins.accept_invitation(token, "issuer.f", "short")
    assert short.value.rule == "password_length"
    with pytest.raises(errors.InvalidValue) as bad:
        sign_ins.accept_invitation(token, "a b", PASSWORD)
    assert bad.value.rule == "username_format"
    # The invitation is still good after a refusal.
    assert sign_ins.invitation(token) is not None


def test_failed_sign_ins_are_throttled_per_address(app: LedgerApplication) -> None:
    from ledger.application.sessions import MAX_FAILURES_PER_ADDRESS

    sign_ins = SignIns(app, clock=Clock())
    token, _ = sign_ins.invite(name="G", role=Role.ISSUER)
    sign_ins.accept_invitation(token, "issuer.g", PASSWORD)
    # Many accounts tried from one address: the address is stopped, others are not.
    for n in range(MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(SignInRefused):
            sign_ins.sign_in(f"guess{n}", "wrong password", "10.9.9.9")
    with pytest.raises(Throttled):
        sign_ins.sign_in("issuer.g", PASSWORD, "10.9.9.9")
    cookie, _ = sign_ins.sign_in("issuer.g", PASSWORD, "10.0.0.7")
    assert sign_ins.session(cookie) is not None


def test_the_access_log_never_shows_an_invitation_token() -> None:
    import logging

    from ledger.web.workspace.access_log import MaskInvitations

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.1:5000", "GET", "/invitations/inv_SECRETtoken?lang=en", "1.1", 200), None,
    )  # fmt: skip
    assert MaskInvitations().filter(record)
    assert "SECRET" not in record.getMessage()
    assert "/invitations/***?lang=en" in record.getMessage()


def test_a_redirect_after_sign_in_stays_on_the_site() -> None:
    from ledger.web.workspace.pages import local_path

    assert local_path("/directives/1") == "/directives/1"
    for outside in ("//evil.example", "/\\evil.example", "https://evil.example", None):
        assert local_path(outside) == "/"
