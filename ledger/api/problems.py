"""RFC 9457 problem details (``application/problem+json``) and the exception handlers that
turn every refusal into one, so that a client's mistake never becomes a 500.

Domain errors map to statuses by class: a broken lifecycle rule is 409 with ``rule``, a
wrong role or unit 403, an unknown id 404, a stale ``If-Match`` 412, and an invalid value
422 with ``errors: [{field, rule, message}]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ledger.domain import errors

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:directive-ledger:problem:"

TITLES: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}


class ProblemResponse(Response):
    media_type = PROBLEM_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def problem_body(
    status: int,
    detail: str,
    *,
    rule: str | None = None,
    instance: str | None = None,
    field_errors: Sequence[Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + (rule or f"http-{status}"),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if rule is not None:
        body["rule"] = rule
    if field_errors is not None:
        body["errors"] = [dict(e) for e in field_errors]
    return body


def problem(
    status: int,
    detail: str,
    *,
    rule: str | None = None,
    instance: str | None = None,
    field_errors: Sequence[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    return ProblemResponse(
        problem_body(status, detail, rule=rule, instance=instance, field_errors=field_errors),
        status_code=status,
        headers=dict(headers or {}),
    )


class ProblemError(Exception):
    """Raised by dependencies and routes for a refusal that is not a domain error."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        rule: str | None = None,
        field_errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.rule = rule
        self.field_errors = field_errors
        self.headers = headers


# A body naming a directive, meeting or unit the ledger does not hold: no such resource
# (404, with ``errors`` naming the field), as for the same id in a path. The request is
# well formed; the ledger's state is what refuses it.
UNKNOWN_REFERENCE_RULES = frozenset(
    {"unknown_parent", "unknown_meeting", "unknown_unit", "unit_not_registered"}
)


# A deadline before the issuance date, which defaults to the day of recording: a rule
# between the body and the ledger's day, not a malformed value (409 names it).
DATE_ORDER_RULES = frozenset({"deadline_before_issuance"})


def status_of(error: errors.DomainError) -> int:
    if isinstance(error, errors.PermissionDenied):
        return 403
    if isinstance(error, errors.NotFound):
        return 404
    if isinstance(error, errors.InvalidValue) and error.rule in UNKNOWN_REFERENCE_RULES:
        return 404
    if isinstance(error, errors.InvalidValue) and error.rule in DATE_ORDER_RULES:
        return 409
    if isinstance(error, errors.StaleVersion):
        return 412
    if isinstance(error, errors.InvalidValue | errors.IdempotencyKeyReused):
        return 422
    return 409


def domain_problem(error: errors.DomainError, instance: str | None = None) -> ProblemResponse:
    status = status_of(error)
    field_errors = None
    if status == 422 or error.rule in UNKNOWN_REFERENCE_RULES:
        field_errors = [
            {"field": error.field or "body", "rule": error.rule, "message": error.message}
        ]
    return problem(
        status, error.message, rule=error.rule, instance=instance, field_errors=field_errors
    )


def validation_field(loc: Iterable[Any], skip: frozenset[str]) -> str:
    """``("body", "progress_reported", "percent")`` → ``percent``; ``("query", "version")``
    stays ``query.version``: body fields are named as the body names them."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
        if parts and parts[0] in skip:
            parts = parts[1:]
    return ".".join(parts) or "body"


def validation_problem(
    exc: RequestValidationError, instance: str, skip: frozenset[str] = frozenset()
) -> ProblemResponse:
    field_errors = [
        {
            # A JSON syntax error's location is a character offset, not a field.
            "field": "body"
            if e.get("type") == "json_invalid"
            else validation_field(e.get("loc", ()), skip),
            "rule": str(e.get("type", "invalid")),
            "message": str(e.get("msg", "invalid value")),
        }
        for e in exc.errors()
    ]
    names = ", ".join(sorted({e["field"] for e in field_errors}))
    return problem(
        422,
        f"the request is not valid: {names}",
        rule="request_invalid",
        instance=instance,
        field_errors=field_errors,
    )


def allowed_methods(request: Request, given: str | None) -> str | None:
    """Every method the API documents on the request's path (HEAD with GET), from its
    OpenAPI; a path the OpenAPI does not know keeps the ``Allow`` Starlette gave."""
    app = request.app
    table: list[tuple[re.Pattern[str], str]] | None = getattr(app.state, "allow_table", None)
    if table is None:
        table = []
        for template, item in app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            served = {m.upper() for m in item if m in _HTTP_METHODS}
            if "GET" in served:
                served.add("HEAD")
            table.append((re.compile(pattern), ", ".join(sorted(served))))
        app.state.allow_table = table
    for path_pattern, allow in table:
        if path_pattern.fullmatch(request.url.path):
            return allow
    return given


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def install_problem_handlers(app: FastAPI, *, union_tags: Iterable[str] = ()) -> None:
    """``union_tags``: the wire names of a discriminated union's members, which pydantic
    puts in an error's location; they are left out of the field names."""
    skip = frozenset(union_tags)

    async def on_domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.DomainError)
        return domain_problem(exc, request.url.path)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return problem(
            exc.status,
            exc.detail,
            rule=exc.rule,
            instance=request.url.path,
            field_errors=exc.field_errors,
            headers=exc.headers,
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return validation_problem(exc, request.url.path, skip)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        if exc.status_code == 400 and "parsing the body" in detail:
            # FastAPI's own refusal of an unreadable body: say which rule it broke.
            return problem(
                422,
                detail,
                rule="json_invalid",
                instance=request.url.path,
                field_errors=[{"field": "body", "rule": "json_invalid", "message": detail}],
            )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the methods of the first route on the path; a path
            # served by several routes (GET and POST /v1/directives) allows them all.
            allow = allowed_methods(request, headers.get("Allow"))
            if allow:
                headers["Allow"] = allow
        return problem(
            exc.status_code,
            detail,
            rule="method_not_allowed" if exc.status_code == 405 else None,
            instance=request.url.path,
            headers=headers,
        )

    app.add_exception_handler(errors.DomainError, on_domain_error)
    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
