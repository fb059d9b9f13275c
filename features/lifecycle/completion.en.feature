# language: en
@lifecycle @en
Feature: Progress, completion and its verification
  The lead unit reports progress as a percentage (0 to 100) and reports completion with
  at least one piece of evidence (a document reference). The issuer verifies the
  completion, or rejects it with a reason, which sends the directive back to work.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Quản trị hệ thống     | admin   |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20

  Scenario: Progress is reported as a percentage
    When "Sở Kế hoạch và Đầu tư" reports "D1" 40% done on 2025-03-01
    Then the ledger records it
    And "D1" has status "in_progress"
    And "D1" is 40% done

  @refused
  Scenario Outline: A percentage outside 0 to 100 is refused
    When "Sở Kế hoạch và Đầu tư" reports "D1" <percent>% done on 2025-03-01
    Then the ledger refuses it as invalid, naming "percent"
    And nothing was added to "D1"

    Examples:
      | percent |
      | 101     |
      | -1      |

  Scenario: A verified completion closes the directive
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" 60% done on 2025-04-01
    When "Sở Kế hoạch và Đầu tư" reports "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    Then the ledger records it
    And "D1" has status "completion_reported"
    When "Văn phòng UBND tỉnh" verifies the completion of "D1" on 2025-06-25
    Then the ledger records it
    And "D1" has status "completed"
    And "D1" is 100% done

  @refused
  Scenario: A completion report needs evidence
    When "Sở Kế hoạch và Đầu tư" reports "D1" completed on 2025-06-20 without evidence
    Then the ledger refuses it as invalid, naming "evidence"
    And nothing was added to "D1"

  Scenario: A rejected completion sends the directive back to work
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    When "Văn phòng UBND tỉnh" rejects the completion of "D1" on 2025-06-24
    Then the ledger records it
    And "D1" has status "in_progress"
    When "Sở Kế hoạch và Đầu tư" reports "D1" 90% done on 2025-06-26
    Then the ledger records it

  @refused
  Scenario: While a completion awaits the verdict, the unit reports nothing more
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    When "Sở Kế hoạch và Đầu tư" reports "D1" 95% done on 2025-06-21
    Then the ledger refuses it under the rule "awaiting_verification"
    And nothing was added to "D1"

  @refused
  Scenario: Only a reported completion can be verified
    When "Văn phòng UBND tỉnh" verifies the completion of "D1" on 2025-06-25
    Then the ledger refuses it under the rule "completion_not_reported"
    And nothing was added to "D1"

  @refused
  Scenario Outline: A verdict takes effect no earlier than the report it judges
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    When "Văn phòng UBND tỉnh" <verdict> the completion of "D1" on 2025-06-19
    Then the ledger refuses it under the rule "verdict_before_report"
    And nothing was added to "D1"
    When "Văn phòng UBND tỉnh" <verdict> the completion of "D1" on 2025-06-20
    Then the ledger records it
    And "D1" has status "<status>"

    Examples:
      | verdict  | status      |
      | verifies | completed   |
      | rejects  | in_progress |
