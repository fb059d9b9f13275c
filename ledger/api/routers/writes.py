"""What every write response carries: ``Location``, ``ETag`` and the 201 status."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from fastapi import Response


def etag(version: int) -> str:
    return f'"{version}"'


def mark_written(response: Response, location: str, version: int) -> None:
    response.headers["Location"] = location
    response.headers["ETag"] = etag(version)


def written_response(body: bytes, location: str, version: int) -> Response:
    """A 201 with its JSON body already serialised (FastAPI passes a Response through)."""
    return Response(
        content=body,
        status_code=201,
        media_type="application/json",
        headers={"Location": location, "ETag": etag(version)},
    )


# What ``If-Match`` may carry (checked by request validation, 422 otherwise): ``*``, or one
# version as its ETag (``"3"``), weak (``W/"3"``) or bare (``3``). Versions start at 1.
IF_MATCH_PATTERN = r'^(\*|(W/)?"[1-9][0-9]{0,9}"|[1-9][0-9]{0,9})$'


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header names (its spelling is ``IF_MATCH_PATTERN``,
    already checked); ``*`` asks only that the directive exist."""
    if if_match is None or if_match == "*":
        return None
    return int(if_match.removeprefix("W/").strip('"'))


def fingerprint(method: str, path: str, body: dict[str, Any]) -> str:
    """SHA-256 of the canonical request, so a retry with another body is recognised."""
    canonical = orjson.dumps(
        {"method": method, "path": path, "body": body}, option=orjson.OPT_SORT_KEYS
    )
    return hashlib.sha256(canonical).hexdigest()
