# language: en
@lifecycle @en
Feature: The order of a directive's events
  A directive is issued to a lead unit. The lead unit accepts it before reporting
  anything. Before acceptance the issuer may still reassign or withdraw it, and anyone
  may annotate it. Once its completion is verified, or once it is withdrawn, only
  annotations may be added. A reassigned directive waits for the new lead unit's
  acceptance.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | unit    | Sở Tài chính          |
      | Thanh tra tỉnh        | auditor |                       |
      | Quản trị hệ thống     | admin   |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30

  Scenario: A new directive is waiting for its lead unit
    Then "D1" has status "issued"
    And the history of "D1" reads:
      | version | event  | effective on |
      | 1       | issued | 2025-01-15   |

  Scenario: The lead unit accepts a new directive
    When "Sở Kế hoạch và Đầu tư" accepts "D1" on 2025-01-20
    Then the ledger records it
    And "D1" has status "accepted"

  @refused
  Scenario: Progress cannot be reported before the directive is accepted
    When "Sở Kế hoạch và Đầu tư" reports "D1" 30% done on 2025-02-01
    Then the ledger refuses it under the rule "not_yet_accepted"
    And nothing was added to "D1"

  @refused
  Scenario: A directive is accepted only once
    Given "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    When "Sở Kế hoạch và Đầu tư" accepts "D1" on 2025-01-21
    Then the ledger refuses it under the rule "already_accepted"
    And nothing was added to "D1"

  Scenario: A directive not yet accepted may be withdrawn
    When "Văn phòng UBND tỉnh" withdraws "D1" on 2025-02-01
    Then the ledger records it
    And "D1" has status "withdrawn"

  @refused
  Scenario: A withdrawn directive takes nothing but annotations
    Given "Văn phòng UBND tỉnh" has withdrawn "D1" on 2025-02-01
    When "Sở Kế hoạch và Đầu tư" accepts "D1" on 2025-02-02
    Then the ledger refuses it under the rule "directive_closed"
    And nothing was added to "D1"
    When "Văn phòng UBND tỉnh" annotates version 2 of "D1" with "Thu hồi theo Công văn số 15/UBND-TH"
    Then the ledger records it
    And "D1" has status "withdrawn"

  @refused
  Scenario: A completed directive takes nothing but annotations
    Given "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-06-25
    When "Sở Kế hoạch và Đầu tư" reports "D1" 100% done on 2025-06-26
    Then the ledger refuses it under the rule "directive_closed"
    And nothing was added to "D1"
    When "Văn phòng UBND tỉnh" withdraws "D1" on 2025-06-27
    Then the ledger refuses it under the rule "directive_closed"
    When "Sở Kế hoạch và Đầu tư" annotates version 3 of "D1" with "Kèm phụ lục số liệu ngày 20/6/2025"
    Then the ledger records it
    And "D1" has status "completed"

  Scenario: A reassigned directive waits for the new lead unit's acceptance
    Given "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" 30% done on 2025-02-15
    When "Văn phòng UBND tỉnh" reassigns "D1" to "Sở Tài chính" on 2025-03-01
    Then the ledger records it
    And "D1" has status "issued"
    And the lead unit of "D1" is "Sở Tài chính"
    When "Sở Tài chính" reports "D1" 40% done on 2025-03-05
    Then the ledger refuses it under the rule "not_yet_accepted"
    When "Sở Kế hoạch và Đầu tư" reports "D1" 50% done on 2025-03-05
    Then the ledger refuses it as not permitted: "not_lead_unit"
    When "Sở Tài chính" accepts "D1" on 2025-03-03
    Then the ledger records it
    And "D1" has status "accepted"

  Scenario: A directive not yet accepted may be reassigned
    When "Văn phòng UBND tỉnh" reassigns "D1" to "Sở Tài chính" on 2025-01-17
    Then the ledger records it
    And "D1" has status "issued"
    And the lead unit of "D1" is "Sở Tài chính"
