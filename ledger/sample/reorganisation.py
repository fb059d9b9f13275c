"""The sample's units and the 2025 succession of the Hải Dương bodies, as fact.

``reorganisation_2025.json`` names each unit (citing the paragraph of the 2021 report that
names it, or the document that forms it) and each succession with its legal basis, by
number and symbol. Ids are derived from the sample's namespace, so loading twice records
nothing the second time. A succession whose first day is after the ledger's today is not
recorded (the ledger records facts, not plans); it is recorded by a later load.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.domain.unit import UnitKind
from ledger.domain.values import Actor, Role

if TYPE_CHECKING:  # the loader is called by ledger.sample, which holds the application
    from ledger.application import LedgerApplication

REORGANISATION_FILE = "reorganisation_2025.json"
LOADER = Actor(id="sample-loader", role=Role.ADMIN, name="sample loader")


@cache
def reorganisation_data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(REORGANISATION_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def basis_document(symbol: str) -> dict[str, Any]:
    """The document reference of a basis named in the data set: {symbol, issued_on,
    issuer, subject}."""
    doc = reorganisation_data()["documents"][symbol]
    return {k: doc[k] for k in ("symbol", "issued_on", "issuer", "subject")}


def load_units(
    app: LedgerApplication,
    unit_id: Any,
    citation: Any,
    recorded: list[str],
) -> dict[str, UUID]:
    """Register every unit of the data set that is not yet registered; their ids by key."""
    ids: dict[str, UUID] = {}
    for item in reorganisation_data()["units"]:
        uid: UUID = unit_id(item["key"])
        ids[item["key"]] = uid
        if app.has_unit(uid):
            continue
        source = citation(item["paragraph"]) if "paragraph" in item else None
        app.register_unit(
            app.context(LOADER, source=source),
            name=item["name"],
            kind=UnitKind(item["kind"]),
            valid_from=_day(item.get("valid_from")),
            valid_to=_day(item.get("valid_to")),
            id=uid,
        )
        recorded.append(item["key"])
    return ids


def load_successions(app: LedgerApplication, ids: dict[str, UUID], recorded: list[str]) -> None:
    for item in reorganisation_data()["successions"]:
        effective_on = date.fromisoformat(item["effective_on"])
        successor = app.get_unit(ids[item["successor"]])
        if successor.succession is not None or effective_on > app.today():
            continue
        app.record_succession(
            app.context(LOADER),
            successor_id=successor.id,
            predecessor_ids=[ids[key] for key in item["predecessors"]],
            effective_on=effective_on,
            basis=basis_document(item["basis"]),
        )
        recorded.append(item["key"])


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
