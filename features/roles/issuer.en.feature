# language: en
@roles @en
Feature: Only an issuer or administrator decides
  Only an issuer or admin principal issues directives, grants or refuses extensions,
  reassigns, verifies or rejects a completion, and withdraws. Anyone who may write may
  annotate. Auditors read and verify; they never write.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | unit    | Sở Tài chính          |
      | Thanh tra tỉnh        | auditor |                       |
      | Quản trị hệ thống     | admin   |                       |

  @refused
  Scenario Outline: Who may issue a directive
    When "<who>" issues directive "D9" to "Sở Tài chính" on 2025-01-15 with deadline 2025-06-30
    Then the ledger answers "<answer>"

    Examples:
      | who                   | answer               |
      | Văn phòng UBND tỉnh   | recorded             |
      | Quản trị hệ thống     | recorded             |
      | Sở Kế hoạch và Đầu tư | role_not_permitted   |
      | Thanh tra tỉnh        | auditors_never_write |

  @refused
  Scenario Outline: Who may answer an extension request
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    When "<who>" tries to <action> "D1"
    Then the ledger answers "<answer>"

    Examples:
      | who                   | action                    | answer               |
      | Văn phòng UBND tỉnh   | grant an extension of     | recorded             |
      | Quản trị hệ thống     | grant an extension of     | recorded             |
      | Sở Kế hoạch và Đầu tư | grant an extension of     | role_not_permitted   |
      | Thanh tra tỉnh        | grant an extension of     | auditors_never_write |
      | Văn phòng UBND tỉnh   | refuse an extension of    | recorded             |
      | Sở Kế hoạch và Đầu tư | refuse an extension of    | role_not_permitted   |

  @refused
  Scenario Outline: Who may decide on a directive
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    When "<who>" tries to <action> "D1"
    Then the ledger answers "<answer>"

    Examples:
      | who                   | action                    | answer               |
      | Văn phòng UBND tỉnh   | reassign                  | recorded             |
      | Sở Tài chính          | reassign                  | role_not_permitted   |
      | Văn phòng UBND tỉnh   | verify the completion of  | recorded             |
      | Quản trị hệ thống     | verify the completion of  | recorded             |
      | Sở Kế hoạch và Đầu tư | verify the completion of  | role_not_permitted   |
      | Thanh tra tỉnh        | verify the completion of  | auditors_never_write |
      | Văn phòng UBND tỉnh   | reject the completion of  | recorded             |
      | Sở Kế hoạch và Đầu tư | reject the completion of  | role_not_permitted   |
      | Văn phòng UBND tỉnh   | withdraw                  | recorded             |
      | Quản trị hệ thống     | withdraw                  | recorded             |
      | Sở Kế hoạch và Đầu tư | withdraw                  | role_not_permitted   |
      | Thanh tra tỉnh        | withdraw                  | auditors_never_write |

  @refused
  Scenario Outline: Anyone who may write may annotate; auditors never write
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    When "<who>" tries to annotate "D1"
    Then the ledger answers "<answer>"

    Examples:
      | who                   | answer               |
      | Văn phòng UBND tỉnh   | recorded             |
      | Sở Kế hoạch và Đầu tư | recorded             |
      | Sở Tài chính          | recorded             |
      | Quản trị hệ thống     | recorded             |
      | Thanh tra tỉnh        | auditors_never_write |
