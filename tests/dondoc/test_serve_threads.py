"""The follow-up runners as threads of the API (``serve``): the app's lifespan starts the
delivery runner always and the reminder runner when asked (``serve --remind``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from ledger.api.app import create_app
from ledger.api.follow_up import install_follow_up
from ledger.application.subscriptions import SubscriptionService
from ledger.domain.values import Actor, Role
from tests.dondoc.support import Clock, Receiver, issue, make_app, reminders_of

DEADLINE = date(2022, 6, 30)


def eventually(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_serve_reminds_and_delivers(sqlite_url: str) -> None:
    ledger = make_app(sqlite_url, Clock(DEADLINE))
    receiver = Receiver().start()
    try:
        SubscriptionService(ledger).create(
            Actor(id="admin", role=Role.ADMIN), sink=receiver.url, types=["reminded"]
        )
        d = issue(ledger, DEADLINE, issued_on=date(2022, 1, 1))
        app = install_follow_up(create_app(ledger=ledger), remind=True)
        with TestClient(app):
            assert eventually(lambda: len(reminders_of(ledger, d)) == 1)
            assert eventually(lambda: len(receiver.received) == 1)
        [got] = receiver.received
        assert got.envelope["type"] == "ledger.reminded"
        assert got.envelope["subject"] == str(d)
    finally:
        receiver.stop()
        ledger.close()


def test_serve_without_remind_records_nothing(sqlite_url: str) -> None:
    ledger = make_app(sqlite_url, Clock(DEADLINE))
    try:
        d = issue(ledger, DEADLINE, issued_on=date(2022, 1, 1))
        with TestClient(install_follow_up(create_app(ledger=ledger), remind=False)):
            time.sleep(1.0)
        assert reminders_of(ledger, d) == []
    finally:
        ledger.close()
