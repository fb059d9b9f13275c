# language: en
@grid @ageing @en
Feature: Overdue directives and their age
  An open directive past its deadline is overdue. The overdue list shows how many days it
  is past the deadline and its ageing bucket: 1-30, 31-60, 61-120, over 120 days.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20

  Scenario Outline: The ageing buckets and their edges
    Then on <day> the overdue list shows "D1" <days> days overdue, in the bucket "<bucket>"

    Examples:
      | day        | days | bucket |
      | 2025-07-01 | 1    | 1-30   |
      | 2025-07-30 | 30   | 1-30   |
      | 2025-07-31 | 31   | 31-60  |
      | 2025-08-29 | 60   | 31-60  |
      | 2025-08-30 | 61   | 61-120 |
      | 2025-10-28 | 120  | 61-120 |
      | 2025-10-29 | 121  | >120   |
      | 2026-11-30 | 518  | >120   |

  Scenario: On the deadline day a directive is not yet overdue
    Then on 2025-06-30 the overdue list does not show "D1"

  Scenario: A completed directive leaves the overdue list
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-08-01 with evidence "Báo cáo số 60/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-08-05
    Then on 2025-08-04 the overdue list shows "D1" 35 days overdue, in the bucket "31-60"
    And on 2025-08-05 the overdue list does not show "D1"
