# language: vi
@audit @vi
Tính năng: Phát hiện kho dữ liệu bị sửa
  Mỗi sự việc được lưu là một lá của cây Merkle. Việc kiểm tra tính lại từng lá và chỉ ra
  vị trí đầu tiên không khớp; việc xóa các sự việc mới nhất bị phát hiện nhờ điểm kiểm tra
  đã ký gần nhất.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và những người sau dùng sổ:
      | tên                   | vai trò    | đơn vị                |
      | Văn phòng UBND tỉnh   | người giao |                       |
      | Sở Kế hoạch và Đầu tư | đơn vị     | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | kiểm toán  |                       |
      | Quản trị hệ thống     | quản trị   |                       |
    Và "Văn phòng UBND tỉnh" đã giao nhiệm vụ "NV1" cho "Sở Kế hoạch và Đầu tư" ngày 15/01/2025, hạn 30/06/2025
    Và "Sở Kế hoạch và Đầu tư" đã tiếp nhận "NV1" ngày 20/01/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 30% ngày 01/03/2025
    Và "Sở Kế hoạch và Đầu tư" đã báo cáo "NV1" đạt 60% ngày 01/05/2025

  Kịch bản: Kho không bị đụng đến thì kiểm tra đạt
    Khi kiểm toán viên kiểm tra sổ
    Thì kết quả kiểm tra là toàn vẹn

  @refused
  Kịch bản: Sự việc bị sửa bị phát hiện đúng vị trí
    Cho ai đó sửa con số trong báo cáo tiến độ phiên bản 3 của "NV1" từ 30 thành 90 ngay trong cơ sở dữ liệu
    Khi kiểm toán viên kiểm tra sổ
    Thì kiểm tra thất bại tại vị trí của phiên bản 3 của "NV1"

  @refused
  Kịch bản: Xóa sự việc mới nhất bị phát hiện nhờ điểm kiểm tra
    Cho quản trị viên đã ký một điểm kiểm tra
    Và ai đó xóa sự việc mới nhất của nhật ký ngay trong cơ sở dữ liệu
    Khi kiểm toán viên kiểm tra sổ
    Thì kiểm tra thất bại và chỉ ra điểm kiểm tra

  Kịch bản: Nhật ký kiểm toán dành cho kiểm toán viên
    Khi "Thanh tra tỉnh" xem nhật ký kiểm toán
    Thì nhật ký kiểm toán liệt kê mọi sự việc của "NV1" cùng mã băm lá
    Khi "Sở Kế hoạch và Đầu tư" xem nhật ký kiểm toán
    Thì sổ từ chối vì không có quyền

  Kịch bản: Kiểm toán viên tự mình kiểm chứng một sự việc nằm trong nhật ký đã ký
    Cho quản trị viên đã ký một điểm kiểm tra
    Khi kiểm toán viên xin bằng chứng rằng phiên bản 3 của "NV1" nằm trong nhật ký đã ký
    Thì chữ ký của điểm kiểm tra khớp với khóa công khai của sổ
    Và bằng chứng dẫn từ mã băm lá của phiên bản 3 của "NV1" đến gốc đã ký
