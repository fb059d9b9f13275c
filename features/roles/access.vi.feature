# language: vi
@roles @vi
Tính năng: Muốn xem phải có mã truy cập hợp lệ
  Người xem nào cũng phải có mã truy cập hợp lệ, dù giữ vai trò gì. Yêu cầu không có mã,
  hoặc có mã đã bị thu hồi, bị từ chối và không làm thay đổi gì.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | kiểm toán  |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025

  Khung kịch bản: Mọi vai trò đều được xem nhiệm vụ
    Khi "<ai>" xem "NV1"
    Thì người xem thấy "NV1" ở trạng thái "issued"

    Dữ liệu:
      | ai                    |
      | Văn phòng UBND tỉnh   |
      | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        |

  @refused
  Kịch bản: Không có mã truy cập thì không được trả lời
    Khi một người không có mã truy cập xem "NV1"
    Thì sổ từ chối vì chưa xác thực

  @refused
  Kịch bản: Mã truy cập đã thu hồi thì không ghi được nữa
    Cho mã truy cập của "Sở Kế hoạch và Đầu tư" đã bị thu hồi
    Khi "Sở Kế hoạch và Đầu tư" tiếp nhận "NV1" ngày 20/01/2025
    Thì sổ từ chối vì chưa xác thực
    Và không có gì được thêm vào "NV1"
