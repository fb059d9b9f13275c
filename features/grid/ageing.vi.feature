# language: vi
@grid @ageing @vi
Tính năng: Nhiệm vụ quá hạn và số ngày quá hạn
  Nhiệm vụ chưa xong mà đã qua thời hạn là quá hạn. Danh sách quá hạn cho biết đã quá hạn
  bao nhiêu ngày và thuộc nhóm nào: 1-30, 31-60, 61-120, trên 120 ngày.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025

  Khung kịch bản: Các nhóm quá hạn và ranh giới của chúng
    Thì vào ngày <ngày xem>, danh sách quá hạn có "NV1", quá hạn <số ngày> ngày, thuộc nhóm "<nhóm>"

    Dữ liệu:
      | ngày xem   | số ngày | nhóm   |
      | 01/07/2025 | 1       | 1-30   |
      | 30/07/2025 | 30      | 1-30   |
      | 31/07/2025 | 31      | 31-60  |
      | 29/08/2025 | 60      | 31-60  |
      | 30/08/2025 | 61      | 61-120 |
      | 28/10/2025 | 120     | 61-120 |
      | 29/10/2025 | 121     | >120   |
      | 30/11/2026 | 518     | >120   |

  Kịch bản: Đúng ngày hết hạn thì chưa quá hạn
    Thì vào ngày 30/06/2025, danh sách quá hạn không có "NV1"

  Kịch bản: Nhiệm vụ đã hoàn thành ra khỏi danh sách quá hạn
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo hoàn thành "NV1" ngày 01/08/2025, kèm văn bản "Báo cáo số 60/BC-SKHĐT"
    Và "Văn phòng UBND tỉnh" đã xác nhận hoàn thành "NV1" ngày 05/08/2025
    Thì vào ngày 04/08/2025, danh sách quá hạn có "NV1", quá hạn 35 ngày, thuộc nhóm "31-60"
    Và vào ngày 05/08/2025, danh sách quá hạn không có "NV1"
