"""The follow-up forms of one directive: ``GET /workspace/directives/{id}`` shows the
forms the signed-in person may use; each ``POST .../{kind}`` runs the same application
command as ``POST /v1/directives/{id}/events`` (``record_follow_up``), with the version
the form was drawn from as ``expected_version``: nothing is overwritten."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ledger.api.cookies import cookie_session
from ledger.api.deps import LedgerDep
from ledger.api.schemas.events import FollowUpIn, to_command
from ledger.application import LedgerApplication
from ledger.application.files import MAX_FILE_BYTES, FileTooLarge, files_of
from ledger.application.sessions import Session
from ledger.domain import errors
from ledger.web.workspace.pages import csrf_ok, language, refused_csrf, render
from ledger.web.workspace.specs import FORM_OF, FormSpec, allowed, forms_for

router = APIRouter(include_in_schema=False, dependencies=[Depends(cookie_session)])
_follow_up = TypeAdapter(FollowUpIn)


def _session(request: Request) -> Session | None:
    found: Session | None = getattr(request.state, "session", None)
    return found


def _to_sign_in(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)


@router.get("/workspace/directives/{directive_id}", response_class=HTMLResponse)
def directive_forms(request: Request, directive_id: UUID, ledger: LedgerDep) -> Response:
    session = _session(request)
    if session is None:
        return _to_sign_in(request)
    if not ledger.has_directive(directive_id):
        return _not_found(request)
    return _page(request, ledger, directive_id, recorded=request.query_params.get("ok") == "1")


def _not_found(request: Request) -> HTMLResponse:
    t, _ = language(request)
    return render(
        request,
        "error.html",
        status_code=404,
        heading=t("not_found_title"),
        detail=t("not_found_detail"),
    )


def _page(
    request: Request,
    ledger: LedgerApplication,
    directive_id: UUID,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    session = _session(request)
    directive = ledger.get_directive(directive_id).as_dict()
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return render(
        request,
        "workspace_directive.html",
        status_code=status_code,
        d=directive,
        forms=forms_for(session.actor if session else None, directive),
        **context,
    )


@router.post("/workspace/directives/{directive_id}/{kind}", response_class=HTMLResponse)
async def record(request: Request, directive_id: UUID, kind: str, ledger: LedgerDep) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf_token")):
        return refused_csrf(request)
    session = _session(request)
    if session is None:
        return _to_sign_in(request)
    spec = FORM_OF.get(kind)
    if spec is None or not ledger.has_directive(directive_id):
        return _not_found(request)
    _, w = language(request)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    state = ledger.get_directive(directive_id).as_dict()
    if not allowed(spec, session.actor, state):
        return _page(
            request,
            ledger,
            directive_id,
            status_code=403,
            active=kind,
            values=values,
            errors={"form": w.rule("role_not_permitted", "")},
        )
    try:
        expected = int(values.get("expected_version", ""))
    except ValueError:
        expected = int(state["version"])
    upload = form.get("evidence_file")
    try:
        body = await _body(ledger, spec, values, upload if isinstance(upload, UploadFile) else None)
        command = files_of(ledger).complete(to_command(_follow_up.validate_python(body)))
        ctx = ledger.context(
            session.actor, correlation_id=getattr(request.state, "request_id", None)
        )
        await run_in_threadpool(
            ledger.record_follow_up, directive_id, command, ctx, expected_version=expected
        )
    except errors.StaleVersion as e:
        since = [ev for ev in ledger.history(directive_id) if ev["version"] > expected]
        return _page(
            request,
            ledger,
            directive_id,
            status_code=409,
            active=kind,
            values=values,
            conflict=since,
            expected_version=e.actual,
        )
    except ValidationError as e:
        found = {
            str(err["loc"][1] if len(err["loc"]) > 1 else "form"): w.rule(
                "text_required" if err["type"] == "missing" else "request_invalid", err["msg"]
            )
            for err in e.errors()
        }
        return _page(
            request,
            ledger,
            directive_id,
            status_code=422,
            active=kind,
            values=values,
            errors=found,
            expected_version=expected,
        )
    except errors.DomainError as e:
        name = (e.field or "form").split("[")[0].split(".")[0]
        if name in {"file", "evidence"}:
            name = "evidence_file"
        if name not in {f.name for f in spec.fields}:
            name = spec.fields[0].name
        status = 422 if isinstance(e, errors.InvalidValue) else 409
        return _page(
            request,
            ledger,
            directive_id,
            status_code=status,
            active=kind,
            values=values,
            errors={name: w.rule(e.rule, e.message)},
            expected_version=expected,
        )
    suffix = "&lang=en" if request.query_params.get("lang") == "en" else ""
    return RedirectResponse(f"/workspace/directives/{directive_id}?ok=1{suffix}", status_code=303)


async def _body(
    ledger: LedgerApplication, spec: FormSpec, values: dict[str, str], upload: UploadFile | None
) -> dict[str, Any]:
    """The API's request body for this form (validated by the API's own schema)."""
    body: dict[str, Any] = {"type": spec.kind}
    for f in spec.fields:
        raw = values.get(f.name, "").strip()
        if f.kind == "file" or f.name == "evidence_title":
            continue
        if not raw and not f.required:
            continue
        if f.kind == "number":
            body[f.name] = int(raw) if raw.lstrip("-").isdigit() else raw
        elif f.kind == "date":
            body[f.name] = _date_or_raw(raw)
        elif f.kind == "units":
            body[f.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        else:
            body[f.name] = raw
    if any(f.kind == "file" for f in spec.fields):
        body["evidence"] = []
        if upload is not None and upload.filename:
            content = await upload.read(MAX_FILE_BYTES + 1)
            if len(content) > MAX_FILE_BYTES:
                raise FileTooLarge()
            stored = await run_in_threadpool(files_of(ledger).put, content)
            name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or stored.sha256
            title = values.get("evidence_title", "").strip() or name
            body["evidence"] = [{"title": title, "reference": name, "sha256": stored.sha256}]
    return body


def _date_or_raw(raw: str) -> Any:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return raw
