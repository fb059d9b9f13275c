# language: en
@roles @en
Feature: Only the lead unit acts on its directive
  The lead unit, and only a unit principal of that unit, accepts the directive, reports
  progress, asks for extensions and reports completion. Another unit, the issuer, the
  administrator and the auditor cannot do it in its place.

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

  @refused
  Scenario Outline: Who may accept a directive
    When "<who>" tries to accept "D1"
    Then the ledger answers "<answer>"

    Examples:
      | who                   | answer               |
      | Sở Kế hoạch và Đầu tư | recorded             |
      | Sở Tài chính          | not_lead_unit        |
      | Văn phòng UBND tỉnh   | role_not_permitted   |
      | Quản trị hệ thống     | role_not_permitted   |
      | Thanh tra tỉnh        | auditors_never_write |

  @refused
  Scenario Outline: Who may report on an accepted directive
    Given "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    When "<who>" tries to <action> "D1"
    Then the ledger answers "<answer>"

    Examples:
      | who                   | action                    | answer               |
      | Sở Kế hoạch và Đầu tư | report progress on        | recorded             |
      | Sở Tài chính          | report progress on        | not_lead_unit        |
      | Văn phòng UBND tỉnh   | report progress on        | role_not_permitted   |
      | Sở Kế hoạch và Đầu tư | ask for an extension of   | recorded             |
      | Sở Tài chính          | ask for an extension of   | not_lead_unit        |
      | Quản trị hệ thống     | ask for an extension of   | role_not_permitted   |
      | Sở Kế hoạch và Đầu tư | report the completion of  | recorded             |
      | Sở Tài chính          | report the completion of  | not_lead_unit        |
      | Thanh tra tỉnh        | report the completion of  | auditors_never_write |
