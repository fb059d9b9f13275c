# language: en
@lifecycle @en
Feature: Annotations correct without rewriting
  A mistake is never edited away. An annotation points at an earlier event by its
  version and says what is wrong or what to add; the earlier event stays as it was.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" 30% done on 2025-02-01

  Scenario: An annotation leaves the event it corrects as it was
    When "Sở Kế hoạch và Đầu tư" annotates version 3 of "D1" with "Tỷ lệ đúng là 35%, theo Báo cáo số 12/BC-SKHĐT"
    Then the ledger records it
    And event version 3 of "D1" is unchanged
    And the last event of "D1" is an annotation of version 3 reading "Tỷ lệ đúng là 35%, theo Báo cáo số 12/BC-SKHĐT"
    And "D1" is 30% done

  @refused
  Scenario Outline: An annotation points at a version that exists
    When "Sở Kế hoạch và Đầu tư" annotates version <version> of "D1" with "Ghi chú"
    Then the ledger refuses it under the rule "unknown_version"
    And nothing was added to "D1"

    Examples:
      | version |
      | 4       |
      | 12      |
