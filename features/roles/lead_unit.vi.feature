# language: vi
@roles @vi
Tính năng: Chỉ đơn vị chủ trì thực hiện nhiệm vụ của mình
  Đơn vị chủ trì, và chỉ người dùng thuộc đơn vị đó, được tiếp nhận nhiệm vụ, báo cáo tiến
  độ, xin gia hạn và báo cáo hoàn thành. Đơn vị khác, người giao, quản trị và kiểm toán
  không làm thay được.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | đơn vị     | Sở Tài chính          |
      | Thanh tra tỉnh        | kiểm toán  |                       |
      | Quản trị hệ thống     | quản trị   |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025

  @refused
  Khung kịch bản: Ai được tiếp nhận nhiệm vụ
    Khi "<ai>" thử tiếp nhận "NV1"
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | kết quả              |
      | Sở Kế hoạch và Đầu tư | ghi nhận             |
      | Sở Tài chính          | not_lead_unit        |
      | Văn phòng UBND tỉnh   | role_not_permitted   |
      | Quản trị hệ thống     | role_not_permitted   |
      | Thanh tra tỉnh        | auditors_never_write |

  @refused
  Khung kịch bản: Ai được báo cáo về nhiệm vụ đã tiếp nhận
    Cho "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Khi "<ai>" thử <việc> "NV1"
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | việc               | kết quả              |
      | Sở Kế hoạch và Đầu tư | báo cáo tiến độ    | ghi nhận             |
      | Sở Tài chính          | báo cáo tiến độ    | not_lead_unit        |
      | Văn phòng UBND tỉnh   | báo cáo tiến độ    | role_not_permitted   |
      | Sở Kế hoạch và Đầu tư | xin gia hạn        | ghi nhận             |
      | Sở Tài chính          | xin gia hạn        | not_lead_unit        |
      | Quản trị hệ thống     | xin gia hạn        | role_not_permitted   |
      | Sở Kế hoạch và Đầu tư | báo cáo hoàn thành | ghi nhận             |
      | Sở Tài chính          | báo cáo hoàn thành | not_lead_unit        |
      | Thanh tra tỉnh        | báo cáo hoàn thành | auditors_never_write |
