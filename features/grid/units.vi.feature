# language: vi
@grid @vi
Tính năng: Bảng tổng hợp theo đơn vị
  Nhiệm vụ của mỗi đơn vị được đếm theo các ô của bảng tổng hợp, kèm tỷ lệ hoàn thành
  đúng hạn: số hoàn thành đúng hạn trên tổng số đã hoàn thành.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | đơn vị     | Sở Tài chính          |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV2" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV3" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 31/12/2025
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV4" cho "Sở Tài chính" ngày 15/01/2025, hạn 31/03/2025
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV5" cho "Sở Tài chính" ngày 15/01/2025, không có thời hạn
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV2" ngày 20/01/2025
    Và "Sở Tài chính" đã tiếp nhận "NV4" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 20/06/2025, kèm văn bản "Báo cáo số 45/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 25/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV2" ngày 20/07/2025, kèm văn bản "Báo cáo số 52/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV2" ngày 25/07/2025

  Kịch bản: Mỗi đơn vị có một dòng đếm nhiệm vụ theo các ô
    Thì vào ngày 30/09/2025, bảng theo đơn vị như sau:
      | đơn vị                | hoàn thành đúng hạn | hoàn thành quá hạn | đang thực hiện trong hạn | đang thực hiện quá hạn | không có thời hạn | đã thu hồi | tỷ lệ đúng hạn |
      | Sở Kế hoạch và Đầu tư | 1                   | 1                  | 1                        | 0                      | 0                 | 0          | 50%            |
      | Sở Tài chính          | 0                   | 0                  | 0                        | 1                      | 1                 | 0          | không có       |
