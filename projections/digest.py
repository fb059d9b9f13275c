"""The digest of a view: ``sha256:`` and the hex SHA-256 of the RFC 8785 canonical JSON of
its rows. Rows hold no floats (rates are decimal strings), so orjson with sorted keys
gives the RFC 8785 bytes (tested against ``rfc8785`` in the suite)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ledger.integrity.entry import canonical_bytes


def digest_of(rows: list[dict[str, Any]]) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(rows)).hexdigest()


def digest_of_pages(pages: Iterable[list[dict[str, Any]]]) -> str:
    """The same digest, page by page: canonical JSON has no whitespace, so the bytes of
    a list are ``[`` + the rows' bytes joined by ``,`` + ``]``. A million-row view is
    digested without holding its rows."""
    sha = hashlib.sha256(b"[")
    first = True
    for page in pages:
        for row in page:
            if not first:
                sha.update(b",")
            sha.update(canonical_bytes(row))
            first = False
    sha.update(b"]")
    return "sha256:" + sha.hexdigest()
