"""The abbreviations that Vietnamese document symbols use, and what they stand for.

Sources: Hướng dẫn 36-HD/VPTW (3 April 2018) for Party documents; Phụ lục III of Nghị định
30/2020/NĐ-CP (5 March 2020) for State administrative documents; the usual symbols of
legal normative documents for the rest. Read by ``ledger.domain.documents``.
"""

from __future__ import annotations

# The kinds of Party documents with the abbreviations of Hướng dẫn 36-HD/VPTW. Only the
# kinds whose abbreviation we could confirm are listed: an unknown kind is refused, not
# guessed.
PARTY_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "QĐi": "Quy định",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TC": "Thông cáo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "BB": "Biên bản",
    "CV": "Công văn",
}

# Legal normative documents (văn bản quy phạm pháp luật): symbols with a year.
STATE_NORMATIVE_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",  # normative before the 2015 law; such symbols are still cited
    "PL": "Pháp lệnh",
    "L": "Lệnh",
}

# Administrative documents: Phụ lục III of Nghị định 30/2020/NĐ-CP (table I).
STATE_ADMINISTRATIVE_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "VBHN": "Văn bản hợp nhất",  # the consolidation of a legal document: 03/VBHN-VPQH
}

# Issuing bodies whose abbreviation is common enough to name; any well-formed
# abbreviation is accepted, these only give it a name.
ISSUER_NAMES: dict[str, str] = {
    "TW": "Trung ương Đảng",
    "TU": "Tỉnh ủy, Thành ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "ĐU": "Đảng ủy",
    "VPTW": "Văn phòng Trung ương Đảng",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BNV": "Bộ Nội vụ",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
}
