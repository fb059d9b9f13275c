# language: en
@sample @en
Feature: The working session of 10 December 2021 in Hải Dương
  The bundled sample ledger records the working session of the Standing Member of the
  Secretariat Võ Văn Thưởng with the Standing Board of the Hải Dương Provincial Party
  Committee: ten central directives, accepted the same day, and the province's three
  breakthrough tasks derived from them. Every fact cites its paragraph in the source
  report. The report sets no deadlines. The ledger here stands on 1 March 2022, before
  the 2025 succession (features/units/sample_2025.*.feature).

  Background:
    Given a ledger whose today is 2022-03-01
    And the ledger holds the sample meeting of 10 December 2021
    And these people use the ledger:
      | name                             | role    | unit                             |
      | Ban Thường vụ Tỉnh ủy Hải Dương  | unit    | Ban Thường vụ Tỉnh ủy Hải Dương  |
      | Sở Kế hoạch và Đầu tư            | unit    | Sở Kế hoạch và Đầu tư            |
      | Thanh tra tỉnh                   | auditor |                                  |

  Scenario: The meeting and its directives
    Then the sample meeting was held on 2021-12-10, chaired by "Võ Văn Thưởng"
    And the sample meeting lists 13 directives

  Scenario Outline: The ten central directives, as the report gives them
    Then directive "<code>" reads "<title>"
    And directive "<code>" was issued by "Võ Văn Thưởng" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10, citing paragraph <paragraph>
    And "<code>" has status "accepted"
    And the acceptance of "<code>" is effective on 2021-12-10, citing paragraph 17

    Examples:
      | code  | paragraph | title |
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

  Scenario Outline: The province's breakthroughs serve the central directives
    Then directive "<code>" is a child of "<parent>"
    And directive "<code>" was issued by "Ban Thường vụ Tỉnh ủy Hải Dương" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10, citing paragraph <paragraph>
    And "<code>" has status "issued"

    Examples:
      | code  | parent | paragraph |
      | DP-01 | TW-07  | 23        |
      | DP-02 | TW-08  | 24        |
      | DP-03 | TW-04  | 25        |

  Scenario: With no deadline in the report, every directive stands as "no deadline"
    Then on 2021-12-31 the unit table counts 13 directives of "Ban Thường vụ Tỉnh ủy Hải Dương" as "no deadline"

  Scenario: The province reports on the Tết directive
    When "Ban Thường vụ Tỉnh ủy Hải Dương" reports "TW-09" 100% done on 2022-01-28
    Then the ledger records it
    And "TW-09" has status "in_progress"

  @refused
  Scenario: Another unit cannot accept the province's breakthrough
    When "Sở Kế hoạch và Đầu tư" accepts "DP-01" on 2021-12-15
    Then the ledger refuses it as not permitted: "not_lead_unit"
    And nothing was added to "DP-01"

  @refused
  Scenario: Nothing is dated before the meeting
    When "Ban Thường vụ Tỉnh ủy Hải Dương" accepts "DP-02" on 2021-12-09
    Then the ledger refuses it under the rule "effective_before_issuance"
