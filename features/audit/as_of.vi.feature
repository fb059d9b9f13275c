# language: vi
@audit @vi
Tính năng: Nhiệm vụ như tại một thời điểm trong quá khứ
  Kiểm toán viên hỏi sổ đã ghi gì tại một thời điểm đã qua (thời điểm ghi sổ), hoặc các
  nhiệm vụ ở tình trạng nào vào một ngày đã qua (theo ngày hiệu lực). Những gì ghi sau
  không làm thay đổi các câu trả lời đó.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | kiểm toán  |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025

  Kịch bản: Nhiệm vụ như sổ đã biết tại một thời điểm đã qua
    Cho kiểm toán viên ghi lại thời điểm hiện tại
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 40% ngày 01/03/2025
    Khi "Thanh tra tỉnh" xem "NV1" tại thời điểm đã ghi lại
    Thì người xem thấy "NV1" ở trạng thái "accepted"
    Và người xem thấy phiên bản 2, đạt 0%
    Khi "Thanh tra tỉnh" xem "NV1" ở phiên bản 3
    Thì người xem thấy "NV1" ở trạng thái "in_progress"
    Và người xem thấy phiên bản 3, đạt 40%

  Kịch bản: Danh sách quá hạn như trước khi được gia hạn muộn
    Cho "Sở Kế hoạch và Đầu tư" đã xin gia hạn "NV1" đến 30/09/2025 vào ngày 08/07/2025
    Và "Văn phòng UBND tỉnh" đã đồng ý gia hạn "NV1" đến 30/09/2025 vào ngày 15/07/2025
    Thì vào ngày 10/07/2025, danh sách quá hạn có "NV1", quá hạn 10 ngày, thuộc nhóm "1-30"
    Và vào ngày 15/07/2025, danh sách quá hạn không có "NV1"
    Và vào ngày 10/07/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "đang thực hiện quá hạn"
    Và vào ngày 15/07/2025, bảng theo đơn vị xếp các nhiệm vụ của "Sở Kế hoạch và Đầu tư" vào ô "đang thực hiện trong hạn"
