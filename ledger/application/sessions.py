"""People who sign in: one-time invitations, passwords (argon2id), sessions in the
ledger's database and failed sign-ins throttled per account and per address.

A person is a Principal like a machine's token: same roles, same actor. The password
hash, the invitation and the session are rows beside the log (``WorkspaceDB``); the log
records only ``Principal.CredentialSet`` / ``CredentialRevoked``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ledger.domain import errors
from ledger.domain.principal import Principal
from ledger.domain.values import SYSTEM_ACTOR, Actor, Role
from ledger.store.workspace_db import WorkspaceDB

if TYPE_CHECKING:
    from ledger.application.core import LedgerApplication

INVITE_SECONDS = 7 * 24 * 3600
SESSION_SECONDS = 8 * 3600
THROTTLE_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")

# argon2id (the library's default type) with its RFC 9106 low-memory profile.
_hasher = PasswordHasher()
# A hash to verify against when the account is unknown: the answer takes as long.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SignInRefused(errors.DomainError):
    """Wrong username or password (which of the two is not said)."""

    rule = "sign_in_refused"


class Throttled(errors.DomainError):
    """Too many failed sign-ins lately, for this account or from this address."""

    rule = "sign_in_throttled"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Session:
    """A signed-in person: who, the session's CSRF token, when it ends."""

    actor: Actor
    csrf_token: str
    expires_at: float


