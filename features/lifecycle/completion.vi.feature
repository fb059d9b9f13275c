# language: vi
@lifecycle @vi
Tính năng: Tiến độ, hoàn thành và xác nhận hoàn thành
  Đơn vị chủ trì báo cáo tiến độ theo tỷ lệ phần trăm (từ 0 đến 100) và báo cáo hoàn
  thành kèm ít nhất một văn bản làm kết quả. Người giao xác nhận hoàn thành, hoặc không
  công nhận và nêu lý do; khi đó nhiệm vụ trở lại trạng thái đang thực hiện.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Quản trị hệ thống     | quản trị   |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025

  Kịch bản: Tiến độ được báo cáo theo phần trăm
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 40% ngày 01/03/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "in_progress"
    Và "NV1" đạt 40%

  @refused
  Khung kịch bản: Tỷ lệ ngoài khoảng 0 đến 100 bị từ chối
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt <tỷ lệ>% ngày 01/03/2025
    Thì sổ từ chối vì dữ liệu không hợp lệ ở trường "percent"
    Và không có gì được thêm vào "NV1"

    Dữ liệu:
      | tỷ lệ |
      | 101   |
      | -1    |

  Kịch bản: Hoàn thành đã được xác nhận thì nhiệm vụ khép lại
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 60% ngày 01/04/2025
    Khi "Sở Kế hoạch và Đầu tư" báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "completion_reported"
    Khi "Văn phòng UBND tỉnh" xác nhận hoàn thành "NV1" ngày 25/06/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "completed"
    Và "NV1" đạt 100%

  @refused
  Kịch bản: Báo cáo hoàn thành phải kèm văn bản
    Khi "Sở Kế hoạch và Đầu tư" báo cáo hoàn thành "NV1" ngày 20/06/2025 mà không kèm văn bản nào
    Thì sổ từ chối vì dữ liệu không hợp lệ ở trường "evidence"
    Và không có gì được thêm vào "NV1"

  Kịch bản: Không công nhận hoàn thành thì nhiệm vụ trở lại thực hiện
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Khi "Văn phòng UBND tỉnh" không công nhận hoàn thành "NV1" ngày 24/06/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "in_progress"
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 90% ngày 26/06/2025
    Thì sổ ghi nhận

  @refused
  Kịch bản: Trong khi chờ xác nhận hoàn thành, đơn vị không báo cáo thêm
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 95% ngày 21/06/2025
    Thì sổ từ chối theo quy tắc "awaiting_verification"
    Và không có gì được thêm vào "NV1"

  @refused
  Kịch bản: Chỉ xác nhận được khi đã có báo cáo hoàn thành
    Khi "Văn phòng UBND tỉnh" xác nhận hoàn thành "NV1" ngày 25/06/2025
    Thì sổ từ chối theo quy tắc "completion_not_reported"
    Và không có gì được thêm vào "NV1"

  @refused
  Khung kịch bản: Kết luận về báo cáo hoàn thành không thể có hiệu lực trước ngày báo cáo
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Khi "Văn phòng UBND tỉnh" <kết luận> hoàn thành "NV1" ngày 19/06/2025
    Thì sổ từ chối theo quy tắc "verdict_before_report"
    Và không có gì được thêm vào "NV1"
    Khi "Văn phòng UBND tỉnh" <kết luận> hoàn thành "NV1" ngày 20/06/2025
    Thì sổ ghi nhận
    Và "NV1" ở trạng thái "<trạng thái>"

    Dữ liệu:
      | kết luận        | trạng thái  |
      | xác nhận        | completed   |
      | không công nhận | in_progress |
