"""The workspace's forms: which follow-up each is, its fields, who is shown it, and the
words (Vietnamese first) of its labels and of the rules a refusal names.

Who is shown a form mirrors the domain's rules (ledger/domain/rules.py); the domain
still judges every command, so a form shown wrongly could never write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ledger.domain.values import Actor, Role

SECRETARIAT: Final = frozenset({Role.ISSUER, Role.ADMIN})
LEAD: Final = "lead"  # the directive's lead unit (a unit principal naming it)
WRITER: Final = "writer"  # anyone who may write: the secretariat or a unit named on it


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, textarea, number, date, file, units
    required: bool = True


@dataclass(frozen=True)
class FormSpec:
    kind: str  # the event type, as the API names it
    who: Any  # SECRETARIAT, LEAD or WRITER
    fields: tuple[Field, ...]

    @property
    def states(self) -> frozenset[str] | None:
        """The statuses in which the form is offered (None: any)."""
        return STATES_OF.get(self.kind)


FORMS: Final[tuple[FormSpec, ...]] = (
    FormSpec("accepted", LEAD, (Field("note", "textarea", False),)),
    FormSpec(
        "progress_reported",
        LEAD,
        (
            Field("percent", "number"),
            Field("narrative", "textarea"),
            Field("evidence_title", "text", False),
            Field("evidence_file", "file", False),
        ),
    ),
    FormSpec(
        "extension_requested",
        LEAD,
        (Field("requested_deadline", "date"), Field("reason", "textarea")),
    ),
    FormSpec(
        "completion_reported",
        LEAD,
        (
            Field("narrative", "textarea"),
            Field("evidence_title", "text", False),
            Field("evidence_file", "file"),
        ),
    ),
    FormSpec(
        "extension_granted",
        SECRETARIAT,
        (Field("new_deadline", "date"), Field("reason", "textarea", False)),
    ),
    FormSpec("extension_refused", SECRETARIAT, (Field("reason", "textarea"),)),
    FormSpec("completion_verified", SECRETARIAT, (Field("note", "textarea", False),)),
    FormSpec("completion_rejected", SECRETARIAT, (Field("reason", "textarea"),)),
    FormSpec(
        "reassigned",
        SECRETARIAT,
        (
            Field("lead_unit", "text"),
            Field("coordinating_units", "units", False),
            Field("reason", "textarea"),
        ),
    ),
    FormSpec("withdrawn", SECRETARIAT, (Field("reason", "textarea"),)),
    FormSpec(
        "annotated", WRITER, (Field("refers_to_version", "number"), Field("text", "textarea"))
    ),
)
FORM_OF: Final = {f.kind: f for f in FORMS}

_WORKING = frozenset({"accepted", "in_progress"})
_OPEN = frozenset({"issued", *_WORKING, "completion_reported"})
STATES_OF: Final[dict[str, frozenset[str]]] = {
    "accepted": frozenset({"issued"}),
    "progress_reported": _WORKING,
    "extension_requested": _WORKING,
    "completion_reported": _WORKING,
    "extension_granted": frozenset({"issued", *_WORKING}),
    "extension_refused": frozenset({"issued", *_WORKING}),
    "completion_verified": frozenset({"completion_reported"}),
    "completion_rejected": frozenset({"completion_reported"}),
    "reassigned": _OPEN,
    "withdrawn": _OPEN,
}


def allowed(spec: FormSpec, actor: Actor | None, directive: dict[str, Any]) -> bool:
    """Whether ``actor`` is shown this form on this directive."""
    if actor is None or actor.role is Role.AUDITOR:
        return False
    if spec.who is SECRETARIAT:
        return actor.role in SECRETARIAT
    is_lead = actor.role is Role.UNIT and actor.unit == directive.get("lead_unit")
    if spec.who == LEAD:
        return is_lead
    named = actor.unit in (directive.get("coordinating_units") or [])
    return actor.role in SECRETARIAT or is_lead or (actor.role is Role.UNIT and named)


def forms_for(actor: Actor | None, directive: dict[str, Any]) -> list[FormSpec]:
    """The forms this person may use on the directive as it stands (the domain judges
    each write again: a form offered here is never a permission)."""
    status = directive.get("status")
    return [
        spec
        for spec in FORMS
        if allowed(spec, actor, directive) and (spec.states is None or status in spec.states)
    ]


# ----------------------------------------------------------------------------- words

WORDS: Final[dict[str, tuple[str, str]]] = {
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đang đăng nhập:", "Signed in as"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "password_again": ("Nhập lại mật khẩu", "Password again"),
    "set_password": ("Đặt tên đăng nhập và mật khẩu", "Set your username and password"),
    "invitation_for": ("Lời mời dành cho", "Invitation for"),
    "save": ("Lưu", "Save"),
    "workspace": ("Cập nhật", "Record follow-up"),
    "workspace_of": ("Cập nhật nhiệm vụ", "Record the follow-up of"),
    "no_forms": (
        "Vai trò của bạn không ghi được gì cho nhiệm vụ này.",
        "Your role records nothing on this directive.",
    ),
    "errors_heading": ("Chưa ghi được: vui lòng sửa", "Not recorded: please correct"),
    "conflict_heading": (
        "Có người đã cập nhật nhiệm vụ này sau khi bạn mở biểu mẫu",
        "Someone else recorded on this directive since you opened the form",
    ),
    "conflict_detail": (
        "Xem các thay đổi dưới đây. Nội dung bạn nhập vẫn còn; bấm Xác nhận để ghi.",
        "See what changed below. What you typed is kept; press Confirm to record it.",
    ),
    "confirm": ("Xác nhận và ghi", "Confirm and record"),
    "recorded": ("Đã ghi vào sổ.", "Recorded in the ledger."),
    "csrf_refused": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang.",
        "The form has expired or is not valid. Please reload the page.",
    ),
    "sign_in_refused": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The username or the password is wrong.",
    ),
    "sign_in_throttled": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.",
        "Too many failed sign-ins. Please try again in {seconds} seconds.",
    ),
    "invitation_invalid": (
        "Lời mời không tồn tại, đã dùng hoặc đã hết hạn.",
        "The invitation is unknown, already used or expired.",
    ),
    "passwords_differ": ("Hai mật khẩu không khớp.", "The two passwords differ."),
    "download": ("Tải về", "Download"),
    "version_now": ("Phiên bản hiện tại", "Current version"),
    # form titles
    "form_accepted": ("Tiếp nhận nhiệm vụ", "Accept the directive"),
    "form_progress_reported": ("Báo cáo tiến độ", "Report progress"),
    "form_extension_requested": ("Đề nghị gia hạn", "Ask for an extension"),
    "form_completion_reported": ("Báo cáo hoàn thành", "Report completion"),
    "form_extension_granted": ("Đồng ý gia hạn", "Grant the extension"),
    "form_extension_refused": ("Không đồng ý gia hạn", "Refuse the extension"),
    "form_completion_verified": ("Xác nhận hoàn thành", "Verify completion"),
    "form_completion_rejected": ("Không xác nhận hoàn thành", "Reject completion"),
    "form_reassigned": ("Giao lại đơn vị chủ trì", "Reassign"),
    "form_withdrawn": ("Thu hồi nhiệm vụ", "Withdraw"),
    "form_annotated": ("Ghi chú, đính chính", "Annotate an earlier event"),
    "new_record": ("Ghi buổi làm việc, ban hành nhiệm vụ", "Record a meeting, issue a directive"),
    "form_meetings": ("Ghi buổi làm việc", "Record a meeting"),
    "form_directives": ("Ban hành nhiệm vụ (ý kiến chỉ đạo)", "Issue a directive"),
    # fields
    "field_meeting_id": ("Tại buổi làm việc", "At the meeting"),
    "field_held_on": ("Ngày họp", "Held on"),
    "field_chair": ("Người chủ trì", "Chair"),
    "field_host_body": ("Cơ quan chủ trì", "Host body"),
    "field_place": ("Địa điểm", "Place"),
    "field_participants": ("Thành phần (mỗi dòng một người)", "Participants (one a line)"),
    "field_source_document": ("Văn bản nguồn (số, ký hiệu)", "Source document"),
    "field_source_paragraph": ("Đoạn số", "Paragraph"),
    "field_code": ("Mã nhiệm vụ", "Code"),
    "field_title": ("Tiêu đề", "Title"),
    "field_issuer": ("Người giao", "Issuer"),
    "field_deadline": ("Thời hạn", "Deadline"),
    "field_note": ("Ghi chú", "Note"),
    "field_percent": ("Tiến độ (%)", "Progress (%)"),
    "field_narrative": ("Nội dung báo cáo", "Narrative"),
    "field_evidence_title": ("Tên văn bản kèm theo", "Title of the attached document"),
    "field_evidence_file": (
        "Tệp kèm theo (PDF, DOCX, XLSX, ODT, JPEG, PNG; tối đa 20 MiB)",
        "Attached file (PDF, DOCX, XLSX, ODT, JPEG, PNG; at most 20 MiB)",
    ),
    "field_requested_deadline": ("Thời hạn đề nghị", "Requested deadline"),
    "field_new_deadline": ("Thời hạn mới", "New deadline"),
    "field_reason": ("Lý do", "Reason"),
    "field_lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "field_coordinating_units": (
        "Đơn vị phối hợp (mỗi dòng một đơn vị)",
        "Coordinating units (one a line)",
    ),
    "field_refers_to_version": ("Phiên bản được đính chính", "Version it refers to"),
    "field_text": ("Nội dung", "Text"),
    "field_username": ("Tên đăng nhập", "Username"),
    "field_password": ("Mật khẩu", "Password"),
    "field_form": ("Biểu mẫu", "Form"),
}

# The rule a refusal names, in the person's language (else the domain's own sentence).
RULES: Final[dict[str, tuple[str, str]]] = {
    "text_required": ("Không được để trống.", "Must not be empty."),
    "percent_range": ("Phải là số nguyên từ 0 đến 100.", "Must be a whole number from 0 to 100."),
    "evidence_required": (
        "Báo cáo hoàn thành cần ít nhất một văn bản kèm theo.",
        "A completion report needs at least one document.",
    ),
    "file_type": (
        "Chỉ nhận tệp PDF, DOCX, XLSX, ODT, JPEG hoặc PNG (xét theo nội dung tệp, không theo tên).",
        "Only PDF, DOCX, XLSX, ODT, JPEG or PNG files (judged by content, not by name).",
    ),
    "file_too_large": ("Tệp tối đa 20 MiB.", "A file may be at most 20 MiB."),
    "date_format": ("Ngày không hợp lệ.", "Not a valid date."),
    "effective_in_future": ("Ngày không được sau hôm nay.", "The date may not be after today."),
    "deadline_before_issuance": (
        "Thời hạn không được trước ngày ban hành.",
        "The deadline may not be before the directive is issued.",
    ),
    "not_yet_accepted": ("Nhiệm vụ chưa được tiếp nhận.", "The directive is not accepted yet."),
    "already_accepted": ("Nhiệm vụ đã được tiếp nhận.", "The directive is already accepted."),
    "directive_closed": ("Nhiệm vụ đã kết thúc.", "The directive is closed."),
    "no_open_extension_request": (
        "Không có đề nghị gia hạn nào đang chờ.",
        "No extension request is open.",
    ),
    "extension_request_already_open": (
        "Đã có một đề nghị gia hạn đang chờ.",
        "An extension request is already open.",
    ),
    "deadline_not_later": (
        "Thời hạn mới phải sau thời hạn hiện tại.",
        "The new deadline must be later than the current one.",
    ),
    "extension_limit_reached": ("Đã hết số lần gia hạn.", "No more extensions are allowed."),
    "completion_not_reported": (
        "Đơn vị chưa báo cáo hoàn thành.",
        "No completion report awaits a verdict.",
    ),
    "awaiting_verification": (
        "Báo cáo hoàn thành đang chờ xác nhận.",
        "A completion report awaits its verdict.",
    ),
    "unknown_version": ("Không có phiên bản này.", "No such version."),
    "not_lead_unit": ("Chỉ đơn vị chủ trì được ghi.", "Only the lead unit may record this."),
    "role_not_permitted": ("Vai trò của bạn không được ghi.", "Your role may not record this."),
    "request_invalid": ("Giá trị không hợp lệ.", "Not a valid value."),
    "username_format": (
        "Từ 3 đến 64 ký tự: chữ a-z, số, dấu chấm, gạch ngang hoặc gạch dưới.",
        "3 to 64 characters: letters a-z, digits, dot, dash or underscore.",
    ),
    "username_taken": ("Tên đăng nhập này đã có người dùng.", "This username is taken."),
    "password_length": ("Mật khẩu từ 10 đến 256 ký tự.", "From 10 to 256 characters."),
}


@dataclass(frozen=True)
class Words:
    lang: str

    def __call__(self, key: str, **values: Any) -> str:
        pair = WORDS[key]
        return (pair[1] if self.lang == "en" else pair[0]).format(**values)

    def label(self, name: str) -> str:
        key = "field_" + name
        return self(key) if key in WORDS else name

    def rule(self, rule: str | None, fallback: str) -> str:
        pair = RULES.get(rule or "")
        if pair is None:
            return fallback
        return pair[1] if self.lang == "en" else pair[0]
