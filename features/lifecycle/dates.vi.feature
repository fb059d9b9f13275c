# language: vi
@lifecycle @vi
Tính năng: Ngày xảy ra và thời điểm ghi sổ
  Mỗi sự việc có ngày hiệu lực (ngày việc xảy ra, theo nghiệp vụ) và thời điểm ghi sổ
  (lúc sổ được biết); sổ giữ cả hai. Ghi sổ muộn là chuyện thường, nên một sự việc có thể
  có ngày hiệu lực sớm hơn những sự việc đã ghi trước nó. Nhưng ngày hiệu lực không được
  trước ngày giao nhiệm vụ, cũng không được sau ngày ghi sổ. Nếu không ghi ngày, sự việc có
  hiệu lực từ ngày ghi sổ, theo múi giờ của sổ (Asia/Ho_Chi_Minh).

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025

  Kịch bản: Báo cáo ghi sổ muộn vẫn giữ ngày sớm hơn của nó
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 50% ngày 01/03/2025
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 30% ngày 01/02/2025
    Thì sổ ghi nhận
    Và lịch sử của "NV1" như sau:
      | phiên bản | sự việc           | ngày hiệu lực |
      | 1         | issued            | 15/01/2025    |
      | 2         | accepted          | 20/01/2025    |
      | 3         | progress_reported | 01/03/2025    |
      | 4         | progress_reported | 01/02/2025    |
    Và mỗi sự việc của "NV1" giữ thời điểm ghi sổ tách biệt với ngày hiệu lực

  @refused
  Kịch bản: Không sự việc nào có hiệu lực trước ngày giao nhiệm vụ
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 10% ngày 14/01/2025
    Thì sổ từ chối theo quy tắc "effective_before_issuance"
    Và không có gì được thêm vào "NV1"

  @refused
  Kịch bản: Không sự việc nào có hiệu lực sau ngày ghi sổ
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 10% ngày 01/12/2026
    Thì sổ từ chối theo quy tắc "effective_in_future"
    Và không có gì được thêm vào "NV1"
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 10% ngày 30/11/2026
    Thì sổ ghi nhận

  Kịch bản: Không ghi ngày thì sự việc có hiệu lực từ ngày hôm nay theo giờ Hà Nội
    Cho đồng hồ của sổ chỉ 2026-11-29T23:30:00Z, tức đã là ngày 30/11/2026 theo giờ Asia/Ho_Chi_Minh
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 20% mà không ghi ngày
    Thì sổ ghi nhận
    Và sự việc cuối cùng của "NV1" có hiệu lực từ ngày 30/11/2026

  @refused
  Kịch bản: Thời hạn không được trước ngày giao
    Khi "Văn phòng UBND tỉnh" giao nhiệm vụ "NV2" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 10/01/2025
    Thì sổ từ chối theo quy tắc "deadline_before_issuance"

  Kịch bản: Thời điểm ghi sổ không bao giờ lùi lại, kể cả khi đồng hồ máy chủ bị lùi
    Cho "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 30% ngày 01/02/2025
    Và đồng hồ ghi sổ bị chỉnh lùi 1 giờ
    Khi "Sở Kế hoạch và Đầu tư" báo cáo "NV1" đạt 50% ngày 01/03/2025
    Thì sổ ghi nhận
    Và thời điểm ghi sổ các sự việc của "NV1" không bao giờ lùi lại
    Và xem "NV1" tại từng thời điểm ghi sổ thì thấy đúng như lịch sử của nó
