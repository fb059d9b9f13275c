# language: vi
@units @vi
Tính năng: Đơn vị và đơn vị kế thừa
  Khi các cơ quan hợp nhất, cơ quan kế thừa chủ trì các nhiệm vụ đang thực hiện của cơ quan
  cũ kể từ ngày kế thừa: mỗi nhiệm vụ ghi nhận việc chuyển giao, dẫn quyết định kế thừa, và
  giữ nguyên lịch sử, trạng thái, thời hạn và tiến độ; không phải tiếp nhận lại, vì công
  việc không bị gián đoạn (Nghị quyết 190/2025/QH15). Người dùng của cơ quan cũ không còn ghi
  sổ thay cơ quan đó. Nhiệm vụ đã hoàn thành hoặc đã thu hồi vẫn thuộc cơ quan đã làm.

  Bối cảnh:
    Cho sổ theo dõi có ngày hôm nay là 30/11/2026
    Và các đơn vị sau đã được đăng ký:
      | tên                              | loại     | có từ ngày |
      | Ban Thường vụ Tỉnh ủy Hải Dương  | Đảng     |            |
      | Ban Thường vụ Thành ủy Hải Phòng | Đảng     | 01/07/2025 |
    Và những người sau dùng sổ:
      | tên                          | vai trò    | đơn vị                           |
      | Văn phòng Trung ương Đảng    | người giao |                                  |
      | Văn phòng Tỉnh ủy Hải Dương  | đơn vị     | Ban Thường vụ Tỉnh ủy Hải Dương  |
      | Văn phòng Thành ủy Hải Phòng | đơn vị     | Ban Thường vụ Thành ủy Hải Phòng |
      | Quản trị hệ thống            | quản trị   |                                  |
    Và "Văn phòng Trung ương Đảng" đã giao nhiệm vụ "NV1" cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, hạn 31/12/2025
    Và "Văn phòng Tỉnh ủy Hải Dương" đã tiếp nhận "NV1" ngày 10/12/2021
    Và "Văn phòng Tỉnh ủy Hải Dương" đã báo cáo "NV1" đạt 40% ngày 15/03/2025

  Kịch bản: Nhiệm vụ đang thực hiện ngày 30/6/2025 do cơ quan kế thừa chủ trì từ ngày 1/7/2025
    Khi "Quản trị hệ thống" ghi nhận "Ban Thường vụ Thành ủy Hải Phòng" kế thừa "Ban Thường vụ Tỉnh ủy Hải Dương" từ ngày 01/07/2025 theo "202/2025/QH15"
    Thì sổ ghi nhận
    Và đơn vị chủ trì của "NV1" là "Ban Thường vụ Thành ủy Hải Phòng"
    Và "NV1" ở trạng thái "in_progress"
    Và "NV1" đạt 40%
    Và hạn của "NV1" là 31/12/2025, đã gia hạn 0 lần
    Và sự việc cuối cùng của "NV1" chuyển nhiệm vụ cho "Ban Thường vụ Thành ủy Hải Phòng" từ ngày 01/07/2025, dẫn "202/2025/QH15"
    Và các sự việc của "NV1" trước khi chuyển giao vẫn nguyên như cũ
    Và vào ngày 30/06/2025, bảng theo đơn vị xếp các nhiệm vụ của "Ban Thường vụ Tỉnh ủy Hải Dương" vào ô "đang thực hiện trong hạn"
    Và vào ngày 01/07/2025, bảng theo đơn vị xếp các nhiệm vụ của "Ban Thường vụ Thành ủy Hải Phòng" vào ô "đang thực hiện trong hạn"

  Kịch bản: Người dùng của cơ quan cũ bị từ chối sau ngày kế thừa; người của cơ quan kế thừa được ghi
    Cho "Quản trị hệ thống" đã ghi nhận "Ban Thường vụ Thành ủy Hải Phòng" kế thừa "Ban Thường vụ Tỉnh ủy Hải Dương" từ ngày 01/07/2025 theo "202/2025/QH15"
    Khi "Văn phòng Tỉnh ủy Hải Dương" báo cáo "NV1" đạt 60% ngày 02/07/2025
    Thì sổ từ chối vì không có quyền: "unit_succeeded"
    Và không có gì được thêm vào "NV1"
    Khi "Văn phòng Thành ủy Hải Phòng" báo cáo "NV1" đạt 60% ngày 02/07/2025
    Thì sổ ghi nhận
    Và "NV1" đạt 60%

  Kịch bản: Nhiệm vụ đã hoàn thành hoặc đã thu hồi vẫn thuộc cơ quan đã làm
    Cho "Văn phòng Trung ương Đảng" đã giao nhiệm vụ "NV2" cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, hạn 30/06/2022
    Và "Văn phòng Tỉnh ủy Hải Dương" đã tiếp nhận "NV2" ngày 10/12/2021
    Và "Văn phòng Tỉnh ủy Hải Dương" đã báo cáo hoàn thành "NV2" ngày 20/06/2022, kèm văn bản "210-BC/TU"
    Và "Văn phòng Trung ương Đảng" đã xác nhận hoàn thành "NV2" ngày 25/06/2022
    Và "Văn phòng Trung ương Đảng" đã giao nhiệm vụ "NV3" cho "Ban Thường vụ Tỉnh ủy Hải Dương" ngày 10/12/2021, không có thời hạn
    Và "Văn phòng Trung ương Đảng" đã thu hồi "NV3" ngày 10/01/2022
    Khi "Quản trị hệ thống" ghi nhận "Ban Thường vụ Thành ủy Hải Phòng" kế thừa "Ban Thường vụ Tỉnh ủy Hải Dương" từ ngày 01/07/2025 theo "202/2025/QH15"
    Thì sổ ghi nhận
    Và đơn vị chủ trì của "NV1" là "Ban Thường vụ Thành ủy Hải Phòng"
    Và đơn vị chủ trì của "NV2" là "Ban Thường vụ Tỉnh ủy Hải Dương"
    Và đơn vị chủ trì của "NV3" là "Ban Thường vụ Tỉnh ủy Hải Dương"

  @refused
  Khung kịch bản: Việc kế thừa trái quy tắc thì không được ghi
    Khi "<ai>" ghi nhận "Ban Thường vụ Thành ủy Hải Phòng" kế thừa "Ban Thường vụ Tỉnh ủy Hải Dương" từ ngày <ngày> theo "202/2025/QH15"
    Thì sổ trả lời "<kết quả>"
    Và đơn vị chủ trì của "NV1" là "Ban Thường vụ Tỉnh ủy Hải Dương"

    Dữ liệu:
      | ai                          | ngày       | kết quả             |
      | Văn phòng Trung ương Đảng   | 01/07/2025 | role_not_permitted  |
      | Văn phòng Tỉnh ủy Hải Dương | 01/07/2025 | role_not_permitted  |
      | Quản trị hệ thống           | 01/01/2027 | effective_in_future |
      | Quản trị hệ thống           | 30/06/2025 | succession_refused  |

  @refused
  Khung kịch bản: Căn cứ của việc kế thừa phải là số và ký hiệu văn bản
    Khi "Quản trị hệ thống" ghi nhận "Ban Thường vụ Thành ủy Hải Phòng" kế thừa "Ban Thường vụ Tỉnh ủy Hải Dương" từ ngày 01/07/2025 theo "<căn cứ>"
    Thì sổ từ chối vì dữ liệu không hợp lệ ở trường "basis.symbol"
    Và đơn vị chủ trì của "NV1" là "Ban Thường vụ Tỉnh ủy Hải Dương"

    Dữ liệu:
      | căn cứ         |
      | Nghị quyết 202 |
      | 202/2025/QD15  |
      | 202/2025       |
