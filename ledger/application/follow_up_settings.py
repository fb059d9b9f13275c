"""Settings of the follow-up runners (reminders, webhooks, e-mail, the SSE stream), read
from the environment (``LEDGER_*``); each malformed value is a ``ConfigurationError``
naming its variable."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ledger.domain.reminders import DEFAULT_THRESHOLDS, parse_thresholds
from ledger.settings import ConfigurationError

DAY = 24 * 3600


@dataclass(frozen=True)
class FollowUpSettings:
    reminder_thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS
    reminder_interval: float = 60.0
    # Webhooks: the answer's time limit, the backoff (base * 2**attempt with full jitter,
    # at most ``backoff_max``), how long a delivery may fail before it is parked, and
    # how long a runner holds a subscription (a killed runner's lease runs out).
    webhook_timeout: float = 10.0
    backoff_base: float = 1.0
    backoff_max: float = 3600.0
    dead_letter_after: float = DAY
    lease_seconds: float = 30.0
    deliver_interval: float = 0.5
    sse_heartbeat: float = 15.0
    # E-mail of reminders: the SMTP server, the sender, and unit -> address (until the
    # units' own contact addresses are recorded in the ledger).
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "directive-ledger@localhost"
    unit_contacts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> FollowUpSettings:
        env = os.environ if env is None else env
        thresholds = DEFAULT_THRESHOLDS
        raw = env.get("LEDGER_REMINDER_THRESHOLDS")
        if raw:
            try:
                thresholds = parse_thresholds(raw)
            except ValueError as e:
                raise ConfigurationError("LEDGER_REMINDER_THRESHOLDS", str(e)) from None
        return cls(
            reminder_thresholds=thresholds,
            reminder_interval=_seconds(env, "LEDGER_REMINDER_INTERVAL", 60.0),
            webhook_timeout=_seconds(env, "LEDGER_WEBHOOK_TIMEOUT", 10.0),
            backoff_base=_seconds(env, "LEDGER_WEBHOOK_BACKOFF_BASE", 1.0),
            backoff_max=_seconds(env, "LEDGER_WEBHOOK_BACKOFF_MAX", 3600.0),
            dead_letter_after=_seconds(env, "LEDGER_WEBHOOK_DEAD_LETTER_AFTER", DAY),
            lease_seconds=_seconds(env, "LEDGER_WEBHOOK_LEASE", 30.0),
            deliver_interval=_seconds(env, "LEDGER_DELIVER_INTERVAL", 0.5),
            sse_heartbeat=_seconds(env, "LEDGER_SSE_HEARTBEAT", 15.0),
            smtp_host=env.get("LEDGER_SMTP_HOST") or None,
            smtp_port=int(_seconds(env, "LEDGER_SMTP_PORT", 25)),
            mail_from=env.get("LEDGER_MAIL_FROM") or "directive-ledger@localhost",
            unit_contacts=_contacts(env),
        )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(name, f"must be a number, got {raw!r}") from None
    if value < 0:
        raise ConfigurationError(name, f"must not be negative, got {raw!r}")
    return value


def _contacts(env: Mapping[str, str]) -> dict[str, str]:
    """``LEDGER_UNIT_CONTACTS``: a JSON object unit -> address, or the path of a file
    holding one."""
    raw = env.get("LEDGER_UNIT_CONTACTS")
    if not raw:
        return {}
    text = raw
    if not raw.lstrip().startswith("{"):
        try:
            text = Path(raw).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigurationError("LEDGER_UNIT_CONTACTS", f"cannot read {raw}: {e}") from None
    try:
        loaded = json.loads(text)
    except ValueError:
        raise ConfigurationError("LEDGER_UNIT_CONTACTS", "must be a JSON object") from None
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
    ):
        raise ConfigurationError("LEDGER_UNIT_CONTACTS", "must map unit names to addresses")
    return dict(loaded)