class SignIns:
    def __init__(
        self,
        ledger: LedgerApplication,
        *,
        clock: Callable[[], float] = time.time,
        session_seconds: int = SESSION_SECONDS,
    ) -> None:
        self.ledger = ledger
        self.db = WorkspaceDB(ledger.recorder.datastore)  # type: ignore[attr-defined]
        self.clock = clock
        self.session_seconds = session_seconds

    # ------------------------------------------------------------------ invite

    def invite(
        self, *, name: str, role: Role, unit: str | None = None, actor: Actor = SYSTEM_ACTOR
    ) -> tuple[str, Principal]:
        """A new principal and the one-time token of its invitation (only its hash is
        kept). The principal's bearer token is never shown: a person signs in instead."""
        _unused_token, principal = self.ledger.register_principal(
            self.ledger.context(actor), name=name, role=role, unit=unit
        )
        token = "inv_" + secrets.token_urlsafe(32)
        self.db.execute(
            "INSERT INTO {ledger_invites} (token_sha256, principal_id, expires_at) VALUES (?,?,?)",
            (_sha256(token), str(principal.id), self.clock() + INVITE_SECONDS),
        )
        return token, principal

    def invitation(self, token: str) -> Principal | None:
        """The principal an unused, unexpired invitation is for."""
        rows = self.db.query(
            "SELECT principal_id, expires_at, used_at FROM {ledger_invites} WHERE token_sha256 = ?",
            (_sha256(token),),
        )
        if not rows or rows[0]["used_at"] is not None or rows[0]["expires_at"] < self.clock():
            return None
        principal = self._principal(rows[0]["principal_id"])
        return None if principal is None or principal.revoked else principal

    def accept_invitation(self, token: str, username: str, password: str) -> Principal:
        """Set the username and password of the invited principal (once)."""
        principal = self.invitation(token)
        if principal is None:
            raise errors.InvalidValue(
                "token", "the invitation is unknown, used or expired", rule="invitation_invalid"
            )
        username = check_username(username)
        check_password(password)
        taken = self.db.query(
            "SELECT principal_id FROM {ledger_credentials} WHERE username = ?", (username,)
        )
        if taken and taken[0]["principal_id"] != str(principal.id):
            raise errors.InvalidValue("username", "this username is taken", rule="username_taken")
        ctx = self.ledger.context(principal.actor())
        principal.set_credential(ctx=ctx, username=username)
        self.db.execute(
            "DELETE FROM {ledger_credentials} WHERE principal_id = ?", (str(principal.id),)
        )
        self.db.execute(
            "INSERT INTO {ledger_credentials} (principal_id, username, password_hash, set_at) "
            "VALUES (?,?,?,?)",
            (str(principal.id), username, _hasher.hash(password), self.clock()),
        )
        self.db.execute(
            "UPDATE {ledger_invites} SET used_at = ? WHERE token_sha256 = ?",
            (self.clock(), _sha256(token)),
        )
        self.ledger.save(principal)
        return principal

    def revoke_credential(
        self, principal_id: UUID, *, reason: str | None = None, actor: Actor = SYSTEM_ACTOR
    ) -> None:
        """End the person's password and every session of theirs (their events stay)."""
        principal = self._principal(str(principal_id))
        if principal is None:
            raise errors.NotFound(f"no principal {principal_id}")
        principal.revoke_credential(ctx=self.ledger.context(actor), reason=reason)
        self.db.execute(
            "DELETE FROM {ledger_credentials} WHERE principal_id = ?", (str(principal_id),)
        )
        self.db.execute(
            "UPDATE {ledger_sessions} SET ended_at = ? WHERE principal_id = ? AND ended_at IS NULL",
            (self.clock(), str(principal_id)),
        )
        self.ledger.save(principal)

    # ----------------------------------------------------------------- sign in

    def sign_in(self, username: str, password: str, address: str) -> tuple[str, Session]:
        """A new session (its cookie token, shown once, and the session) or a refusal.

        Throttled first, so a locked account's password is not even checked."""
        account = "account:" + username.strip().lower()[:64]
        where = "address:" + address[:64]
        self._refuse_if_throttled(account, MAX_FAILURES_PER_ACCOUNT)
        self._refuse_if_throttled(where, MAX_FAILURES_PER_ADDRESS)
        rows = self.db.query(
            "SELECT principal_id, password_hash FROM {ledger_credentials} WHERE username = ?",
            (username.strip().lower(),),
        )
        stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
        ok = False
        if len(password) <= MAX_PASSWORD_LENGTH:
            try:
                ok = _hasher.verify(stored, password) and bool(rows)
            except (VerificationError, InvalidHashError):
                ok = False
        principal = self._principal(rows[0]["principal_id"]) if ok else None
        if principal is None or principal.revoked:
            now = self.clock()
            # Failures older than the window count for nothing: forget them as we go.
            self.db.execute(
                "DELETE FROM {ledger_signin_failures} WHERE at < ?",
                (now - THROTTLE_WINDOW_SECONDS,),
            )
            for subject in (account, where):
                self.db.execute(
                    "INSERT INTO {ledger_signin_failures} (subject, at) VALUES (?,?)",
                    (subject, now),
                )
            raise SignInRefused("the username or the password is wrong")
        self.db.execute("DELETE FROM {ledger_signin_failures} WHERE subject = ?", (account,))
        return self._new_session(principal)

    def session(self, token: str) -> Session | None:
        """The live session of a cookie's token (None: unknown, ended or expired)."""
        if not token or len(token) > 128:
            return None
        rows = self.db.query(
            "SELECT principal_id, csrf_token, expires_at, ended_at FROM {ledger_sessions} "
            "WHERE token_sha256 = ?",
            (_sha256(token),),
        )
        if not rows or rows[0]["ended_at"] is not None or rows[0]["expires_at"] < self.clock():
            return None
        principal = self._principal(rows[0]["principal_id"])
        if principal is None or principal.revoked or principal.username is None:
            return None
        return Session(principal.actor(), rows[0]["csrf_token"], rows[0]["expires_at"])

    def sign_out(self, token: str) -> None:
        self.db.execute(
            "UPDATE {ledger_sessions} SET ended_at = ? WHERE token_sha256 = ? AND ended_at IS NULL",
            (self.clock(), _sha256(token)),
        )

    # --------------------------------------------------------------- internals

    def _new_session(self, principal: Principal) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self.clock()
        expires = now + self.session_seconds
        self.db.execute(
            "INSERT INTO {ledger_sessions} (token_sha256, principal_id, csrf_token, "
            "created_at, expires_at) VALUES (?,?,?,?,?)",
            (_sha256(token), str(principal.id), csrf, now, expires),
        )
        return token, Session(principal.actor(), csrf, expires)

    def _refuse_if_throttled(self, subject: str, limit: int) -> None:
        since = self.clock() - THROTTLE_WINDOW_SECONDS
        rows = self.db.query(
            "SELECT COUNT(*) AS n, MIN(at) AS first FROM {ledger_signin_failures} "
            "WHERE subject = ? AND at > ?",
            (subject, since),
        )
        if rows and int(rows[0]["n"]) >= limit:
            retry = int(rows[0]["first"] + THROTTLE_WINDOW_SECONDS - self.clock()) + 1
            raise Throttled(max(retry, 1))

    def _principal(self, principal_id: str) -> Principal | None:
        return self.ledger._get_or_none(Principal, UUID(principal_id))


def check_username(username: str) -> str:
    value = username.strip().lower()
    if not USERNAME.fullmatch(value):
        raise errors.InvalidValue(
            "username",
            "3 to 64 characters: letters a-z, digits, dot, dash or underscore",
            rule="username_format",
        )
    return value


def check_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise errors.InvalidValue(
            "password",
            f"from {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
            rule="password_length",
        )


def sign_ins_of(ledger: LedgerApplication) -> SignIns:
    """The ledger's one ``SignIns`` (made on first use, kept on the application)."""
    found = ledger.__dict__.get("_sign_ins")
    if found is None:
        found = ledger.__dict__.setdefault("_sign_ins", SignIns(ledger))
    assert isinstance(found, SignIns)
    return found
