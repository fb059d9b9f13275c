"""The workspace's session cookie: read, set and cleared here, for the board's pages
and for the API routes that a signed-in person's browser also calls (file downloads).

Cookies are HttpOnly and SameSite=Lax; Secure when the request came over HTTPS, seen
directly, or through ``X-Forwarded-Proto`` from a proxy trusted with
``LEDGER_TRUST_FORWARDED_PROTO=1``, or always with ``LEDGER_SECURE_COOKIES=1``.
"""

from __future__ import annotations

import os

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from ledger.application import LedgerApplication
from ledger.application.sessions import Session, sign_ins_of

SESSION_COOKIE = "ledger_session"
CSRF_COOKIE = "ledger_csrf"  # the double-submit token of a form shown before sign-in


def secure_request(request: Request) -> bool:
    if os.environ.get("LEDGER_SECURE_COOKIES") == "1" or request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return os.environ.get("LEDGER_TRUST_FORWARDED_PROTO") == "1" and forwarded == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_request(request),
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=secure_request(request)
    )


async def cookie_session(request: Request) -> Session | None:
    """The live session of the request's cookie, looked up once per request."""
    if hasattr(request.state, "session"):
        found: Session | None = request.state.session
        return found
    token = request.cookies.get(SESSION_COOKIE)
    session = None
    if token:
        ledger: LedgerApplication = request.app.state.ledger
        session = await run_in_threadpool(sign_ins_of(ledger).session, token)
    request.state.session = session
    return session
