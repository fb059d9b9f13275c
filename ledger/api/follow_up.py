"""The follow-up runners beside the API (``serve``): the webhook delivery runner, and, when
asked (``serve --remind`` or ``LEDGER_REMINDERS=1``), the reminder runner and its
mailer, each a thread started by the app's lifespan (``app.state.workers``).

Reminders are off by default because they write events: a ledger served for reading,
or with ``remind --follow`` running elsewhere, records none of its own.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from fastapi import FastAPI

from ledger.application.delivery import DeliveryRunner
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.mailer import ReminderMailer
from ledger.application.reminders import ReminderRunner

REMINDERS_ENV = "LEDGER_REMINDERS"


class FollowUpWorker:
    def __init__(self, state: Any, *, deliver: bool = True, remind: bool = False) -> None:
        self.state = state
        self.deliver = deliver
        self.remind = remind
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._delivery: DeliveryRunner | None = None

    def start(self) -> None:
        ledger = self.state.ledger
        settings = FollowUpSettings.from_env()
        self._stop.clear()
        if self.deliver:
            self._delivery = DeliveryRunner(ledger, settings)
            self._spawn("ledger-deliver", self._delivery_follow)
        if self.remind:
            mailer = ReminderMailer(ledger, settings)
            runner = ReminderRunner(
                ledger, settings.reminder_thresholds, after_pass=mailer.run_once
            )
            self._spawn(
                "ledger-remind", lambda: runner.follow(settings.reminder_interval, self._stop)
            )

    def _delivery_follow(self) -> None:
        assert self._delivery is not None
        self._delivery.follow(self._stop)

    def _spawn(self, name: str, target: Any) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        if self._delivery is not None:
            self._delivery.stop()
        for thread in self._threads:
            thread.join(timeout=15)
        self._threads = []
        if self._delivery is not None:
            self._delivery.close()
            self._delivery = None


def install_follow_up(app: FastAPI, *, remind: bool | None = None) -> FastAPI:
    """Add the follow-up worker to the app's workers; ``remind`` None: from
    ``LEDGER_REMINDERS``."""
    if remind is None:
        remind = os.environ.get(REMINDERS_ENV, "0").strip() == "1"
    app.state.workers.append(FollowUpWorker(app.state, remind=remind))
    return app
