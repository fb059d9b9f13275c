"""E-mail of reminders: each ``Reminded`` event of the log, sent over SMTP to the contact
address of its unit, in log order from a position kept in the database (a row of the
deliveries table named ``mail:reminders``), so a restarted mailer neither skips nor, but
for the one message in flight at a crash, repeats one.

The addresses come from ``LEDGER_UNIT_CONTACTS`` (unit -> address) until the units'
contacts are recorded in the ledger; a unit without an address gets no e-mail.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from ledger.application.feed import EventFeed, FeedEvent, FeedFilter
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.domain.reminders import EVENT_TYPE
from ledger.store.delivery_tables import DELIVERIES_TABLE, DeliveryDatabase

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

log = logging.getLogger(__name__)
MAILER_ID = "mail:reminders"


def reminder_message(event: FeedEvent, sender: str, to: str) -> EmailMessage:
    data: dict[str, Any] = event.envelope["data"]["data"]
    reminder = data.get("reminder") or {}
    days = int(reminder.get("days", 0))
    deadline = reminder.get("deadline")
    if days < 0:
        when_vi, when_en = f"còn {-days} ngày đến hạn", f"due in {-days} days"
    elif days == 0:
        when_vi, when_en = "đến hạn hôm nay", "due today"
    else:
        when_vi, when_en = f"quá hạn {days} ngày", f"{days} days overdue"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"Đôn đốc: nhiệm vụ {when_vi} ({deadline}) / Reminder: {when_en}"
    message["Message-ID"] = f"<reminder-{event.position}@directive-ledger>"
    message.set_content(
        f"Đơn vị chủ trì: {reminder.get('unit')}\n"
        f"Nhiệm vụ: {event.aggregate_id}\n"
        f"Hạn xử lý: {deadline} ({when_vi})\n\n"
        f"Lead unit: {reminder.get('unit')}\nDirective: {event.aggregate_id}\n"
        f"Deadline in force: {deadline} ({when_en})\n"
        f"Log position: {event.position}\n"
    )
    return message


class ReminderMailer:
    def __init__(self, app: LedgerApplication, settings: FollowUpSettings) -> None:
        self.app = app
        self.settings = settings
        self.db = DeliveryDatabase(app.ledger_recorder.datastore)
        self.db.setup()
        self.feed = EventFeed(app)
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"INSERT INTO {self.db.table(DELIVERIES_TABLE)} (subscription_id, position) "
                "VALUES (?, 0) ON CONFLICT (subscription_id) DO NOTHING",
                (MAILER_ID,),
            )

    def position(self) -> int:
        rows = self.db.rows(
            f"SELECT position FROM {self.db.table(DELIVERIES_TABLE)} WHERE subscription_id = ?",
            (MAILER_ID,),
        )
        return int(rows[0]["position"])

    def run_once(self) -> int:
        """Send the e-mails of the reminders recorded since the last pass; how many. An
        unreachable server stops the pass (the next one starts from the same event)."""
        if not self.settings.smtp_host:
            return 0
        sent = 0
        position = self.position()
        while True:
            events, scanned = self.feed.after(
                position, 100, FeedFilter(types=frozenset({EVENT_TYPE}))
            )
            for event in events:
                to = self.settings.unit_contacts.get(event.unit or "")
                if to is not None:
                    try:
                        self._send(reminder_message(event, self.settings.mail_from, to))
                    except (OSError, smtplib.SMTPException) as e:
                        log.warning("the reminder e-mail failed (%s); retrying", type(e).__name__)
                        return sent
                    sent += 1
                self._advance(position, event.position)
                position = event.position
            if scanned > position:
                self._advance(position, scanned)
                position = scanned
            if not events:
                return sent

    def _send(self, message: EmailMessage) -> None:
        assert self.settings.smtp_host is not None
        with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)

    def _advance(self, old: int, new: int) -> None:
        with self.db.transaction(commit=True) as c:
            self.db.execute(
                c,
                f"UPDATE {self.db.table(DELIVERIES_TABLE)} SET position = ? "
                "WHERE subscription_id = ? AND position = ?",
                (new, MAILER_ID, old),
            )
