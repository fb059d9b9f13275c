"""An illustrative follow-up of the sample, for exploring: SYNTHETIC, not fact.

Loaded only by ``load-sample --illustrative`` (and ``make demo``), after the factual
sample. It records its own meeting and five directives led by the Standing Board of the
new Hải Phòng city, so that a newcomer's board has a directive in every cell of the grid
(accepted, progress, an extension, a completion on time, a late completion, an overdue
directive, a withdrawal). Nothing of it touches a factual aggregate: the factual
meeting, its directives and their digests are the same with or without it.

Every event it records carries ``"illustrative": true`` and the label in its metadata,
and every title and text it writes begins with the label, so every page that shows one
of its facts shows the label too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.domain import commands as c
from ledger.domain.values import Actor, Context, Role

if TYPE_CHECKING:
    from ledger.application import LedgerApplication

LABEL = "[Minh họa – giả lập / Illustrative – synthetic]"
MARK = {"illustrative": True, "label": LABEL}
LEAD = "Ban Thường vụ Thành ủy Hải Phòng"
ISSUER = Actor(id="sample-illustrative", role=Role.ISSUER, name="illustrative issuer")
PEOPLE = Actor(id="sample-illustrative", role=Role.UNIT, unit=LEAD, name="illustrative unit")
LEAD_UNIT_COMMANDS = (c.Accept, c.ReportProgress, c.RequestExtension, c.ReportCompletion)
FIRST_DAY = date(2026, 6, 30)  # the last follow-up below; before it nothing is loaded


def is_illustrative_text(text: str | None) -> bool:
    return text is not None and text.startswith(LABEL)


def labelled(text: str) -> str:
    return f"{LABEL} {text}"


# key, title, deadline, then (day, command) pairs; issued on the meeting's day.
DIRECTIVES: list[tuple[str, str, date | None, list[tuple[date, c.FollowUp]]]] = [
    (
        "MH-01",
        "Báo cáo sơ kết 6 tháng thực hiện chỉ đạo sau hợp nhất",
        date(2025, 12, 31),
        [
            (date(2025, 7, 20), c.Accept(note=labelled("Tiếp nhận"))),
            (date(2025, 10, 1), c.ReportProgress(percent=60, narrative=labelled("Đã dự thảo"))),
            (
                date(2025, 12, 20),
                c.ReportCompletion(
                    narrative=labelled("Đã ban hành báo cáo"),
                    evidence=[
                        {"title": labelled("Báo cáo sơ kết"), "document": {"symbol": "901-BC/TU"}}
                    ],
                ),
            ),
            (date(2025, 12, 26), c.VerifyCompletion(note=labelled("Đạt yêu cầu"))),
        ],
    ),
    (
        "MH-02",
        "Rà soát quy hoạch sử dụng đất của các xã, phường sau sắp xếp",
        date(2025, 10, 31),
        [
            (date(2025, 7, 20), c.Accept()),
            (
                date(2025, 10, 15),
                c.RequestExtension(
                    requested_deadline=date(2025, 12, 31), reason=labelled("Chờ số liệu")
                ),
            ),
            (date(2025, 10, 20), c.GrantExtension(new_deadline=date(2025, 12, 31))),
            (
                date(2026, 2, 10),
                c.ReportCompletion(
                    narrative=labelled("Hoàn thành muộn"),
                    evidence=[
                        {"title": labelled("Kế hoạch rà soát"), "document": {"symbol": "902-KH/TU"}}
                    ],
                ),
            ),
            (date(2026, 2, 16), c.VerifyCompletion()),
        ],
    ),
    (
        "MH-03",
        "Xây dựng tiêu chí lựa chọn nhà đầu tư vào các khu công nghiệp",
        date(2026, 3, 31),
        [
            (date(2025, 7, 25), c.Accept()),
            (
                date(2025, 11, 10),
                c.ReportProgress(percent=30, narrative=labelled("Đang lấy ý kiến")),
            ),
        ],
    ),
    (
        "MH-04",
        "Đối thoại định kỳ với doanh nghiệp trên địa bàn thành phố",
        date(2027, 6, 30),
        [
            (date(2025, 7, 25), c.Accept()),
            (
                date(2026, 6, 30),
                c.ReportProgress(percent=20, narrative=labelled("Đã tổ chức 2 kỳ")),
            ),
        ],
    ),
    (
        "MH-05",
        "Tổng kết phong trào thi đua năm 2025 (đã thay bằng nhiệm vụ khác)",
        None,
        [(date(2025, 9, 1), c.Withdraw(reason=labelled("Gộp vào nhiệm vụ khác")))],
    ),
]
HELD_ON = date(2025, 7, 15)


def load_illustrative(app: LedgerApplication, sample_id: Any) -> list[str]:
    """Record the illustrative follow-up (idempotent); the keys it recorded."""
    recorded: list[str] = []
    if app.today() < FIRST_DAY:
        return recorded
    meeting_id: UUID = sample_id("illustrative:meeting")
    if not app.has_meeting(meeting_id):
        app.record_meeting(
            _marked(app.context(ISSUER)),
            title=labelled("Buổi làm việc giả lập để khám phá sổ theo dõi"),
            held_on=HELD_ON,
            chair=labelled("Người chủ trì giả lập"),
            host_body=LEAD,
            participants=[LEAD],
            id=meeting_id,
        )
        recorded.append("illustrative:meeting")
    for key, title, deadline, follow_up in DIRECTIVES:
        directive_id: UUID = sample_id(f"illustrative:{key}")
        if app.has_directive(directive_id):
            continue
        app.issue_directive(
            _marked(app.context(ISSUER)),
            title=labelled(title),
            text=labelled(title),
            issuer=labelled("Người giao giả lập"),
            lead_unit=LEAD,
            deadline=deadline,
            effective_on=HELD_ON,
            meeting_id=meeting_id,
            code=key,
            id=directive_id,
        )
        for day, command in follow_up:
            actor = PEOPLE if isinstance(command, LEAD_UNIT_COMMANDS) else ISSUER
            app.record_follow_up(
                directive_id, replace(command, effective_on=day), _marked(app.context(actor))
            )
        recorded.append(key)
    return recorded


def _marked(ctx: Context) -> Context:
    return replace(ctx, extra={**ctx.extra, **MARK})
