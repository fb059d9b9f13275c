# language: vi
@audit @vi
Tính năng: Dựng lại sổ từ tệp xuất cho cùng các bảng tổng hợp
  Kiểm toán viên xuất toàn bộ nhật ký và dựng lại trong một kho dữ liệu mới của mình. Mỗi
  bảng dựng lại từ tệp xuất có cùng mã băm với bảng đang chạy, xem tại cùng một ngày.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | kiểm toán  |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV2" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, không có thời hạn
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV3" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 31/03/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV3" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 01/07/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 05/07/2025
    Và "Văn phòng UBND tỉnh" đã ghi chú vào phiên bản 1 của "NV2": "Nhiệm vụ thường xuyên"

  Kịch bản: Xuất sổ rồi dựng lại trong một kho mới
    Khi kiểm toán viên xuất sổ ra tệp
    Và kiểm toán viên dựng lại sổ từ tệp xuất trong một kho mới
    Thì vào ngày 31/12/2025, các bảng dựng lại có cùng mã băm với các bảng đang chạy
    Và vào ngày 30/11/2026, các bảng dựng lại có cùng mã băm với các bảng đang chạy
