"""The Unit aggregate and the succession of units, without a store."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest

from ledger.domain import errors
from ledger.domain.unit import (
    SuccessionRefused,
    Unit,
    UnitKind,
    record_succession,
)
from ledger.domain.values import Actor, Context, Role

ADMIN = Actor(id="admin", role=Role.ADMIN)
ISSUER = Actor(id="issuer", role=Role.ISSUER)
AUDITOR = Actor(id="auditor", role=Role.AUDITOR)
BASIS: dict[str, Any] = {
    "symbol": "202/2025/QH15",
    "issued_on": "2025-06-12",
    "issuer": "Quốc hội",
    "subject": "Về việc sắp xếp đơn vị hành chính cấp tỉnh",
}


def ctx(actor: Actor = ADMIN, today: date = date(2026, 11, 30)) -> Context:
    return Context(actor=actor, recorded_on=today)


def unit(name: str, kind: UnitKind = UnitKind.PARTY, **kw: Any) -> Unit:
    return Unit.register(ctx=ctx(), name=name, kind=kind, **kw)


def test_a_unit_keeps_its_name_exactly_and_its_validity() -> None:
    decomposed = unicodedata.normalize("NFD", "Ban Thường vụ Tỉnh ủy Hải Dương")
    assert decomposed != "Ban Thường vụ Tỉnh ủy Hải Dương"
    u = Unit.register(
        ctx=ctx(ISSUER),
        name=decomposed,
        kind=UnitKind.PARTY,
        contact="vanphong@haiduong.example",
    )
    assert u.name == "Ban Thường vụ Tỉnh ủy Hải Dương"
    assert u.as_dict()["contact"] == "vanphong@haiduong.example"
    assert u.valid_on(date(2021, 12, 10))


@pytest.mark.parametrize(
    ("kw", "rule"),
    [
        ({"contact": "not an address"}, "email_format"),
        ({"contact": "a@b"}, "email_format"),
        ({"valid_from": date(2025, 7, 1), "valid_to": date(2025, 6, 30)}, "valid_range"),
        ({"name": "  "}, "text_required"),
    ],
)
def test_bad_unit_values_are_refused(kw: dict[str, Any], rule: str) -> None:
    kw.setdefault("name", "Sở Tài chính")
    with pytest.raises(errors.InvalidValue) as refused:
        Unit.register(ctx=ctx(), kind=UnitKind.STATE, **kw)
    assert refused.value.rule == rule


def test_auditors_never_register_units() -> None:
    with pytest.raises(errors.AuditorsNeverWrite):
        Unit.register(ctx=ctx(AUDITOR), name="Sở Tài chính", kind=UnitKind.STATE)


def test_a_succession_is_recorded_on_the_successor_and_every_predecessor() -> None:
    hd = unit("Ban Thường vụ Tỉnh ủy Hải Dương")
    hp_old = unit("Ban Thường vụ Thành ủy Hải Phòng", valid_to=None)
    hp = unit("Ban Thường vụ Thành ủy Hải Phòng", valid_from=date(2025, 7, 1))
    record_succession(
        ctx=ctx(),
        successor=hp,
        predecessors=[hd, hp_old],
        effective_on=date(2025, 7, 1),
        basis=BASIS,
    )
    assert hp.predecessor_ids == [str(hd.id), str(hp_old.id)]
    assert hp.succession is not None
    assert hp.succession["basis"]["symbol"] == "202/2025/QH15"
    for p in (hd, hp_old):
        assert p.successor_id == str(hp.id)
        assert p.valid_to == date(2025, 6, 30)
        assert p.valid_on(date(2025, 6, 30))
        assert not p.valid_on(date(2025, 7, 1))
    events = [*hp.collect_events(), *hd.collect_events()]
    names = [type(e).__name__ for e in events]
    assert names == ["UnitRegistered", "UnitSucceeded", "UnitRegistered", "UnitSuperseded"]


@pytest.mark.parametrize(
    ("case", "error", "rule"),
    [
        ("issuer", errors.RoleNotPermitted, "role_not_permitted"),
        ("future", errors.EffectiveInFuture, "effective_in_future"),
        ("none", errors.InvalidValue, "predecessors_required"),
        ("self", errors.InvalidValue, "predecessors_distinct"),
        ("twice", SuccessionRefused, "succession_refused"),
        ("kind", SuccessionRefused, "succession_refused"),
        ("basis", errors.InvalidValue, "document_symbol_format"),
    ],
)
def test_a_succession_that_breaks_a_rule_records_nothing(
    case: str, error: type[Exception], rule: str
) -> None:
    hd = unit("Ban Thường vụ Tỉnh ủy Hải Dương")
    hp = unit("Ban Thường vụ Thành ủy Hải Phòng")
    state = unit("Ủy ban nhân dân thành phố Hải Phòng", kind=UnitKind.STATE)
    if case == "twice":
        record_succession(
            ctx=ctx(), successor=hp, predecessors=[hd], effective_on=date(2025, 7, 1), basis=BASIS
        )
        hp = unit("Ban Thường vụ Thành ủy Hải Phòng (khác)")
    hd.collect_events()
    hp.collect_events()
    args: dict[str, Any] = dict(
        ctx=ctx(), successor=hp, predecessors=[hd], effective_on=date(2025, 7, 1), basis=BASIS
    )
    if case == "issuer":
        args["ctx"] = ctx(ISSUER)
    elif case == "future":
        args["ctx"] = ctx(today=date(2025, 6, 20))
    elif case == "none":
        args["predecessors"] = []
    elif case == "self":
        args["predecessors"] = [hd, hp]
    elif case == "kind":
        args["successor"] = state
        state.collect_events()
    elif case == "basis":
        args["basis"] = {"symbol": "Nghị quyết 202"}
    with pytest.raises(error) as refused:
        record_succession(**args)
    assert getattr(refused.value, "rule") == rule  # noqa: B009
    assert hd.collect_events() == []
    assert args["successor"].collect_events() == []
