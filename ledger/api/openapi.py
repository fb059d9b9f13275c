"""OpenAPI documentation of every status a route may answer, with Vietnamese examples."""

from __future__ import annotations

from typing import Any

from ledger.api.problems import PROBLEM_MEDIA_TYPE, TITLES, problem_body
from ledger.api.schemas.common import Problem

_EXAMPLES: dict[int, dict[str, Any]] = {
    400: problem_body(400, "Content-Length không phải là số nguyên", rule="content_length"),
    401: problem_body(401, "Thiếu hoặc sai mã truy cập (Bearer token)", rule="unauthenticated"),
    403: problem_body(
        403,
        "Chỉ đơn vị chủ trì “Ban Thường vụ Tỉnh ủy Hải Dương” được báo cáo tiến độ",
        rule="not_lead_unit",
    ),
    404: problem_body(404, "Không có nhiệm vụ 0b6c7c3e-…", rule="not_found"),
    409: problem_body(409, "Đơn vị chủ trì chưa tiếp thu nhiệm vụ", rule="not_yet_accepted"),
    412: problem_body(
        412, "Phiên bản mong đợi là 3 nhưng nhiệm vụ đang ở phiên bản 4", rule="stale_version"
    ),
    413: problem_body(413, "Nội dung yêu cầu lớn hơn 64 KiB", rule="body_too_large"),
    422: problem_body(
        422,
        "Yêu cầu không hợp lệ: percent",
        rule="request_invalid",
        field_errors=[
            {
                "field": "percent",
                "rule": "less_than_equal",
                "message": "Tỷ lệ phần trăm phải từ 0 đến 100",
            }
        ],
    ),
}

_DESCRIPTIONS = {
    400: "The request is malformed (e.g. an unreadable Content-Length).",
    401: "No bearer token, or an unknown or revoked one.",
    403: "The principal's role or unit may not do this.",
    404: "No such directive or meeting (in the path or named by the body), or a log "
    "position or tree size beyond the log.",
    409: "A lifecycle rule is broken; `rule` names it.",
    412: "`If-Match` names a version that is not the current one.",
    413: "The body is larger than 64 KiB (decided before it is parsed).",
    422: "The body or a parameter is invalid; `errors` names each field and rule.",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for these problem statuses."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS.get(status, TITLES.get(status, "Error")),
            "content": {PROBLEM_MEDIA_TYPE: {"example": _EXAMPLES[status]}},
        }
        for status in statuses
    }


READ = (401, 404, 422)
WRITE = (400, 401, 403, 409, 413, 422)


_HEADER_DOCS: dict[str, dict[str, Any]] = {
    "Location": {
        "description": "Where the written resource is read.",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": 'The version, quoted (`"3"`): send it back as `If-Match`.',
        "schema": {"type": "string"},
    },
    "X-Request-ID": {
        "description": "The request's correlation id, recorded in the events it appends.",
        "schema": {"type": "string"},
    },
}


REQUEST_ID_HEADER_DOC = _HEADER_DOCS["X-Request-ID"]


def success(status: int, *headers: str) -> dict[int | str, dict[str, Any]]:
    """The success response's headers, for ``responses=``."""
    return {status: {"headers": {name: _HEADER_DOCS[name] for name in headers}}}


def parameters_without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query, path or header parameter is absent or a string: no client can send JSON
    ``null`` in one. FastAPI writes an optional parameter as ``anyOf: [X, {type: null}]``;
    state it as ``X`` (it is optional by ``required: false``)."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                declared = parameter.get("schema", {})
                options = declared.get("anyOf")
                if not options:
                    continue
                kept = [o for o in options if o != {"type": "null"}]
                if len(kept) == 1 and len(kept) < len(options):
                    declared.pop("anyOf")
                    parameter["schema"] = {**kept[0], **declared}
    return schema
