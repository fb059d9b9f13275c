"""What every write response carries: ``Location``, ``ETag`` and the 201 status."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from fastapi import Response

from ledger.api.problems import ProblemError


def etag(version: int) -> str:
    return f'"{version}"'


def mark_written(response: Response, location: str, version: int) -> None:
    response.headers["Location"] = location
    response.headers["ETag"] = etag(version)


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header names: ``"3"`` (or ``W/"3"``, or bare ``3``).
    ``*`` asks only that the directive exist. Anything else matches no version: 412."""
    if if_match is None:
        return None
    value = if_match.strip()
    if value == "*":
        return None
    value = value.removeprefix("W/").strip('"')
    if value.isascii() and value.isdigit() and 0 < len(value) <= 12:
        return int(value)
    raise ProblemError(
        412,
        f"If-Match {if_match!r} names no version of this directive",
        rule="stale_version",
    )


def fingerprint(method: str, path: str, body: dict[str, Any]) -> str:
    """SHA-256 of the canonical request, so a retry with another body is recognised."""
    canonical = orjson.dumps(
        {"method": method, "path": path, "body": body}, option=orjson.OPT_SORT_KEYS
    )
    return hashlib.sha256(canonical).hexdigest()
