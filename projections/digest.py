"""The digest of a view: ``sha256:`` and the hex SHA-256 of the RFC 8785 canonical JSON of
its rows. Rows hold no floats (rates are decimal strings), so orjson with sorted keys
gives the RFC 8785 bytes (tested against ``rfc8785`` in the suite)."""

from __future__ import annotations

import hashlib
from typing import Any

from ledger.integrity.entry import canonical_bytes


def digest_of(rows: list[dict[str, Any]]) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(rows)).hexdigest()
