# language: en
@lifecycle @en
Feature: Extending a deadline
  The lead unit asks for a later deadline; the issuer grants or refuses the request. A
  grant answers an open request, the new deadline is later than the current one, and a
  directive is extended at most 3 times (the ledger's setting).

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |

  Scenario: A granted extension moves the deadline
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-09-30 on 2025-06-20
    Then the ledger records it
    And "D1" is due on 2025-09-30 with 1 extension granted

  @refused
  Scenario: A grant must answer an open request
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-09-30 on 2025-06-20
    Then the ledger refuses it under the rule "no_open_extension_request"
    And nothing was added to "D1"
    And "D1" is due on 2025-06-30 with 0 extensions granted

  @refused
  Scenario: A refused request is answered; it cannot be granted afterwards
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    When "Văn phòng UBND tỉnh" refuses the extension of "D1" on 2025-06-20
    Then the ledger records it
    And "D1" is due on 2025-06-30 with 0 extensions granted
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-09-30 on 2025-06-21
    Then the ledger refuses it under the rule "no_open_extension_request"

  @refused
  Scenario: One extension request at a time
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to 2025-10-31 on 2025-06-16
    Then the ledger refuses it under the rule "extension_request_already_open"
    And nothing was added to "D1"

  @refused
  Scenario Outline: The new deadline must be later than the current one
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to <requested> on 2025-06-15
    Then the ledger refuses it under the rule "deadline_not_later"
    And nothing was added to "D1"

    Examples:
      | requested  |
      | 2025-06-30 |
      | 2025-05-31 |

  @refused
  Scenario: A grant may not set a deadline earlier than the current one
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-06-01 on 2025-06-20
    Then the ledger refuses it under the rule "deadline_not_later"
    And nothing was added to "D1"

  @refused
  Scenario: A deadline is extended at most 3 times
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-03-31
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "D1" has been extended to 2025-04-30 on 2025-03-20
    And "D1" has been extended to 2025-05-31 on 2025-04-20
    And "D1" has been extended to 2025-06-30 on 2025-05-20
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to 2025-07-31 on 2025-06-20
    Then the ledger refuses it under the rule "extension_limit_reached"
    And nothing was added to "D1"
    And "D1" is due on 2025-06-30 with 3 extensions granted

  @refused
  Scenario: The cap on extensions is the ledger's setting
    Given the ledger allows at most 1 extension per directive
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-03-31
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "D1" has been extended to 2025-04-30 on 2025-03-20
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to 2025-05-31 on 2025-04-20
    Then the ledger refuses it under the rule "extension_limit_reached"

  @refused
  Scenario: A directive without a deadline has nothing to extend
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with no deadline
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to 2025-09-30 on 2025-06-15
    Then the ledger refuses it under the rule "no_deadline_to_extend"
    And nothing was added to "D1"

  @refused
  Scenario: No extension while a completion report awaits its verdict
    A grant then would move the deadline a report already made is judged against, and a
    late report would become one made on time.
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-07-10 with evidence "Báo cáo số 45/BC-SKHĐT"
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-09-30 on 2025-07-12
    Then the ledger refuses it under the rule "extension_awaiting_verification"
    And nothing was added to "D1"
    And "D1" is due on 2025-06-30 with 0 extensions granted
    When "Sở Kế hoạch và Đầu tư" asks to extend "D1" to 2025-10-31 on 2025-07-12
    Then the ledger refuses it under the rule "awaiting_verification"
    When "Văn phòng UBND tỉnh" verifies the completion of "D1" on 2025-07-15
    Then the ledger records it
    And on 2025-07-20 the unit table counts the directives of "Sở Kế hoạch và Đầu tư" as "completed late"

  Scenario: Once the report is rejected, the waiting request may be granted
    Given "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has asked to extend "D1" to 2025-09-30 on 2025-06-15
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-25 with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has rejected the completion of "D1" on 2025-06-28
    When "Văn phòng UBND tỉnh" grants the extension of "D1" to 2025-09-30 on 2025-06-29
    Then the ledger records it
    And "D1" is due on 2025-09-30 with 1 extension granted
