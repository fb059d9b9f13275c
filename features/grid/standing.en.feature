# language: en
@grid @en
Feature: Where a directive stands in the grid
  The status grid follows the government's task-tracking rules (Quyết định
  42/2014/QĐ-TTg as amended): completed on time, completed late, open within deadline,
  open overdue; plus "no deadline" (open with no deadline) and "withdrawn". A completion
  is on time when the verified completion report is effective on or before the deadline
  in force, after extensions; a completed directive with no deadline counts as on time.
  The grid is read as it stood on a given day.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |

  Scenario Outline: An open directive is within its deadline or overdue
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline <deadline>
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    Then on <day> the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "<standing>"

    Examples:
      | deadline   | day        | standing             |
      | 2025-06-30 | 2025-06-29 | open within deadline |
      | 2025-06-30 | 2025-06-30 | open within deadline |
      | 2025-06-30 | 2025-07-01 | open overdue         |
      | none       | 2025-07-01 | no deadline          |

  Scenario Outline: A completion is on time when its report is effective by the deadline
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline <deadline>
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on <reported> with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on <verified>
    Then on 2025-12-31 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "<standing>"

    Examples:
      | deadline   | reported   | verified   | standing          |
      | 2025-06-30 | 2025-06-20 | 2025-06-25 | completed on time |
      | 2025-06-30 | 2025-06-30 | 2025-07-10 | completed on time |
      | 2025-06-30 | 2025-07-01 | 2025-07-02 | completed late    |
      | none       | 2025-09-15 | 2025-09-20 | completed on time |

  Scenario Outline: The deadline in force is the extended one
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "D1" has been extended to 2025-09-30 on 2025-06-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on <reported> with evidence "Báo cáo số 80/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-10-15
    Then on 2025-12-31 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "<standing>"

    Examples:
      | reported   | standing          |
      | 2025-09-30 | completed on time |
      | 2025-10-01 | completed late    |

  Scenario Outline: A completion counts only once verified
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-07-05
    Then on <day> the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "<standing>"

    Examples:
      | day        | standing             |
      | 2025-06-25 | open within deadline |
      | 2025-07-05 | completed on time    |

  Scenario: A withdrawn directive is counted as withdrawn
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Văn phòng UBND tỉnh" has withdrawn "D1" on 2025-02-01
    Then on 2025-12-31 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "withdrawn"
