"""The export format: the log as JSON Lines, one CloudEvents 1.0 envelope per stored event
(with the ``sequence`` and ``leafhash`` extensions), then the signed checkpoints, the
public keys recorded in the ledger and, when given, the view digests.

Each envelope's ``data`` is the audit entry (the exact object hashed) and its
``storedstate`` extension the stored state bytes (base64), so an auditor checks every
stored byte and a replay re-creates the store exactly. Writing an export of a live store
and replaying one belong to the application floor (``application/export.py``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ledger.integrity.entry import LogRow, canonical_bytes, entry_for, leaf_hash

SEQUENCE_DIGITS = 20  # the sequence extension compares as text: zero-padded


def envelope(row: LogRow, origin: str) -> dict[str, Any]:
    position, aggregate_id, version, topic, state, _, _, stored = row
    entry = entry_for(position, aggregate_id, version, topic, state)
    return {
        "specversion": "1.0",
        "id": f"{aggregate_id}/{version}",
        "source": origin,
        "type": f"ledger.{entry['type']}",
        "subject": aggregate_id,
        "time": entry["recorded_at"],
        "datacontenttype": "application/json",
        "sequence": str(position).zfill(SEQUENCE_DIGITS),
        "leafhash": (stored or leaf_hash(canonical_bytes(entry))).hex(),
        "storedstate": base64.b64encode(state).decode("ascii"),
        "data": entry,
    }


@dataclass
class ExportContents:
    events: list[tuple[LogRow, Any]]
    checkpoints: list[dict[str, Any]]
    public_keys: list[dict[str, Any]]
    view_digests: dict[str, Any] | None


def read_export(path: Path) -> ExportContents:
    """Parse an export in this format (``application/export.py`` writes them)."""
    contents = ExportContents([], [], [], None)
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise ValueError(f"line {number} of {path} is not JSON") from None
            if "specversion" in record:
                entry = record.get("data") or {}
                row: LogRow = (
                    int(record["sequence"]),
                    str(record.get("subject")),
                    int(entry.get("version", 0)),
                    str(entry.get("topic", "")),
                    base64.b64decode(record.get("storedstate", "")),
                    str(record.get("subject")),
                    int(entry.get("version", 0)),
                    bytes.fromhex(record["leafhash"]) if record.get("leafhash") else None,
                )
                contents.events.append((row, entry))
            elif record.get("record") == "checkpoint":
                contents.checkpoints.append(record["checkpoint"])
            elif record.get("record") == "public_key":
                contents.public_keys.append(record["public_key"])
            elif record.get("record") == "view_digests":
                contents.view_digests = record
    return contents
