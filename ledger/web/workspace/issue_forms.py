"""The secretariat's forms that start a record: a meeting, and a directive issued at it
(citing the source document and paragraph). Each runs the application command the API
runs (``record_meeting``, ``issue_directive``), with the body the API would validate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from ledger.api.cookies import cookie_session
from ledger.api.deps import LedgerDep
from ledger.api.schemas.directives import DirectiveIn
from ledger.api.schemas.meetings import MeetingIn
from ledger.application import LedgerApplication
from ledger.application.sessions import Session
from ledger.domain import errors
from ledger.web.workspace.pages import csrf_ok, language, refused_csrf, render
from ledger.web.workspace.specs import SECRETARIAT, Field

router = APIRouter(include_in_schema=False, dependencies=[Depends(cookie_session)])
_SOURCE = (Field("source_document", "text", False), Field("source_paragraph", "number", False))
MEETING_FIELDS = (
    Field("title", "text"),
    Field("held_on", "date"),
    Field("chair", "text"),
    Field("host_body", "text"),
    Field("place", "text", False),
    Field("participants", "units", False),
    *_SOURCE,
)
DIRECTIVE_FIELDS = (
    Field("code", "text", False),
    Field("title", "text"),
    Field("text", "textarea"),
    Field("issuer", "text"),
    Field("lead_unit", "text"),
    Field("coordinating_units", "units", False),
    Field("deadline", "date", False),
    *_SOURCE,
)
_meeting_in = TypeAdapter(MeetingIn)
_directive_in = TypeAdapter(DirectiveIn)


def _secretariat(request: Request) -> Session | None:
    session: Session | None = getattr(request.state, "session", None)
    return session if session and session.actor.role in SECRETARIAT else None


def _page(
    request: Request, ledger: LedgerApplication, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    meetings = [ledger.get_meeting(i).as_dict() for i in ledger.meeting_ids()]
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return render(
        request,
        "workspace_new.html",
        status_code=status_code,
        meetings=meetings,
        meeting_fields=MEETING_FIELDS,
        directive_fields=DIRECTIVE_FIELDS,
        **context,
    )


@router.get("/workspace/new", response_class=HTMLResponse)
def new_record(request: Request, ledger: LedgerDep) -> Response:
    if _secretariat(request) is None:
        return RedirectResponse("/sign-in?next=/workspace/new", status_code=303)
    return _page(request, ledger, recorded=request.query_params.get("ok"))


@router.post("/workspace/{kind}", response_class=HTMLResponse)
async def record(request: Request, kind: str, ledger: LedgerDep) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get("csrf_token")):
        return refused_csrf(request)
    session = _secretariat(request)
    if session is None or kind not in ("meetings", "directives"):
        return RedirectResponse("/sign-in?next=/workspace/new", status_code=303)
    _, w = language(request)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    fields = MEETING_FIELDS if kind == "meetings" else DIRECTIVE_FIELDS
    body = _body(fields, values)
    try:
        if kind == "meetings":
            meeting = _meeting_in.validate_python(body)
            ctx = _ctx(ledger, session, meeting.source)
            result = await run_in_threadpool(
                lambda: ledger.record_meeting(ctx, **meeting.model_dump(exclude={"source"}))
            )
        else:
            if values.get("meeting_id"):
                body["meeting_id"] = values["meeting_id"]
            directive = _directive_in.validate_python(body)
            ctx = _ctx(ledger, session, directive.source)
            result = await run_in_threadpool(
                lambda: ledger.issue_directive(ctx, **directive.model_dump(exclude={"source"}))
            )
    except ValidationError as e:
        found = {
            str(err["loc"][0]): w.rule(
                "text_required" if err["type"] == "missing" else "request_invalid", err["msg"]
            )
            for err in e.errors()
        }
        if "source" in found:
            found["source_document"] = found.pop("source")
        return _page(request, ledger, status_code=422, active=kind, values=values, errors=found)
    except errors.DomainError as e:
        name = (e.field or fields[0].name).split("[")[0].split(".")[0]
        name = {"effective_on": "held_on" if kind == "meetings" else "deadline"}.get(name, name)
        if name not in {f.name for f in fields}:
            name = fields[0].name
        return _page(
            request,
            ledger,
            status_code=422 if isinstance(e, errors.InvalidValue) else 409,
            active=kind,
            values=values,
            errors={name: w.rule(e.rule, e.message)},
        )
    target = "/workspace/new?ok=meeting" if kind == "meetings" else f"/directives/{result.id}"
    return RedirectResponse(target, status_code=303)


def _ctx(ledger: LedgerApplication, session: Session, source: Any) -> Any:
    return ledger.context(session.actor, source=None if source is None else source.model_dump())


def _body(fields: tuple[Field, ...], values: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for f in fields:
        raw = values.get(f.name, "").strip()
        if not raw or f.name.startswith("source_"):
            continue
        if f.kind == "units":
            body[f.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        else:
            body[f.name] = raw
    document = values.get("source_document", "").strip()
    paragraph = values.get("source_paragraph", "").strip()
    if document or paragraph:
        body["source"] = {"document": document}
        if paragraph:
            body["source"]["paragraph"] = int(paragraph) if paragraph.isdigit() else paragraph
    return body
