"""The audit entry of a stored event: the exact object that its Merkle leaf hashes.

The entry is built from the stored row alone (position, aggregate id, version, topic and
the stored state), so an auditor recomputes it from the log without trusting our code.
``data`` is the parsed state, for people to read; ``state_sha256`` is the SHA-256 of the
stored state bytes, so that a change to any stored byte (even one that parses to the
same JSON, such as added white space) changes the leaf.
Canonical bytes are RFC 8785 JSON; entries hold no floats and no integers beyond 2^53,
where ``orjson`` with sorted keys gives the same bytes much faster (tested against
``rfc8785`` in the suite).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any
from uuid import UUID

import orjson
import rfc8785

from ledger.integrity.tree import LEAF_PREFIX

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@lru_cache(maxsize=1024)
def type_name(topic: str) -> str:
    """``ledger.domain.directive:Directive.ProgressReported`` -> ``progress_reported``."""
    class_name = topic.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
    return _CAMEL.sub("_", class_name).lower()


def decoded_value(value: Any) -> Any:
    """Unwrap eventsourcing's transcoded values (``{"_type_": ..., "_data_": ...}``)."""
    if isinstance(value, dict) and set(value) == {"_type_", "_data_"}:
        return value["_data_"]
    return value


def entry_for(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> dict[str, Any]:
    data = orjson.loads(state)
    meta = data.get("meta") or {}
    return {
        "position": position,
        "aggregate_id": str(originator_id),
        "version": version,
        "type": type_name(topic),
        "topic": topic,
        "recorded_at": decoded_value(data.get("timestamp")),
        "effective_on": data.get("effective_on"),
        "actor": meta.get("actor"),
        "data": data,
        "state_sha256": hashlib.sha256(state).hexdigest(),
    }


# UTF-8 lead bytes of U+E000 and above. RFC 8785 sorts keys by UTF-16 code units, orjson
# by code points: the two orders differ only between keys holding characters from
# U+E000..U+FFFF and from beyond U+FFFF. Vietnamese text (U+00C0..U+1EF9) never has them.
_ORDER_MAY_DIFFER = (b"\xee", b"\xef", b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
_SORT = orjson.OPT_SORT_KEYS


def canonical_bytes(obj: Any) -> bytes:
    """RFC 8785 canonical JSON for float-free objects: orjson with sorted keys (fast),
    or the reference ``rfc8785`` when the output holds characters whose key order could
    differ (tested equal by a hypothesis property)."""
    out = orjson.dumps(obj, option=_SORT)
    if not _may_differ(out):  # seven memchr calls
        return out
    return bytes(rfc8785.dumps(obj))


def _may_differ(out: bytes) -> bool:
    a, b, c, d, e, f, g = _ORDER_MAY_DIFFER
    return a in out or b in out or c in out or d in out or e in out or f in out or g in out


def leaf_hash(entry_bytes: bytes) -> bytes:
    """RFC 9162: leaf hash = SHA-256(0x00 || entry)."""
    return hashlib.sha256(LEAF_PREFIX + entry_bytes).digest()


def leaf_hash_of_row(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    # The cache is keyed by the id's text, so that the recorder and the response (which
    # hold the id as text and as a UUID) share an entry.
    return _leaf_hash_of_row(position, str(originator_id), version, topic, bytes(state))


# The write path asks twice for the leaf of the row it just stored (the recorder, then
# the response): the second time is a lookup. Rows are immutable, so this is pure.
@lru_cache(maxsize=64)
def _leaf_hash_of_row(
    position: int, aggregate_id: str, version: int, topic: str, state: bytes
) -> bytes:
    return leaf_hash(canonical_bytes(entry_for(position, aggregate_id, version, topic, state)))


LogRow = tuple[int, str, int, str, bytes, "str | None", "int | None", "bytes | None"]
"""(position, aggregate id, version, topic, state, leaf's aggregate id, leaf's version,
leaf hash): one stored event beside the leaf stored at its position (None if none)."""
