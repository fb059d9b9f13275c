# language: vi
@sample @vi
Tính năng: Buổi làm việc ngày 10 tháng 12 năm 2021 tại Hải Dương
  Sổ mẫu đi kèm ghi lại buổi làm việc của đồng chí Thường trực Ban Bí thư Võ Văn Thưởng với
  Ban Thường vụ Tỉnh ủy Hải Dương: mười ý kiến chỉ đạo của Trung ương, được tiếp nhận ngay
  trong ngày, và ba đột phá của tỉnh xuất phát từ đó. Mỗi sự việc dẫn đoạn tương ứng trong
  bài báo gốc. Bài báo không nêu thời hạn. Sổ ở đây dừng ở ngày 1/3/2022, trước việc kế thừa
  năm 2025 (features/units/sample_2025.*.feature).

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 01/03/2022
    Và sổ đã có buổi làm việc mẫu ngày 10 tháng 12 năm 2021
    Và những người sau dùng sổ:
      | tên                             | vai trò   | đơn vị                          |
      | Ban Thường vụ Tỉnh ủy Hải Dương | đơn vị    | Ban Thường vụ Tỉnh ủy Hải Dương |
      | Sở Kế hoạch và Đầu tư           | đơn vị    | Sở Kế hoạch và Đầu tư           |
      | Thanh tra tỉnh                  | kiểm toán |                                 |

  Kịch bản: Buổi làm việc và các nhiệm vụ của nó
    Thì buổi làm việc mẫu diễn ra ngày 10/12/2021, do "Võ Văn Thưởng" chủ trì
    Và buổi làm việc mẫu có 13 nhiệm vụ

  Khung kịch bản: Mười ý kiến chỉ đạo của Trung ương, đúng như bài báo
    Thì nhiệm vụ "<mã>" có tiêu đề "<tiêu đề>"
    Và nhiệm vụ "<mã>" do "Võ Văn Thưởng" giao cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, dẫn đoạn <đoạn>
    Và "<mã>" ở trạng thái "accepted"
    Và việc tiếp nhận "<mã>" có hiệu lực ngày 10/12/2021, dẫn đoạn 17

    Dữ liệu:
      | mã    | đoạn | tiêu đề |
      | TW-01 | 9  | Tiếp tục quán triệt Nghị quyết Đại hội XIII và các bài viết, phát biểu của Tổng Bí thư, cụ thể hóa vào chương trình công tác |
      | TW-02 | 9  | Mở đợt sinh hoạt chính trị thực hiện các kết luận, quy định, kế hoạch của Trung ương về xây dựng Đảng; kiểm điểm, đánh giá năm 2021 thực chất |
      | TW-03 | 10 | Tiếp tục đổi mới phương thức lãnh đạo của cấp ủy; thường xuyên đối thoại với nhân dân, doanh nghiệp để tháo gỡ khó khăn ngay từ cơ sở |
      | TW-04 | 10 | Đào tạo, bồi dưỡng nguồn nhân lực: cán bộ lãnh đạo, quản lý, nhà khoa học, người lao động chất lượng cao |
      | TW-05 | 11 | Thực hiện hiệu quả mục tiêu kép trong bối cảnh thích ứng linh hoạt với dịch COVID-19 |
      | TW-06 | 11 | Quản lý tốt quy hoạch, nhất là quy hoạch sử dụng đất |
      | TW-07 | 11 | Cải thiện, nâng cao chất lượng môi trường đầu tư; xây dựng tiêu chí lựa chọn nhà đầu tư có uy tín, chất lượng vào các khu công nghiệp |
      | TW-08 | 11 | Tập trung xây dựng nông thôn mới để rút ngắn khoảng cách giữa thành thị và nông thôn |
      | TW-09 | 12 | Chuẩn bị, chăm lo Tết Nhâm Dần 2022 cho người dân chu đáo, an toàn phòng, chống dịch |
      | TW-10 | 12 | Đảm bảo an ninh chính trị, trật tự an toàn xã hội, an ninh nông thôn, tôn giáo; giải quyết tốt các vấn đề bức xúc của người dân |

  Khung kịch bản: Các đột phá của tỉnh phục vụ các ý kiến chỉ đạo của Trung ương
    Thì nhiệm vụ "<mã>" là nhiệm vụ con của "<nhiệm vụ cha>"
    Và nhiệm vụ "<mã>" do "Ban Thường vụ Tỉnh ủy Hải Dương" giao cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, dẫn đoạn <đoạn>
    Và "<mã>" ở trạng thái "issued"

    Dữ liệu:
      | mã    | nhiệm vụ cha | đoạn |
      | DP-01 | TW-07        | 23   |
      | DP-02 | TW-08        | 24   |
      | DP-03 | TW-04        | 25   |

  Kịch bản: Bài báo không nêu thời hạn nên mọi nhiệm vụ thuộc ô không có thời hạn
    Thì vào ngày 31/12/2021, bảng theo đơn vị xếp 13 nhiệm vụ của "Ban Thường vụ Tỉnh ủy Hải Dương" vào ô "không có thời hạn"

  Kịch bản: Tỉnh báo cáo về nhiệm vụ chăm lo Tết
    Khi "Ban Thường vụ Tỉnh ủy Hải Dương" báo cáo "TW-09" đạt 100% ngày 28/01/2022
    Thì sổ ghi nhận
    Và "TW-09" ở trạng thái "in_progress"

  @refused
  Kịch bản: Đơn vị khác không thể tiếp nhận đột phá của tỉnh
    Khi "Sở Kế hoạch và Đầu tư" tiếp nhận "DP-01" ngày 15/12/2021
    Thì sổ từ chối vì không có quyền: "not_lead_unit"
    Và không có gì được thêm vào "DP-01"

  @refused
  Kịch bản: Không có gì mang ngày trước buổi làm việc
    Khi "Ban Thường vụ Tỉnh ủy Hải Dương" tiếp nhận "DP-02" ngày 09/12/2021
    Thì sổ từ chối theo quy tắc "effective_before_issuance"
