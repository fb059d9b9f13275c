# language: vi
@grid @vi
Tính năng: Vị trí của nhiệm vụ trong bảng tổng hợp
  Bảng tổng hợp theo quy định theo dõi nhiệm vụ của Chính phủ (Quyết định
  42/2014/QĐ-TTg và các văn bản sửa đổi): hoàn thành đúng hạn, hoàn thành quá hạn, đang
  thực hiện trong hạn, đang thực hiện quá hạn; thêm "không có thời hạn" (chưa xong và
  không có hạn) và "đã thu hồi". Hoàn thành đúng hạn khi báo cáo hoàn thành được xác nhận
  có ngày hiệu lực không muộn hơn thời hạn đang áp dụng, sau các lần gia hạn; nhiệm vụ
  không có thời hạn đã hoàn thành thì tính là đúng hạn. Bảng được xem như tại một ngày.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |

  Khung kịch bản: Nhiệm vụ chưa xong thì trong hạn hoặc quá hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn <hạn>
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Thì vào ngày <ngày xem>, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "<ô>"

    Dữ liệu:
      | hạn        | ngày xem   | ô                        |
      | 30/06/2025 | 29/06/2025 | đang thực hiện trong hạn |
      | 30/06/2025 | 30/06/2025 | đang thực hiện trong hạn |
      | 30/06/2025 | 01/07/2025 | đang thực hiện quá hạn   |
      | không có   | 01/07/2025 | không có thời hạn        |

  Khung kịch bản: Hoàn thành đúng hạn khi báo cáo hoàn thành có hiệu lực không muộn hơn thời hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn <hạn>
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày <báo cáo>, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày <xác nhận>
    Thì vào ngày 31/12/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "<ô>"

    Dữ liệu:
      | hạn        | báo cáo    | xác nhận   | ô                   |
      | 30/06/2025 | 20/06/2025 | 25/06/2025 | hoàn thành đúng hạn |
      | 30/06/2025 | 30/06/2025 | 10/07/2025 | hoàn thành đúng hạn |
      | 30/06/2025 | 01/07/2025 | 02/07/2025 | hoàn thành quá hạn  |
      | không có   | 15/09/2025 | 20/09/2025 | hoàn thành đúng hạn |

  Khung kịch bản: Thời hạn đang áp dụng là thời hạn đã gia hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "NV1" đã được gia hạn đến 30/09/2025 vào ngày 20/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày <báo cáo>, kèm văn bản "Báo cáo số 80/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 15/10/2025
    Thì vào ngày 31/12/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "<ô>"

    Dữ liệu:
      | báo cáo    | ô                   |
      | 30/09/2025 | hoàn thành đúng hạn |
      | 01/10/2025 | hoàn thành quá hạn  |

  Khung kịch bản: Chỉ tính là hoàn thành khi đã được xác nhận
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 05/07/2025
    Thì vào ngày <ngày xem>, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "<ô>"

    Dữ liệu:
      | ngày xem   | ô                        |
      | 25/06/2025 | đang thực hiện trong hạn |
      | 05/07/2025 | hoàn thành đúng hạn      |

  Kịch bản: Nhiệm vụ đã thu hồi được xếp vào ô đã thu hồi
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Văn phòng UBND tỉnh" đã thu hồi "NV1" ngày 01/02/2025
    Thì vào ngày 31/12/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "đã thu hồi"
