"""The board's pages: ``/``, ``/directives/{id}``, ``/meetings/{id}`` (GET only).

``ROUTERS`` are included in the API's FastAPI app. When the ledger is served with
``--public-board`` the pages need no token; otherwise they ask for a bearer token like
every other read.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ledger.api.deps import LedgerDep, board_reader
from ledger.api.routers.audit import AuditDep
from ledger.api.routers.due_soon import BOARD_DAYS as DUE_SOON_DAYS
from ledger.api.routers.due_soon import due_soon_rows
from ledger.api.routers.views import ViewsDep
from ledger.domain.errors import NotFound
from ledger.web import models, services
from ledger.web.charts import Bar, grid_bar_chart
from ledger.web.i18n import GRID_CATEGORIES, Translator, pick_language
from ledger.web.sources import english_title, english_titles
from ledger.web.succession import LABEL, fold_unit_rows, illustrative_in, now_is

# Pages are small and change with every event: let nothing cache a stale board.
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@cache
def templates() -> Jinja2Templates:
    """The pages' templates, made on first use (importing the web reads nothing)."""
    made = Jinja2Templates(directory=str(resources.files("ledger.web").joinpath("templates")))
    made.env.globals.update(
        english_title=english_title,
        grid_category=models.grid_category,
        categories=GRID_CATEGORIES,
    )
    return made


# The API's own check: any valid token may read the board; none when it is served public.
router = APIRouter(include_in_schema=False, dependencies=[Depends(board_reader)])
# The stylesheet is public even when the pages are not: it holds no ledger data.
assets = APIRouter(include_in_schema=False)
Lang = Annotated[str | None, Query(max_length=5)]


def _render(
    request: Request,
    template: str,
    t: Translator,
    *,
    page: str,
    position: int | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    query = dict(request.query_params)
    query["lang"] = t.other
    return templates().TemplateResponse(
        request,
        template,
        {
            "t": t,
            "url": lambda path: _with_lang(path, t),
            "switch_url": request.url.path + "?" + urlencode(query),
            "page": page,
            "position": position,
            **context,
        },
        status_code=status_code,
        headers=NO_STORE,
    )


def _with_lang(path: str, t: Translator) -> str:
    return path + ("?lang=en" if t.lang == "en" else "")


def _error(request: Request, t: Translator, status: int, title: str, detail: str) -> HTMLResponse:
    return _render(
        request,
        "error.html",
        t,
        page="error",
        position=None,
        status_code=status,
        heading=t(title),
        detail=t(detail),
    )


def _not_found(request: Request, t: Translator) -> HTMLResponse:
    return _error(request, t, 404, "not_found_title", "not_found_detail")


def _parse_id(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def board_page(
    request: Request,
    ledger: LedgerDep,
    views: ViewsDep,
    lang: Lang = None,
    on: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    t = Translator(pick_language(lang))
    day: date | None = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            return _error(request, t, 400, "bad_date_title", "bad_date_detail")
    board = models.board(**services.board_views(ledger, views, day))
    shown_on = day or ledger.today()
    board["due_soon"] = due_soon_rows(board["directives"], shown_on, DUE_SOON_DAYS)
    for row in board["directives"]:
        row["lead_unit_now"] = now_is(ledger, row.get("lead_unit"), shown_on)
    chart = grid_bar_chart(
        [Bar(c, t.grid(c), board["grid"][c]) for c in GRID_CATEGORIES],
        title=t("grid_chart_title"),
    )
    meeting_rows = [
        {**row, "href": None if row["path"] is None else _with_lang(row["path"], t)}
        for row in models.meeting_rows(board["meetings"], english_titles(), t.lang)
    ]
    return _render(
        request,
        "board.html",
        t,
        page="board",
        position=board["position"],
        board=board,
        chart=chart,
        unit_rows=fold_unit_rows(ledger, board["units"], shown_on),
        illustrative=illustrative_in(board["directives"]),
        illustrative_label=LABEL,
        meeting_rows=meeting_rows,
        on=day,
        today=ledger.today(),
    )


@router.get("/directives/{directive_id}", response_class=HTMLResponse)
def directive_page(
    request: Request, directive_id: str, ledger: LedgerDep, audit: AuditDep, lang: Lang = None
) -> HTMLResponse:
    t = Translator(pick_language(lang))
    parsed = _parse_id(directive_id)
    if parsed is None:
        return _not_found(request, t)
    try:
        data = models.directive_page(**services.directive_data(ledger, audit, parsed))
    except NotFound:
        return _not_found(request, t)
    lead_unit_now = now_is(ledger, data["directive"].get("lead_unit"), ledger.today())
    return _render(
        request,
        "directive.html",
        t,
        page="directive",
        position=data["position"],
        page_data=data,
        lead_unit_now=lead_unit_now,
        illustrative=illustrative_in([data["directive"]]),
        illustrative_label=LABEL,
    )


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, meeting_id: str, ledger: LedgerDep, lang: Lang = None
) -> HTMLResponse:
    t = Translator(pick_language(lang))
    parsed = _parse_id(meeting_id)
    if parsed is None:
        return _not_found(request, t)
    try:
        data = models.meeting_page(**services.meeting_data(ledger, parsed))
    except NotFound:
        return _not_found(request, t)
    return _render(
        request,
        "meeting.html",
        t,
        page="meeting",
        position=data["position"],
        page_data=data,
        illustrative=illustrative_in([data["meeting"]]),
        illustrative_label=LABEL,
    )


@cache
def _stylesheet() -> str:
    return resources.files("ledger.web").joinpath("static/board.css").read_text(encoding="utf-8")


@assets.get("/static/board.css")
def stylesheet() -> Response:
    return Response(
        _stylesheet(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


ROUTERS = [router, assets]
