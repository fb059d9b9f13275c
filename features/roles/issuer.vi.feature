# language: vi
@roles @vi
Tính năng: Chỉ người giao hoặc quản trị quyết định
  Chỉ người giao (issuer) hoặc quản trị (admin) được giao nhiệm vụ, đồng ý hoặc từ chối gia
  hạn, giao lại, xác nhận hoặc không công nhận hoàn thành, và thu hồi nhiệm vụ. Ai được
  ghi sổ thì được ghi chú. Kiểm toán chỉ đọc và kiểm tra, không bao giờ ghi.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | đơn vị     | Sở Tài chính          |
      | Thanh tra tỉnh        | kiểm toán  |                       |
      | Quản trị hệ thống     | quản trị   |                       |

  @refused
  Khung kịch bản: Ai được giao nhiệm vụ
    Khi "<ai>" giao nhiệm vụ "NV9" cho "Sở Tài chính" ngày 15/01/2025, hạn 30/06/2025
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | kết quả              |
      | Văn phòng UBND tỉnh   | ghi nhận             |
      | Quản trị hệ thống     | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | role_not_permitted   |
      | Thanh tra tỉnh        | auditors_never_write |

  @refused
  Khung kịch bản: Ai được trả lời đề nghị gia hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Khi "<ai>" thử <việc> "NV1"
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | việc                       | kết quả              |
      | Văn phòng UBND tỉnh   | đồng ý gia hạn             | ghi nhận             |
      | Quản trị hệ thống     | đồng ý gia hạn             | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | đồng ý gia hạn             | role_not_permitted   |
      | Thanh tra tỉnh        | đồng ý gia hạn             | auditors_never_write |
      | Văn phòng UBND tỉnh   | từ chối gia hạn            | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | từ chối gia hạn            | role_not_permitted   |

  @refused
  Khung kịch bản: Ai được quyết định về nhiệm vụ
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Khi "<ai>" thử <việc> "NV1"
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | việc                       | kết quả              |
      | Văn phòng UBND tỉnh   | giao lại                   | ghi nhận             |
      | Sở Tài chính          | giao lại                   | role_not_permitted   |
      | Văn phòng UBND tỉnh   | xác nhận hoàn thành        | ghi nhận             |
      | Quản trị hệ thống     | xác nhận hoàn thành        | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | xác nhận hoàn thành        | role_not_permitted   |
      | Thanh tra tỉnh        | xác nhận hoàn thành        | auditors_never_write |
      | Văn phòng UBND tỉnh   | không công nhận hoàn thành | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | không công nhận hoàn thành | role_not_permitted   |
      | Văn phòng UBND tỉnh   | thu hồi                    | ghi nhận             |
      | Quản trị hệ thống     | thu hồi                    | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | thu hồi                    | role_not_permitted   |
      | Thanh tra tỉnh        | thu hồi                    | auditors_never_write |

  @refused
  Khung kịch bản: Ai được ghi sổ thì được ghi chú; kiểm toán không bao giờ ghi
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Khi "<ai>" thử ghi chú vào "NV1"
    Thì sổ trả lời "<kết quả>"

    Dữ liệu:
      | ai                    | kết quả              |
      | Văn phòng UBND tỉnh   | ghi nhận             |
      | Sở Kế hoạch và Đầu tư | ghi nhận             |
      | Sở Tài chính          | ghi nhận             |
      | Quản trị hệ thống     | ghi nhận             |
      | Thanh tra tỉnh        | auditors_never_write |
