"""Builders for the follow-up tests: a clock the test moves, directives with deadlines,
a webhook receiver on loopback that answers from a script."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LEAD_UNIT = "Sở Kế hoạch và Đầu tư"
OTHER_UNIT = "Sở Tài chính"
ISSUER = Actor(id="issuer-1", role=Role.ISSUER, name="Văn phòng UBND tỉnh")
LEAD = Actor(id="unit-1", role=Role.UNIT, unit=LEAD_UNIT)
OTHER = Actor(id="unit-2", role=Role.UNIT, unit=OTHER_UNIT)


class Clock:
    """The ledger's clock, moved by the test a day at a time."""

    def __init__(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HCM)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HCM)

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


def make_app(url: str, clock: Callable[[], datetime] | None = None) -> LedgerApplication:
    return LedgerApplication(Settings.from_env({}, database_url=url), clock=clock)


def issue(
    app: LedgerApplication,
    deadline: date | None,
    *,
    issued_on: date | None = None,
    unit: str = LEAD_UNIT,
    title: str = "Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
) -> UUID:
    return app.issue_directive(
        app.context(ISSUER),
        title=title,
        text="Báo cáo kết quả trước hạn",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=unit,
        deadline=deadline,
        effective_on=issued_on,
    ).id


def accept(app: LedgerApplication, directive_id: UUID, actor: Actor = LEAD) -> None:
    app.record_follow_up(directive_id, c.Accept(), app.context(actor))


def extend(app: LedgerApplication, directive_id: UUID, new_deadline: date) -> None:
    lead = Actor(id="lead", role=Role.UNIT, unit=app.get_directive(directive_id).lead_unit)
    app.record_follow_up(
        directive_id,
        c.RequestExtension(requested_deadline=new_deadline, reason="Chờ ý kiến của Bộ"),
        app.context(lead),
    )
    app.record_follow_up(
        directive_id, c.GrantExtension(new_deadline=new_deadline), app.context(ISSUER)
    )


def reminders_of(app: LedgerApplication, directive_id: UUID) -> list[dict[str, Any]]:
    return [e for e in app.history(directive_id) if e["type"] == "reminded"]


# ------------------------------------------------------------------ webhook receiver


@dataclass
class Received:
    webhook_id: str
    timestamp: str
    signature: str
    content_type: str
    body: bytes
    at: float

    @property
    def envelope(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded


@dataclass
class Receiver:
    """Answers each POST from ``script`` (then 200): an int status, ``("429", seconds)``
    or ``("sleep", seconds)`` (longer than the sender's time limit: a timeout)."""

    script: list[Any] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    answered: list[Any] = field(default_factory=list)
    delay: float = 0.0  # before every answer
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> Receiver:
        receiver = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                time.sleep(receiver.delay)
                with lock:
                    action = receiver.script.pop(0) if receiver.script else 200
                    receiver.answered.append(action)
                if isinstance(action, tuple) and action[0] == "sleep":
                    time.sleep(action[1])
                    action = 200  # too late: the sender has given up
                else:
                    receiver.received.append(
                        Received(
                            self.headers.get("webhook-id", ""),
                            self.headers.get("webhook-timestamp", ""),
                            self.headers.get("webhook-signature", ""),
                            self.headers.get("Content-Type", ""),
                            body,
                            time.monotonic(),
                        )
                    )
                if isinstance(action, tuple) and action[0] == "429":
                    self.send_response(429)
                    self.send_header("Retry-After", str(action[1]))
                else:
                    self.send_response(int(action))
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def accepted_ids(self) -> list[int]:
        """The webhook ids of the deliveries answered 2xx, in the order received."""
        ids: list[int] = []
        answers = [a for a in self.answered if not (isinstance(a, tuple) and a[0] == "sleep")]
        for got, answer in zip(self.received, answers, strict=False):
            if isinstance(answer, int) and 200 <= answer < 300:
                ids.append(int(got.webhook_id))
        return ids
