"""What every workspace page shares: rendering with the board's layout, the CSRF token
of the form (the session's, or a double-submit cookie before sign-in), its check."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from ledger.api.cookies import CSRF_COOKIE, set_cookie
from ledger.application.sessions import Session
from ledger.web.i18n import Translator, pick_language
from ledger.web.routes import NO_STORE, templates
from ledger.web.workspace.specs import Words

CSRF_COOKIE_SECONDS = 2 * 3600


def language(request: Request) -> tuple[Translator, Words]:
    lang = pick_language(request.query_params.get("lang"))
    return Translator(lang), Words(lang)


def render(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    t, w = language(request)
    query = dict(request.query_params)
    query["lang"] = t.other
    session: Session | None = getattr(request.state, "session", None)
    anonymous_csrf = None
    if session is None:
        anonymous_csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = templates().TemplateResponse(
        request,
        template,
        {
            "t": t,
            "w": w,
            "url": lambda path: path + ("?lang=en" if t.lang == "en" else ""),
            "switch_url": request.url.path + "?" + urlencode(query),
            "page": "workspace",
            "position": None,
            "csrf_token": session.csrf_token if session else anonymous_csrf,
            **context,
        },
        status_code=status_code,
        headers=NO_STORE,
    )
    if anonymous_csrf is not None:
        set_cookie(request, response, CSRF_COOKIE, anonymous_csrf, CSRF_COOKIE_SECONDS)
    return response


def csrf_ok(request: Request, sent: object) -> bool:
    """The form's hidden ``csrf_token`` against the session's (signed in) or against the
    double-submit cookie (the sign-in and invitation forms)."""
    if not isinstance(sent, str) or not sent:
        return False
    session: Session | None = getattr(request.state, "session", None)
    expected = session.csrf_token if session else request.cookies.get(CSRF_COOKIE)
    return bool(expected) and secrets.compare_digest(sent, str(expected))


def refused_csrf(request: Request) -> HTMLResponse:
    _, w = language(request)
    return render(
        request,
        "error.html",
        status_code=403,
        heading=w("csrf_refused"),
        detail=w("csrf_refused"),
    )


def local_path(value: object) -> str:
    """A redirect target that stays on this site."""
    # Browsers read "/\\host" as "//host": neither may leave the site.
    if isinstance(value, str) and value.startswith("/") and value[1:2] not in ("/", "\\"):
        return value
    return "/"
