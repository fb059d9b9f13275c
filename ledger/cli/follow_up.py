"""``remind`` and ``deliver``: the reminder runner and the webhook delivery runner, each as
a process of its own (``serve`` also runs them as threads; ledger/api/follow_up.py)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from ledger.application.delivery import DeliveryRunner
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.mailer import ReminderMailer
from ledger.application.reminders import ReminderRunner
from ledger.cli.common import DatabaseOption, configuration_error, console, open_ledger
from ledger.settings import ConfigurationError

app = typer.Typer()

FollowOption = Annotated[
    bool, typer.Option("--follow", help="Keep running (until SIGTERM or Ctrl-C).")
]


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def _settings() -> FollowUpSettings:
    try:
        return FollowUpSettings.from_env()
    except ConfigurationError as e:
        raise configuration_error(e) from None


@app.command("remind")
def remind(follow: FollowOption = False, database_url: DatabaseOption = None) -> None:
    """Record the reminders due today (Reminded events, once each) and e-mail them to the
    units with a contact address."""
    settings = _settings()
    ledger = open_ledger(database_url)
    mailer = ReminderMailer(ledger, settings)
    runner = ReminderRunner(ledger, settings.reminder_thresholds, after_pass=mailer.run_once)
    try:
        if not follow:
            recorded = runner.run_once()
            sent = mailer.run_once()
            console.print(f"{len(recorded)} reminders recorded, {sent} e-mails sent")
            return
        runner.follow(settings.reminder_interval, stop=_stop_on_signals())
    finally:
        ledger.close()


@app.command("deliver")
def deliver(follow: FollowOption = False, database_url: DatabaseOption = None) -> None:
    """Deliver the log's events to the webhook subscriptions, in order, each from its
    position kept in the database."""
    settings = _settings()
    ledger = open_ledger(database_url)
    runner = DeliveryRunner(ledger, settings)
    try:
        if not follow:
            delivered = runner.run_once()
            console.print(f"{delivered} deliveries")
            return
        runner.follow(stop=_stop_on_signals())
    finally:
        ledger.close()
