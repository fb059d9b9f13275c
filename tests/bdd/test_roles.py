"""Who may do what: the lead unit, the issuer and administrator, the auditor, tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from pytest_bdd import given, scenarios, when

from ledger.application import LedgerApplication
from ledger.domain.values import SYSTEM_ACTOR
from tests.bdd.bdd_support import (
    Directory,
    Outcome,
    accepted,
    annotated,
    completion_rejected,
    completion_reported,
    completion_verified,
    extension_granted,
    extension_refused,
    extension_requested,
    later,
    p,
    post_event,
    progress,
    read_directive,
    reassigned,
    withdrawn,
)

scenarios("roles")

# What each action attempts, in each language. The directive's current state gives the
# values a sensible client would send (a later deadline, another lead unit).
Attempt = Callable[[dict[str, Any]], dict[str, Any]]
ACTIONS: dict[str, Attempt] = {
    "accept": lambda d: accepted(None),
    "tiếp nhận": lambda d: accepted(None),
    "report progress on": lambda d: progress(50, None),
    "báo cáo tiến độ": lambda d: progress(50, None),
    "ask for an extension of": lambda d: extension_requested(later(d["deadline"]), None),
    "xin gia hạn": lambda d: extension_requested(later(d["deadline"]), None),
    "grant an extension of": lambda d: extension_granted(later(d["deadline"]), None),
    "đồng ý gia hạn": lambda d: extension_granted(later(d["deadline"]), None),
    "refuse an extension of": lambda d: extension_refused(None),
    "từ chối gia hạn": lambda d: extension_refused(None),
    "reassign": lambda d: reassigned(other_unit(d["lead_unit"]), None),
    "giao lại": lambda d: reassigned(other_unit(d["lead_unit"]), None),
    "report the completion of": lambda d: completion_reported("Báo cáo số 99/BC", None),
    "báo cáo hoàn thành": lambda d: completion_reported("Báo cáo số 99/BC", None),
    "verify the completion of": lambda d: completion_verified(None),
    "xác nhận hoàn thành": lambda d: completion_verified(None),
    "reject the completion of": lambda d: completion_rejected(None),
    "không công nhận hoàn thành": lambda d: completion_rejected(None),
    "withdraw": lambda d: withdrawn(None),
    "thu hồi": lambda d: withdrawn(None),
    "annotate": lambda d: annotated(1, "Ghi chú của người theo dõi"),
    "ghi chú vào": lambda d: annotated(1, "Ghi chú của người theo dõi"),
}


def other_unit(unit: str) -> str:
    return "Sở Tài chính" if unit != "Sở Tài chính" else "Sở Kế hoạch và Đầu tư"


@when(p('"{who:Q}" tries to {action} "{code:Q}"'), target_fixture="outcome")
@when(p('"{who:Q}" thử {action} "{code:Q}"'), target_fixture="outcome")
def _(who: str, action: str, code: str, client: TestClient, directory: Directory) -> Outcome:
    assert action in ACTIONS, f"unknown action {action!r}; known: {sorted(ACTIONS)}"
    body = ACTIONS[action](read_directive(client, directory, code))
    return post_event(client, directory, who, code, body)


@given(p('the token of "{who:Q}" has been revoked'))
@given(p('mã truy cập của "{who:Q}" đã bị thu hồi'))
def _(who: str, ledger: LedgerApplication, directory: Directory) -> None:
    # Revoking is done by `directive-ledger token revoke`, below the HTTP API.
    token = directory.person(who).token
    ledger.revoke_principal(
        ledger.context(SYSTEM_ACTOR), ledger.principal_id_of_token(token), reason="rời vị trí"
    )
