# language: vi
@units @sample @vi
Tính năng: Sổ mẫu sau việc kế thừa năm 2025
  Theo Nghị quyết 202/2025/QH15 (ngày 12/6/2025), tỉnh Hải Dương và thành phố Hải Phòng hợp
  nhất thành thành phố Hải Phòng, các cơ quan mới hoạt động từ ngày 1/7/2025. Lệnh
  `load-sample` ghi việc kế thừa đó như một sự việc: từ ngày ấy, các nhiệm vụ đang thực hiện
  của sổ mẫu do Ban Thường vụ Thành ủy Hải Phòng chủ trì, lịch sử năm 2021 vẫn nguyên vẹn.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và sổ đã có sổ mẫu, nạp vào hôm nay
    Và những người sau dùng sổ:
      | tên                          | vai trò | đơn vị                           |
      | Văn phòng Thành ủy Hải Phòng | đơn vị  | Ban Thường vụ Thành ủy Hải Phòng |

  Kịch bản: Hôm nay các nhiệm vụ của sổ mẫu do Hải Phòng chủ trì; ngày 1/1/2022 do Hải Dương
    Thì vào ngày 30/11/2026, bảng theo đơn vị xếp 13 nhiệm vụ của "Ban Thường vụ Thành ủy Hải Phòng" vào ô "không có thời hạn"
    Và vào ngày 01/01/2022, bảng theo đơn vị xếp 13 nhiệm vụ của "Ban Thường vụ Tỉnh ủy Hải Dương" vào ô "không có thời hạn"
    Và đơn vị chủ trì của "TW-09" là "Ban Thường vụ Thành ủy Hải Phòng"
    Và "TW-09" ở trạng thái "accepted"
    Và sự việc cuối cùng của "TW-09" chuyển nhiệm vụ cho "Ban Thường vụ Thành ủy Hải Phòng" từ ngày 01/07/2025, dẫn "202/2025/QH15"

  Kịch bản: Cơ quan kế thừa báo cáo về nhiệm vụ năm 2021 mà không phải tiếp nhận lại
    Khi "Văn phòng Thành ủy Hải Phòng" báo cáo "TW-09" đạt 50% ngày 30/11/2026
    Thì sổ ghi nhận
    Và "TW-09" ở trạng thái "in_progress"

  @refused
  Kịch bản: Không cấp mã truy cập mới cho cơ quan của Hải Dương
    Khi có yêu cầu cấp mã truy cập cho người dùng của "Ban Thường vụ Tỉnh ủy Hải Dương"
    Thì yêu cầu bị từ chối theo quy tắc "unit_not_valid", có nêu "Ban Thường vụ Thành ủy Hải Phòng"
