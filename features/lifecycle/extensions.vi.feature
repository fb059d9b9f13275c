# language: vi
@lifecycle @vi
Tính năng: Gia hạn thời hạn
  Đơn vị chủ trì xin lùi thời hạn; người giao đồng ý hoặc từ chối. Chỉ đồng ý khi đang có
  đề nghị chưa được trả lời, thời hạn mới phải sau thời hạn hiện hành, và mỗi nhiệm vụ
  được gia hạn tối đa 3 lần (theo cấu hình của sổ).

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |

  Kịch bản: Gia hạn được đồng ý thì thời hạn lùi lại
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 20/06/2025
    Thì sổ ghi nhận
    Và hạn của "NV1" là 30/09/2025, đã gia hạn 1 lần

  @refused
  Kịch bản: Chỉ đồng ý gia hạn khi có đề nghị đang chờ
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 20/06/2025
    Thì sổ từ chối theo quy tắc "no_open_extension_request"
    Và không có gì được thêm vào "NV1"
    Và hạn của "NV1" là 30/06/2025, đã gia hạn 0 lần

  @refused
  Kịch bản: Đề nghị đã bị từ chối thì không thể đồng ý sau đó
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Khi "Văn phòng UBND tỉnh" từ chối gia hạn "NV1" ngày 20/06/2025
    Thì sổ ghi nhận
    Và hạn của "NV1" là 30/06/2025, đã gia hạn 0 lần
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 21/06/2025
    Thì sổ từ chối theo quy tắc "no_open_extension_request"

  @refused
  Kịch bản: Mỗi lúc chỉ một đề nghị gia hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến 31/10/2025 vào ngày 16/06/2025
    Thì sổ từ chối theo quy tắc "extension_request_already_open"
    Và không có gì được thêm vào "NV1"

  @refused
  Khung kịch bản: Thời hạn mới phải sau thời hạn hiện hành
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến <hạn xin> vào ngày 15/06/2025
    Thì sổ từ chối theo quy tắc "deadline_not_later"
    Và không có gì được thêm vào "NV1"

    Dữ liệu:
      | hạn xin    |
      | 30/06/2025 |
      | 31/05/2025 |

  @refused
  Kịch bản: Không được đồng ý một thời hạn sớm hơn thời hạn hiện hành
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 01/06/2025 vào ngày 20/06/2025
    Thì sổ từ chối theo quy tắc "deadline_not_later"
    Và không có gì được thêm vào "NV1"

  @refused
  Kịch bản: Mỗi nhiệm vụ được gia hạn tối đa 3 lần
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 31/03/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "NV1" đã được gia hạn đến 30/04/2025 vào ngày 20/03/2025
    Và "NV1" đã được gia hạn đến 31/05/2025 vào ngày 20/04/2025
    Và "NV1" đã được gia hạn đến 30/06/2025 vào ngày 20/05/2025
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến 31/07/2025 vào ngày 20/06/2025
    Thì sổ từ chối theo quy tắc "extension_limit_reached"
    Và không có gì được thêm vào "NV1"
    Và hạn của "NV1" là 30/06/2025, đã gia hạn 3 lần

  @refused
  Kịch bản: Số lần gia hạn tối đa là một cấu hình của sổ
    Cho sổ cho phép gia hạn tối đa 1 lần mỗi nhiệm vụ
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 31/03/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "NV1" đã được gia hạn đến 30/04/2025 vào ngày 20/03/2025
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến 31/05/2025 vào ngày 20/04/2025
    Thì sổ từ chối theo quy tắc "extension_limit_reached"

  @refused
  Kịch bản: Nhiệm vụ không có thời hạn thì không có gì để gia hạn
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, không có thời hạn
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Thì sổ từ chối theo quy tắc "no_deadline_to_extend"
    Và không có gì được thêm vào "NV1"

  @refused
  Kịch bản: Không gia hạn khi báo cáo hoàn thành đang chờ xác nhận
    Nếu gia hạn lúc đó, thời hạn dùng để đánh giá một báo cáo đã nộp sẽ bị lùi lại, và một
    báo cáo nộp quá hạn sẽ thành đúng hạn.
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 10/07/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 12/07/2025
    Thì sổ từ chối theo quy tắc "extension_awaiting_verification"
    Và không có gì được thêm vào "NV1"
    Và hạn của "NV1" là 30/06/2025, đã gia hạn 0 lần
    Khi "Sở Kế hoạch và Đầu tư" xin gia hạn "NV1" đến 31/10/2025 vào ngày 12/07/2025
    Thì sổ từ chối theo quy tắc "awaiting_verification"
    Khi "Văn phòng UBND tỉnh" xác nhận hoàn thành "NV1" ngày 15/07/2025
    Thì sổ ghi nhận
    Và vào ngày 20/07/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "hoàn thành quá hạn"

  Kịch bản: Báo cáo hoàn thành không được công nhận thì đề nghị gia hạn đang chờ lại được xem xét
    Cho "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 15/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 25/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã không công nhận hoàn thành "NV1" ngày 28/06/2025
    Khi "Văn phòng UBND tỉnh" đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 29/06/2025
    Thì sổ ghi nhận
    Và hạn của "NV1" là 30/09/2025, đã gia hạn 1 lần
