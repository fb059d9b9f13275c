# language: vi
@dondoc @vi
Tính năng: Đôn đốc trước và sau thời hạn đang có hiệu lực
  Sổ không chỉ ghi mà còn đôn đốc: bộ nhắc việc ghi sự kiện "đã nhắc" vào lịch sử của nhiệm
  vụ khi còn 7 ngày đến hạn, đúng ngày đến hạn, và khi quá hạn 1, 30, 60 ngày. Mỗi lần nhắc
  chỉ được ghi một lần cho mỗi nhiệm vụ, mỗi mốc và mỗi thời hạn, dù có bao nhiêu bộ nhắc
  việc chạy và dù chúng dừng thế nào. Việc nhắc không làm thay đổi trạng thái hay ô của
  nhiệm vụ trong bảng tổng hợp. Khi được gia hạn, các mốc nhắc tính lại theo hạn mới.

  Bối cảnh:
    Cho nhiệm vụ "NV1" do "Sở Tài chính" chủ trì, giao ngày 10/01/2022, hạn 30/06/2022, đã tiếp nhận

  Kịch bản: Nhắc ở mỗi mốc, mỗi mốc một lần
    Khi bộ nhắc việc chạy hai lần mỗi ngày từ 20/06/2022 đến 05/09/2022
    Thì lịch sử của "NV1" có các lần nhắc "before:7, due, overdue:1, overdue:30, overdue:60" theo hạn 30/06/2022
    Và trạng thái của "NV1" vẫn là "accepted"

  Kịch bản: Việc nhắc không làm thay đổi bảng tổng hợp
    Cho hôm nay là ngày 01/07/2022
    Khi bộ nhắc việc chạy
    Thì lịch sử của "NV1" có các lần nhắc "overdue:1" theo hạn 30/06/2022
    Và bảng theo dõi vẫn xếp "NV1" vào ô "open_overdue" như trước khi nhắc

  Kịch bản: Hai bộ nhắc việc chạy cùng lúc chỉ nhắc một lần
    Cho hôm nay là ngày 30/06/2022
    Khi hai bộ nhắc việc chạy cùng lúc
    Thì lịch sử của "NV1" có các lần nhắc "due" theo hạn 30/06/2022

  Kịch bản: Gia hạn thì các mốc nhắc tính theo hạn mới
    Cho hôm nay là ngày 30/06/2022
    Và bộ nhắc việc đã chạy
    Khi hạn của "NV1" được gia hạn đến 31/07/2022
    Và bộ nhắc việc chạy mỗi ngày từ 01/07/2022 đến 31/07/2022
    Thì lịch sử của "NV1" có các lần nhắc "due" theo hạn 30/06/2022
    Và lịch sử của "NV1" có các lần nhắc "before:7, due" theo hạn 31/07/2022

  Kịch bản: Tiến trình nhắc việc bị buộc dừng giữa chừng, rồi hai tiến trình khác chạy
    Cho 20 nhiệm vụ đến hạn hôm nay
    Khi một tiến trình nhắc việc bị buộc dừng (SIGKILL) giữa chừng rồi hai tiến trình nhắc việc khác chạy
    Thì mỗi nhiệm vụ trong 20 nhiệm vụ có đúng một lần nhắc "due"
