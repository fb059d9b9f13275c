"""The board's words, Vietnamese first, English on request (``?lang=en``).

Only the interface is translated: recorded facts (titles, narratives, names) are data and
shown as recorded, except the sample meeting, whose data set carries an English title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

DEFAULT_LANGUAGE: Final = "vi"
LANGUAGES: Final = ("vi", "en")

_STRINGS: Final[dict[str, tuple[str, str]]] = {
    # key: (Vietnamese, English)
    "site_name": ("Sổ theo dõi ý kiến chỉ đạo", "Directive Ledger"),
    "skip_to_content": ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    "main_nav": ("Điều hướng chính", "Main navigation"),
    "nav_board": ("Bảng theo dõi", "Status board"),
    "language": ("Ngôn ngữ", "Language"),
    "switch_language": ("English", "Tiếng Việt"),
    "log_position": ("Vị trí nhật ký", "Log position"),
    "reflects_position": (
        "Trang này phản ánh nhật ký đến vị trí",
        "This page reflects the log up to position",
    ),
    "as_on": ("tính đến ngày", "as on"),
    "view_digest": ("Mã băm của bảng", "View digest"),
    "read_only_note": (
        "Trang chỉ để xem; mọi thay đổi được ghi qua API và không bao giờ bị sửa.",
        "Read-only; every change is recorded through the API and never edited.",
    ),
    # units and illustrative data
    "now_is": ("nay là", "now"),
    "illustrative_banner": (
        "Sổ này có dữ liệu minh họa, giả lập để khám phá, không phải sự việc có thật; mỗi "
        "nhiệm vụ minh họa mang nhãn này trong tiêu đề.",
        "This ledger holds illustrative data, synthetic, for exploring; it is not fact. "
        "Every illustrative directive carries this label in its title.",
    ),
    # board
    "board_title": ("Bảng theo dõi thực hiện ý kiến chỉ đạo", "Directive status board"),
    "grid_heading": ("Tình hình thực hiện", "Status grid"),
    "grid_chart_title": (
        "Số nhiệm vụ theo tình trạng thực hiện",
        "Directives by status category",
    ),
    "grid_chart_table": ("Số liệu của biểu đồ", "Chart data"),
    "per_unit": ("Theo đơn vị chủ trì", "By lead unit"),
    "per_meeting": ("Theo buổi làm việc", "By meeting"),
    "unit": ("Đơn vị chủ trì", "Lead unit"),
    "meeting": ("Buổi làm việc", "Meeting"),
    "total": ("Tổng", "Total"),
    "count": ("Số lượng", "Count"),
    "category": ("Tình trạng", "Category"),
    "on_time_rate": ("Tỷ lệ hoàn thành đúng hạn", "On-time completion rate"),
    "directives_heading": ("Danh sách nhiệm vụ", "Directives"),
    "code": ("Mã", "Code"),
    "title": ("Nội dung", "Title"),
    "status": ("Trạng thái", "Status"),
    "percent": ("Tiến độ", "Progress"),
    "deadline": ("Thời hạn", "Deadline"),
    "no_deadline_value": ("Không có", "None"),
    "overdue_heading": ("Nhiệm vụ quá hạn", "Overdue directives"),
    "ageing": ("Theo số ngày quá hạn", "By days overdue"),
    "bucket": ("Nhóm", "Bucket"),
    "days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "days": ("ngày", "days"),
    "no_overdue": ("Không có nhiệm vụ quá hạn.", "No directive is overdue."),
    "due_soon_heading": ("Sắp đến hạn", "Due soon"),
    "due_soon_caption": ("Đến hạn trong 7 ngày tới", "Due within the next 7 days"),
    "days_left": ("Số ngày còn lại", "Days left"),
    "no_due_soon": ("Không có nhiệm vụ sắp đến hạn.", "No directive is due soon."),
    "no_directives": ("Chưa có nhiệm vụ nào.", "No directives yet."),
    "on_date_label": ("Xem tình hình tại ngày", "Show the board as on"),
    "apply": ("Xem", "Show"),
    # directive page
    "directive": ("Nhiệm vụ", "Directive"),
    "text": ("Nội dung chỉ đạo", "Text"),
    "issuer": ("Người giao", "Issued by"),
    "coordinating_units": ("Đơn vị phối hợp", "Coordinating units"),
    "issued_on": ("Ngày giao", "Issued on"),
    "extensions": ("Số lần gia hạn", "Extensions"),
    "source": ("Nguồn", "Source"),
    "paragraph": ("đoạn", "paragraph"),
    "parent": ("Nhiệm vụ cấp trên", "Parent directive"),
    "timeline": ("Diễn biến", "Timeline"),
    "version": ("Phiên bản", "Version"),
    "position": ("Vị trí", "Position"),
    "actor": ("Người thực hiện", "Actor"),
    "effective_on": ("Ngày hiệu lực", "Effective on"),
    "recorded_at": ("Thời điểm ghi nhận", "Recorded at"),
    "evidence": ("Văn bản, kết quả", "Evidence"),
    "no_evidence": ("Không có", "None"),
    "leaf_hash": ("Mã băm lá", "Leaf hash"),
    "details": ("Chi tiết", "Details"),
    "note": ("Ghi chú", "Note"),
    "verified": ("Đã xác minh", "Verified"),
    "not_verified": ("Chưa xác minh", "Not verified"),
    "verified_detail": (
        "Mọi sự kiện của nhiệm vụ này khớp với điểm kiểm tra đã ký mới nhất",
        "Every event of this directive verifies against the latest signed checkpoint",
    ),
    "checkpoint_size": ("kích thước", "size"),
    "checkpoint_root": ("gốc", "root"),
    "checkpoint_issued_at": ("ký lúc", "signed at"),
    "checked_against_key": ("kiểm theo khóa", "checked against key"),
    "witnessed_yes": ("có nhân chứng đồng ký", "cosigned by witnesses"),
    "witnessed_no": ("chưa có nhân chứng đồng ký", "not cosigned by a witness yet"),
    "proof_bundle": ("Tệp bằng chứng (c2sp.org/tlog-proof)", "Proof bundle (c2sp.org/tlog-proof)"),
    "no_checkpoint": ("chưa có điểm kiểm tra đã ký", "no signed checkpoint yet"),
    "bad_signature": (
        "chữ ký của điểm kiểm tra mới nhất không hợp lệ",
        "the latest checkpoint's signature does not verify",
    ),
    "not_included": (
        "có sự kiện không khớp với điểm kiểm tra mới nhất",
        "some events do not match the latest checkpoint",
    ),
    "pending": (
        "có sự kiện ghi nhận sau điểm kiểm tra mới nhất, chưa được ký",
        "some events were recorded after the latest checkpoint and are not signed yet",
    ),
    "events_concerned": ("phiên bản", "versions"),
    "included": ("Có trong điểm kiểm tra", "In the checkpoint"),
    "included_yes": ("có, đã kiểm chứng", "yes, proved"),
    "included_no": ("không khớp", "does not match"),
    "included_pending": ("chưa có (ghi sau)", "not yet (recorded later)"),
    "inclusion_proof": ("Bằng chứng bao hàm (RFC 9162)", "Inclusion proof (RFC 9162)"),
    "leaf_index": ("Chỉ số lá", "Leaf index"),
    "tree_size": ("Kích thước cây", "Tree size"),
    "audit_path": ("Đường kiểm chứng", "Audit path"),
    "root_hash": ("Mã băm gốc", "Root hash"),
    "audit_unavailable": ("chưa có dịch vụ kiểm chứng", "the audit service is not available"),
    "integrity": ("Tính toàn vẹn", "Integrity"),
    # meeting page
    "held_on": ("Ngày làm việc", "Held on"),
    "place": ("Địa điểm", "Place"),
    "chair": ("Chủ trì", "Chair"),
    "host_body": ("Cơ quan làm việc", "Host body"),
    "participants": ("Thành phần", "Participants"),
    "meeting_directives": ("Ý kiến chỉ đạo tại buổi làm việc", "Directives issued at the meeting"),
    "source_paragraph": ("Trích đoạn nguồn", "Source paragraph"),
    "source_unavailable": ("không có bản gốc", "source text not available"),
    # errors
    "not_found_title": ("Không tìm thấy", "Not found"),
    "not_found_detail": (
        "Không có nhiệm vụ hay buổi làm việc nào với mã này.",
        "There is no directive or meeting with this id.",
    ),
    "bad_date_title": ("Ngày không hợp lệ", "Invalid date"),
    "bad_date_detail": (
        "Ngày phải viết theo dạng năm-tháng-ngày, ví dụ 2022-06-30.",
        "The date must be written year-month-day, e.g. 2022-06-30.",
    ),
    "back_to_board": ("Về bảng theo dõi", "Back to the board"),
}

STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "issued": ("Đã giao", "Issued"),
    "accepted": ("Đã tiếp nhận", "Accepted"),
    "in_progress": ("Đang thực hiện", "In progress"),
    "completion_reported": ("Đã báo cáo hoàn thành", "Completion reported"),
    "completed": ("Đã hoàn thành", "Completed"),
    "withdrawn": ("Đã thu hồi", "Withdrawn"),
}

# The grid of Quyết định 42/2014/QĐ-TTg, in the order the board shows it.
GRID_LABELS: Final[dict[str, tuple[str, str]]] = {
    "completed_on_time": ("Hoàn thành đúng hạn", "Completed on time"),
    "completed_late": ("Hoàn thành quá hạn", "Completed late"),
    "open_within_deadline": ("Đang thực hiện, trong hạn", "Open, within deadline"),
    "open_overdue": ("Quá hạn, chưa hoàn thành", "Open, overdue"),
    "no_deadline": ("Không có thời hạn", "No deadline"),
    "withdrawn": ("Đã thu hồi", "Withdrawn"),
}
GRID_CATEGORIES: Final = tuple(GRID_LABELS)

BUCKETS: Final = ("1-30", "31-60", "61-120", ">120")
BUCKET_LABELS: Final[dict[str, tuple[str, str]]] = {
    "1-30": ("1–30 ngày", "1–30 days"),
    "31-60": ("31–60 ngày", "31–60 days"),
    "61-120": ("61–120 ngày", "61–120 days"),
    ">120": ("Trên 120 ngày", "Over 120 days"),
}

EVENT_LABELS: Final[dict[str, tuple[str, str]]] = {
    "issued": ("Giao nhiệm vụ", "Issued"),
    "accepted": ("Tiếp nhận", "Accepted"),
    "progress_reported": ("Báo cáo tiến độ", "Progress reported"),
    "extension_requested": ("Đề nghị gia hạn", "Extension requested"),
    "extension_granted": ("Đồng ý gia hạn", "Extension granted"),
    "extension_refused": ("Không đồng ý gia hạn", "Extension refused"),
    "reassigned": ("Giao lại đơn vị chủ trì", "Reassigned"),
    "lead_unit_succeeded": ("Chuyển cho cơ quan kế thừa", "Passed to the successor"),
    "completion_reported": ("Báo cáo hoàn thành", "Completion reported"),
    "completion_verified": ("Xác nhận hoàn thành", "Completion verified"),
    "completion_rejected": ("Không xác nhận hoàn thành", "Completion rejected"),
    "withdrawn": ("Thu hồi", "Withdrawn"),
    "annotated": ("Ghi chú, đính chính", "Annotated"),
    "meeting_recorded": ("Ghi nhận buổi làm việc", "Meeting recorded"),
    "directive_listed": ("Ghi nhận ý kiến chỉ đạo", "Directive listed"),
}

# The fields of follow-up events, as the timeline names them.
FIELD_LABELS: Final[dict[str, tuple[str, str]]] = {
    "note": ("Ghi chú", "Note"),
    "percent": ("Tiến độ (%)", "Progress (%)"),
    "narrative": ("Nội dung báo cáo", "Narrative"),
    "requested_deadline": ("Thời hạn đề nghị", "Requested deadline"),
    "new_deadline": ("Thời hạn mới", "New deadline"),
    "reason": ("Lý do", "Reason"),
    "lead_unit": ("Đơn vị chủ trì mới", "New lead unit"),
    "previous_lead_unit": ("Đơn vị chủ trì trước", "Previous lead unit"),
    "basis": ("Căn cứ", "Legal basis"),
    "coordinating_units": ("Đơn vị phối hợp", "Coordinating units"),
    "refers_to_version": ("Đính chính phiên bản", "Refers to version"),
    "text": ("Nội dung", "Text"),
    "deadline": ("Thời hạn", "Deadline"),
    "directive_id": ("Nhiệm vụ", "Directive"),
}

ROLE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "issuer": ("Người giao", "Issuer"),
    "unit": ("Đơn vị", "Unit"),
    "auditor": ("Kiểm toán", "Auditor"),
    "admin": ("Quản trị", "Administrator"),
}


def pick_language(requested: str | None) -> str:
    """The page language: ``en`` when asked for, Vietnamese otherwise."""
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """Looks up the interface's words in one language; used by the templates as ``t``."""

    lang: str

    @property
    def other(self) -> str:
        return "en" if self.lang == "vi" else "vi"

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "en" else pair[0]

    def __call__(self, key: str) -> str:
        return self._pick(_STRINGS[key])

    def status(self, value: str | None) -> str:
        return self._label(STATUS_LABELS, value)

    def grid(self, value: str | None) -> str:
        return self._label(GRID_LABELS, value)

    def bucket(self, value: str | None) -> str:
        return self._label(BUCKET_LABELS, value)

    def event(self, value: str | None) -> str:
        return self._label(EVENT_LABELS, value)

    def field(self, value: str) -> str:
        return self._label(FIELD_LABELS, value)

    def role(self, value: str | None) -> str:
        return self._label(ROLE_LABELS, value)

    def rate(self, value: str | None) -> str:
        """A share given as a decimal string ("0.667") as a percentage, 66,7 % in Vietnamese."""
        if value is None or value == "":
            return "—"
        percent = (Decimal(str(value)) * 100).quantize(Decimal("0.1"))
        text = f"{percent.normalize():f}"
        return (text.replace(".", ",") + " %") if self.lang == "vi" else text + "%"

    def date(self, value: str | date | None) -> str:
        """dd/mm/yyyy in Vietnamese (as documents write it), ISO 8601 in English."""
        if value is None or value == "":
            return "—"
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return day.strftime("%d/%m/%Y") if self.lang == "vi" else day.isoformat()

    def _label(self, table: dict[str, tuple[str, str]], value: str | None) -> str:
        if value is None:
            return "—"
        pair = table.get(value)
        return value if pair is None else self._pick(pair)
