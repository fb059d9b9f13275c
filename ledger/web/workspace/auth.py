"""Sign in, sign out and the invitation link (set a username and a password).

Every POST carries the form's CSRF token; failed sign-ins are throttled per account and
per address (``SignIns``) and answered 401 or 429 with the reason in the person's words.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ledger.api.cookies import SESSION_COOKIE, clear_cookie, cookie_session, set_cookie
from ledger.api.deps import LedgerDep
from ledger.application.sessions import SignInRefused, Throttled, sign_ins_of
from ledger.domain import errors
from ledger.web.workspace.pages import csrf_ok, language, local_path, refused_csrf, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(cookie_session)])


def _address(request: Request) -> str:
    """The client's address, for throttling: behind a proxy trusted with
    ``LEDGER_TRUST_FORWARDED_FOR=1``, the address it appended to X-Forwarded-For (the
    last one; the ones before it are the client's to make up)."""
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and os.environ.get("LEDGER_TRUST_FORWARDED_FOR") == "1":
        return forwarded.split(",")[-1].strip()[:64] or "unknown"
    return request.client.host if request.client else "unknown"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "workspace_sign_in.html", username="", next_path=local_path(next))


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request, ledger: LedgerDep) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf_token")):
        return refused_csrf(request)
    _, w = language(request)
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")
    next_path = local_path(form.get("next"))
    try:
        token, session = await run_in_threadpool(
            sign_ins_of(ledger).sign_in, username, password, _address(request)
        )
    except Throttled as e:
        page = render(
            request,
            "workspace_sign_in.html",
            status_code=429,
            username=username,
            next_path=next_path,
            message=w("sign_in_throttled", seconds=e.retry_after),
        )
        page.headers["Retry-After"] = str(e.retry_after)
        return page
    except SignInRefused:
        return render(
            request,
            "workspace_sign_in.html",
            status_code=401,
            username=username,
            next_path=next_path,
            message=w("sign_in_refused"),
        )
    redirect = RedirectResponse(next_path, status_code=303)
    max_age = max(int(session.expires_at - sign_ins_of(ledger).clock()), 1)
    set_cookie(request, redirect, SESSION_COOKIE, token, max_age)
    return redirect


@router.post("/sign-out")
async def sign_out(request: Request, ledger: LedgerDep) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf_token")):
        return refused_csrf(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run_in_threadpool(sign_ins_of(ledger).sign_out, token)
    redirect = RedirectResponse("/", status_code=303)
    clear_cookie(request, redirect, SESSION_COOKIE)
    return redirect


@router.get("/invitations/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: str, ledger: LedgerDep) -> HTMLResponse:
    return _invitation(request, ledger, token, username="", errors_={})


def _invitation(
    request: Request,
    ledger: LedgerDep,
    token: str,
    *,
    username: str,
    errors_: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    _, w = language(request)
    principal = sign_ins_of(ledger).invitation(token) if len(token) <= 128 else None
    if principal is None:
        errors_ = {"token": w("invitation_invalid")}
        status_code = 404 if status_code == 200 else status_code
    return render(
        request,
        "workspace_invitation.html",
        status_code=status_code,
        principal=principal,
        username=username,
        errors=errors_,
        action=request.url.path,
    )


@router.post("/invitations/{token}", response_class=HTMLResponse)
async def accept_invitation(request: Request, token: str, ledger: LedgerDep) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf_token")):
        return refused_csrf(request)
    t, w = language(request)
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")
    if password != str(form.get("password_again") or ""):
        return _invitation(
            request,
            ledger,
            token,
            username=username,
            errors_={"password_again": w("passwords_differ")},
            status_code=422,
        )
    try:
        await run_in_threadpool(sign_ins_of(ledger).accept_invitation, token, username, password)
    except errors.DomainError as e:
        return _invitation(
            request,
            ledger,
            token,
            username=username,
            errors_={e.field or "username": w.rule(e.rule, e.message)},
            status_code=422,
        )
    return RedirectResponse("/sign-in" + ("?lang=en" if t.lang == "en" else ""), status_code=303)
