# language: vi
@lifecycle @vi
Tính năng: Trình tự các sự việc của một nhiệm vụ
  Nhiệm vụ được giao cho một đơn vị chủ trì. Đơn vị chủ trì phải tiếp nhận trước khi báo
  cáo bất cứ điều gì. Trước khi tiếp nhận, người giao vẫn có thể giao lại hoặc thu hồi
  nhiệm vụ, và ai cũng có thể ghi chú. Khi việc hoàn thành đã được xác nhận, hoặc nhiệm vụ
  đã bị thu hồi, chỉ còn được ghi chú. Nhiệm vụ được giao lại phải chờ đơn vị chủ trì mới
  tiếp nhận.

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

  Kịch bản: Nhiệm vụ mới giao đang chờ đơn vị chủ trì
    Thì "NV1" ở trạng thái "issued"
    Và lịch sử của "NV1" như sau:
      | phiên bản | sự việc | ngày hiệu lực |
      | 1         | issued  | 15/01/2025    |

  Kịch bản: Đơn vị chủ trì tiếp nhận nhiệm vụ mới
    Khi "Sở Kế hoạch và Đầu tư" tiếp nhận "NV1" ngày 20/01/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "accepted"

  @refused
  Kịch bản: Chưa tiếp nhận thì chưa được báo cáo tiến độ
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 30% ngày 01/02/2025
    Thì sổ từ chối theo quy tắc "not_yet_accepted"
    Và không có gì được thêm vào "NV1"

  @refused
  Kịch bản: Mỗi nhiệm vụ chỉ tiếp nhận một lần
    Cho "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Khi "Sở Kế hoạch và Đầu tư" tiếp nhận "NV1" ngày 21/01/2025
    Thì sổ từ chối theo quy tắc "already_accepted"
    Và không có gì được thêm vào "NV1"

  Kịch bản: Nhiệm vụ chưa được tiếp nhận vẫn có thể bị thu hồi
    Khi "Văn phòng UBND tỉnh" thu hồi "NV1" ngày 01/02/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "withdrawn"

  @refused
  Kịch bản: Nhiệm vụ đã thu hồi chỉ còn nhận ghi chú
    Cho "Văn phòng UBND tỉnh" đã thu hồi "NV1" ngày 01/02/2025
    Khi "Sở Kế hoạch và Đầu tư" tiếp nhận "NV1" ngày 02/02/2025
    Thì sổ từ chối theo quy tắc "directive_closed"
    Và không có gì được thêm vào "NV1"
    Khi "Văn phòng UBND tỉnh" ghi chú vào phiên bản 2 của "NV1": "Thu hồi theo Công văn số 15/UBND-TH"
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "withdrawn"

  @refused
  Kịch bản: Nhiệm vụ đã hoàn thành chỉ còn nhận ghi chú
    Cho "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 25/06/2025
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 100% ngày 26/06/2025
    Thì sổ từ chối theo quy tắc "directive_closed"
    Và không có gì được thêm vào "NV1"
    Khi "Văn phòng UBND tỉnh" thu hồi "NV1" ngày 27/06/2025
    Thì sổ từ chối theo quy tắc "directive_closed"
    Khi "Sở Kế hoạch và Đầu tư" ghi chú vào phiên bản 3 của "NV1": "Kèm phụ lục số liệu ngày 20/6/2025"
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "completed"

  Kịch bản: Nhiệm vụ được giao lại phải chờ đơn vị chủ trì mới tiếp nhận
    Cho "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 30% ngày 15/02/2025
    Khi "Văn phòng UBND tỉnh" giao lại "NV1" cho "Sở Tài chính" ngày 01/03/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "issued"
    Và đơn vị chủ trì của "NV1" là "Sở Tài chính"
    Khi "Sở Tài chính" báo cáo "NV1" đạt 40% ngày 05/03/2025
    Thì sổ từ chối theo quy tắc "not_yet_accepted"
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 50% ngày 05/03/2025
    Thì sổ từ chối vì không có quyền: "not_lead_unit"
    Khi "Sở Tài chính" tiếp nhận "NV1" ngày 03/03/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "accepted"

  Kịch bản: Nhiệm vụ chưa được tiếp nhận vẫn có thể giao lại
    Khi "Văn phòng UBND tỉnh" giao lại "NV1" cho "Sở Tài chính" ngày 17/01/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "issued"
    Và đơn vị chủ trì của "NV1" là "Sở Tài chính"
