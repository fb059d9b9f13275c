# language: vi
@lifecycle @vi
Tính năng: Ghi chú để đính chính, không sửa lại
  Sai sót không bao giờ bị xóa đi. Một ghi chú chỉ vào sự việc trước đó theo số phiên bản
  và nói điều gì sai hoặc cần bổ sung; sự việc cũ vẫn giữ nguyên.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 30% ngày 01/02/2025

  Kịch bản: Ghi chú để nguyên sự việc mà nó đính chính
    Khi "Sở Kế hoạch và Đầu tư" ghi chú vào phiên bản 3 của "NV1": "Tỷ lệ đúng là 35%, theo Báo cáo số 12/BC-SKHĐT"
    Thì sổ ghi nhận
    Và sự việc phiên bản 3 của "NV1" vẫn nguyên như cũ
    Và sự việc cuối cùng của "NV1" là ghi chú cho phiên bản 3 với nội dung "Tỷ lệ đúng là 35%, theo Báo cáo số 12/BC-SKHĐT"
    Và "NV1" đạt 30%

  @refused
  Khung kịch bản: Ghi chú phải chỉ vào một phiên bản có thật
    Khi "Sở Kế hoạch và Đầu tư" ghi chú vào phiên bản <phiên bản> của "NV1": "Ghi chú"
    Thì sổ từ chối theo quy tắc "unknown_version"
    Và không có gì được thêm vào "NV1"

    Dữ liệu:
      | phiên bản |
      | 4         |
      | 12        |
