"""Reminders by e-mail over SMTP (a local aiosmtpd server on loopback): one message per
Reminded event to the unit's contact address, none for a unit without one, none again
after a restart of the mailer."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ledger.application import LedgerApplication
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.mailer import ReminderMailer
from ledger.application.reminders import ReminderRunner
from ledger.settings import ConfigurationError
from tests.dondoc.support import LEAD_UNIT, OTHER_UNIT, Clock, accept, issue, make_app

DEADLINE = date(2022, 6, 30)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def ledger(database_url: str) -> Iterator[LedgerApplication]:
    app = make_app(database_url, Clock(DEADLINE))
    yield app
    app.close()


def test_reminders_are_mailed_once(ledger: LedgerApplication, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    settings = FollowUpSettings.from_env(
        {
            "LEDGER_SMTP_HOST": "127.0.0.1",
            "LEDGER_SMTP_PORT": str(port),
            "LEDGER_MAIL_FROM": "theodoi@tinh.gov.vn",
            "LEDGER_UNIT_CONTACTS": f'{{"{LEAD_UNIT}": "skhdt@tinh.gov.vn"}}',
        }
    )
    ours = issue(ledger, DEADLINE, issued_on=date(2022, 1, 1))
    accept(ledger, ours)
    issue(ledger, DEADLINE, issued_on=date(2022, 1, 1), unit=OTHER_UNIT)  # no address
    assert len(ReminderRunner(ledger).run_once()) == 2
    assert ReminderMailer(ledger, settings).run_once() == 1
    assert ReminderMailer(ledger, settings).run_once() == 0  # a restarted mailer
    [(to, message)] = inbox.messages
    assert to == ["skhdt@tinh.gov.vn"]
    assert message["From"] == "theodoi@tinh.gov.vn"
    assert "Đôn đốc" in str(message["Subject"])
    assert "due today" in str(message["Subject"])
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode("utf-8")
    assert LEAD_UNIT in text
    assert str(ours) in text
    assert "2022-06-30" in text


def test_contacts_setting_is_checked() -> None:
    with pytest.raises(ConfigurationError, match="LEDGER_UNIT_CONTACTS"):
        FollowUpSettings.from_env({"LEDGER_UNIT_CONTACTS": '{"a": 1}'})
    with pytest.raises(ConfigurationError, match="LEDGER_REMINDER_THRESHOLDS"):
        FollowUpSettings.from_env({"LEDGER_REMINDER_THRESHOLDS": "-7,x"})
    assert FollowUpSettings.from_env(
        {"LEDGER_REMINDER_THRESHOLDS": "3,-3"}
    ).reminder_thresholds == (
        -3,
        3,
    )
