# language: vi
@units @documents @vi
Tính năng: Văn bản mà nhiệm vụ dẫn chiếu
  Văn bản được dẫn bằng số và ký hiệu, theo thể thức của Đảng (Hướng dẫn 36-HD/VPTW:
  01-CT/TW, 48-NQ/TU, 12-KH/TU) hoặc của Nhà nước (Nghị định 30/2020/NĐ-CP: 42/2014/QĐ-TTg,
  202/2025/QH15, 9061/VPCP-CN). Sổ đọc được từng phần của ký hiệu, từ chối ký hiệu sai và nói
  rõ trường nào sai, đúng ra phải viết thế nào; các ghi chú văn bản tự do ghi từ trước vẫn
  đọc được.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và các đơn vị sau đã được đăng ký:
      | tên                             | loại | có từ ngày |
      | Ban Thường vụ Tỉnh ủy Hải Dương | Đảng |            |
    Và những người sau dùng sổ:
      | tên                         | vai trò    | đơn vị                          |
      | Văn phòng Trung ương Đảng   | người giao |                                 |
      | Văn phòng Tỉnh ủy Hải Dương | đơn vị     | Ban Thường vụ Tỉnh ủy Hải Dương |
    Và "Văn phòng Trung ương Đảng" đã giao nhiệm vụ "NV1" cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, hạn 31/12/2025
    Và "Văn phòng Tỉnh ủy Hải Dương" đã tiếp nhận "NV1" ngày 10/12/2021

  Khung kịch bản: Kết quả dẫn văn bản theo thể thức nào cũng được
    Khi "Văn phòng Tỉnh ủy Hải Dương" báo cáo "NV1" đạt 50% ngày 20/01/2022, dẫn văn bản "<ký hiệu>"
    Thì sổ ghi nhận
    Và văn bản kèm theo sự việc cuối cùng của "NV1" là văn bản của <thể thức>, loại "<loại>", do "<cơ quan>" ban hành

    Dữ liệu:
      | ký hiệu         | thể thức | loại       | cơ quan |
      | 12-KH/TU        | Đảng     | Kế hoạch   | TU      |
      | 01-CT/TW        | Đảng     | Chỉ thị    | TW      |
      | 125-CV/TU       | Đảng     | Công văn   | TU      |
      | 42/2014/QĐ-TTg  | Nhà nước | Quyết định | TTg     |
      | 01/2020/TT-VPCP | Nhà nước | Thông tư   | VPCP    |
      | 9061/VPCP-CN    | Nhà nước | Công văn   | VPCP    |

  @refused
  Khung kịch bản: Ký hiệu sai thì bị từ chối, nói rõ trường sai và cách viết đúng
    Khi "Văn phòng Tỉnh ủy Hải Dương" báo cáo "NV1" đạt 50% ngày 20/01/2022, dẫn văn bản "<ký hiệu>"
    Thì sổ từ chối vì dữ liệu không hợp lệ ở trường "evidence[0].document.symbol"
    Và lời từ chối nêu cách viết đúng
    Và không có gì được thêm vào "NV1"

    Dữ liệu:
      | ký hiệu        |
      | 12/KH/TU       |
      | 12-KH-TU       |
      | 42/2014/QD-TTg |
      | 42/14/QĐ-TTg   |
      | Số 01-CT/TW    |
      | 01-XX/TW       |
      | 123/CV-UBND    |

  Kịch bản: Ghi chú văn bản tự do ghi từ trước vẫn đọc được
    Cho "Văn phòng Tỉnh ủy Hải Dương" đã báo cáo "NV1" đạt 30% ngày 20/01/2022, kèm ghi chú văn bản kiểu cũ "Kế hoạch số 12-KH/TU"
    Thì sổ ghi nhận
    Và văn bản kèm theo sự việc cuối cùng của "NV1" vẫn giữ nguyên ghi chú "Kế hoạch số 12-KH/TU"
