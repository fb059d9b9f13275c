# language: en
@roles @en
Feature: Reading needs a valid token
  Every reader shows a valid token, whatever their role. A request without a token, or
  with a revoked one, is turned away and changes nothing.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | auditor |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30

  Scenario Outline: Every role may read a directive
    When "<who>" reads "D1"
    Then the reader sees "D1" with status "issued"

    Examples:
      | who                   |
      | Văn phòng UBND tỉnh   |
      | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        |

  @refused
  Scenario: No token, no answer
    When someone without a token reads "D1"
    Then the ledger refuses it as unauthenticated

  @refused
  Scenario: A revoked token can no longer write
    Given the token of "Sở Kế hoạch và Đầu tư" has been revoked
    When "Sở Kế hoạch và Đầu tư" accepts "D1" on 2025-01-20
    Then the ledger refuses it as unauthenticated
    And nothing was added to "D1"
