"""``GET /v1/reports``: a periodic report (issue 15) as an attachment, made from the
views as of the period's last day (``ledger.application.reports``). Issuers, auditors
and admins; a GET, so it never writes (not even a checkpoint: the latest is stated)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from ledger.api.deps import require_roles
from ledger.api.openapi import problems
from ledger.api.problems import ProblemError
from ledger.api.routers.audit import get_audit
from ledger.api.routers.views import MAX_WAIT_SECONDS, ViewsDep
from ledger.api.schemas.strict import Position, UuidText
from ledger.application.audit import AuditService
from ledger.application.reports import InvalidPeriod, ReportRequest, parse_period
from ledger.application.reports.period import PERIOD_PATTERN, PERIOD_RULE
from ledger.domain.values import Actor, Role
from projections.service import NotYetKnown

router = APIRouter(tags=["reports"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
PARAMETERS = frozenset({"period", "format", "lang", "meeting_id", "unit", "position"})
ReporterDep = Annotated[Actor, Depends(require_roles(Role.ISSUER, Role.AUDITOR, Role.ADMIN))]
AuditDep = Annotated[AuditService, Depends(get_audit)]


def invalid(field: str, rule: str, message: str) -> ProblemError:
    return ProblemError(
        422,
        f"query.{field}: {message}",
        rule="request_invalid",
        field_errors=[{"field": f"query.{field}", "rule": rule, "message": message}],
    )


@router.get(
    "/v1/reports",
    responses={
        200: {
            "description": "The report, as an attachment (`Content-Disposition`).",
            "content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
        },
        **problems(401, 403, 409, 422),
    },
    response_class=Response,
    summary="A periodic report: the grid per unit and meeting, overdue, completed, extended",
)
def periodic_report(
    request: Request,
    views: ViewsDep,
    audit: AuditDep,
    actor: ReporterDep,
    period: Annotated[
        str,
        Query(
            min_length=4,
            max_length=7,
            pattern=PERIOD_PATTERN,
            description=f"The period: {PERIOD_RULE}, from the year 1900.",
        ),
    ],
    format: Annotated[
        Literal["pdf", "xlsx", "html"], Query(description="pdf, xlsx or html.")
    ] = "pdf",
    lang: Annotated[Literal["vi", "en"], Query(description="vi or en.")] = "vi",
    meeting_id: Annotated[UuidText | None, Query(description="Only this meeting's.")] = None,
    unit: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=300,
            pattern=r"^[^\x00-\x1f\x7f]+$",
            description="Only this lead unit's (its name, no control characters).",
        ),
    ] = None,
    position: Annotated[
        Position | None, Query(description="As the ledger knew it at this log position.")
    ] = None,
) -> Response:
    from ledger.application.reports.document import build_report
    from ledger.application.reports.render import render_file

    unknown = sorted(set(request.query_params) - PARAMETERS)
    if unknown:
        raise invalid(unknown[0], "unknown_parameter", f"{unknown[0]} is not a parameter")
    try:
        parsed = parse_period(period)
    except InvalidPeriod as e:
        raise invalid("period", "period", str(e)) from None
    if position is not None and position <= views.head():
        views.wait_for(position, MAX_WAIT_SECONDS)  # beyond the log: answered at once
    report_request = ReportRequest(
        parsed, None if meeting_id is None else str(meeting_id), unit, position
    )
    try:
        report = build_report(views, audit, report_request, lang)
    except NotYetKnown as e:
        raise ProblemError(
            409,
            f"the views have reached position {e.reached}, not yet {e.asked}",
            rule="position_not_reached",
        ) from None
    body = render_file(report, format)
    name = f"bao-cao-{parsed.text}.{format}" if lang == "vi" else f"report-{parsed.text}.{format}"
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Ledger-Position": str(report["position"]),
        },
    )
