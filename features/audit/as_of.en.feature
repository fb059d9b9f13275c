# language: en
@audit @en
Feature: A directive as it stood in the past
  An auditor asks what the ledger said at a past moment (recorded time), or how the
  directives stood on a past business day (effective dates). Later records never change
  those answers.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | auditor |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20

  Scenario: The directive as the ledger knew it at a past moment
    Given the auditor notes the time
    And "Sở Kế hoạch và Đầu tư" has reported "D1" 40% done on 2025-03-01
    When "Thanh tra tỉnh" reads "D1" as of the noted time
    Then the reader sees "D1" with status "accepted"
    And the reader sees version 2 and 0% done
    When "Thanh tra tỉnh" reads "D1" at version 3
    Then the reader sees "D1" with status "in_progress"
    And the reader sees version 3 and 40% done

  Scenario: The overdue list as it stood before a late extension
    Given "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-07-08
    And "Văn phòng UBND tỉnh" has granted the extension of "D1" to 2025-09-30 on 2025-07-15
    Then on 2025-07-10 the overdue list shows "D1" 10 days overdue, in the bucket "1-30"
    And on 2025-07-15 the overdue list does not show "D1"
    And on 2025-07-10 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "open overdue"
    And on 2025-07-15 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "open within deadline"
