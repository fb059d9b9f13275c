"""The bundled sample ledger: the 10 December 2021 Hải Dương working session.

Facts only, each citing the paragraph of the source report it comes from (paragraphs
count the non-empty lines of the report, from 1). Ids are derived from the data set's
namespace, so loading twice records nothing the second time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID, uuid5

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain.directive import ISSUED
from ledger.domain.values import Actor, Role
from ledger.sample.illustrative import load_illustrative
from ledger.sample.reorganisation import load_successions, load_units

SAMPLE_FILE = "haiduong_2021_12_10.json"
LOADER_ID = "sample-loader"


@cache
def sample_data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def sample_id(key: str) -> UUID:
    return uuid5(UUID(sample_data()["namespace"]), key)


def citation(paragraph: int) -> dict[str, Any]:
    return {"document": sample_data()["document"], "paragraph": paragraph}


@dataclass
class LoadReport:
    meeting_id: UUID
    recorded: list[str] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)  # synthetic, never fact

    @property
    def changed(self) -> bool:
        return bool(self.recorded or self.illustrative)


def load_sample(app: LedgerApplication, *, illustrative: bool = False) -> LoadReport:
    """Record the sample's facts (idempotent); with ``illustrative``, then the synthetic
    follow-up of ``ledger/sample/illustrative.py``, labelled as such in every event."""
    report = load_facts(app)
    if illustrative:
        report.illustrative.extend(load_illustrative(app, sample_id))
    return report


def load_facts(app: LedgerApplication) -> LoadReport:
    data = sample_data()
    held_on = date.fromisoformat(data["meeting"]["held_on"])
    meeting_id = sample_id(data["meeting"]["key"])
    report = LoadReport(meeting_id=meeting_id)
    issuer = Actor(id=LOADER_ID, role=Role.ISSUER, name="sample loader")

    # The units first: from the first registered unit on, directives name registered ones.
    unit_ids = load_units(app, sample_id, citation, report.recorded)

    m = data["meeting"]
    if not app.has_meeting(meeting_id):
        app.record_meeting(
            app.context(issuer, source=citation(m["paragraph"])),
            title=m["title"],
            held_on=held_on,
            chair=m["chair"],
            host_body=m["host_body"],
            participants=m["participants"],
            place=m["place"],
            id=meeting_id,
        )
        report.recorded.append("meeting")

    def issue(
        item: dict[str, Any], *, issued_by: str, lead_unit: str, parent_id: UUID | None
    ) -> UUID:
        directive_id = sample_id(item["key"])
        if not app.has_directive(directive_id):
            app.issue_directive(
                app.context(issuer, source=citation(item["paragraph"])),
                title=item["title"],
                text=item["text"],
                issuer=issued_by,
                lead_unit=lead_unit,
                deadline=None,
                effective_on=held_on,
                meeting_id=meeting_id,
                parent_id=parent_id,
                code=item["key"],
                id=directive_id,
            )
            report.recorded.append(item["key"])
        return directive_id

    central = {
        item["key"]: issue(
            item, issued_by=data["issuer"], lead_unit=data["lead_unit"], parent_id=None
        )
        for item in data["directives"]
    }

    acceptance = data["acceptance"]
    lead = Actor(id=LOADER_ID, role=Role.UNIT, unit=data["lead_unit"], name=acceptance["by"])
    for key, directive_id in central.items():
        if app.get_directive(directive_id).status == ISSUED:
            app.record_follow_up(
                directive_id,
                c.Accept(note=acceptance["note"], effective_on=held_on),
                app.context(lead, source=citation(acceptance["paragraph"])),
            )
            report.recorded.append(f"{key} accepted")

    provincial = data["provincial"]
    for item in provincial["directives"]:
        issue(
            item,
            issued_by=provincial["issuer"],
            lead_unit=provincial["lead_unit"],
            parent_id=central[item["parent"]],
        )
    # After the 2021 facts, the 2025 succession: the open directives pass to Hải Phòng.
    load_successions(app, unit_ids, report.recorded)
    return report
