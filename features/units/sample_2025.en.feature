# language: en
@units @sample @en
Feature: The sample after the 2025 succession
  Under Nghị quyết 202/2025/QH15 (12 June 2025) Hải Dương province and Hải Phòng city were
  merged into Hải Phòng city, whose new bodies operate from 1 July 2025. `load-sample`
  records that succession as fact: the sample's open directives are led by the Standing
  Board of the Hải Phòng City Party Committee from that day, with their 2021 history.

  Background:
    Given a ledger whose today is 2026-11-30
    And the ledger holds the bundled sample, loaded today
    And these people use the ledger:
      | name                         | role   | unit                             |
      | Văn phòng Thành ủy Hải Phòng | unit   | Ban Thường vụ Thành ủy Hải Phòng |

  Scenario: Today the sample's directives are led by Hải Phòng; on 1 January 2022 by Hải Dương
    Then on 2026-11-30 the unit table counts 13 directives of "Ban Thường vụ Thành ủy Hải Phòng" as "no deadline"
    And on 2022-01-01 the unit table counts 13 directives of "Ban Thường vụ Tỉnh ủy Hải Dương" as "no deadline"
    And the lead unit of "TW-09" is "Ban Thường vụ Thành ủy Hải Phòng"
    And "TW-09" has status "accepted"
    And the last event of "TW-09" hands it to "Ban Thường vụ Thành ủy Hải Phòng" from 2025-07-01, citing "202/2025/QH15"

  Scenario: The successor reports on a directive of 2021 without accepting it again
    When "Văn phòng Thành ủy Hải Phòng" reports "TW-09" 50% done on 2026-11-30
    Then the ledger records it
    And "TW-09" has status "in_progress"

  @refused
  Scenario: A Hải Dương body is no longer given new tokens
    When a token is asked for a principal of "Ban Thường vụ Tỉnh ủy Hải Dương"
    Then it is refused under the rule "unit_not_valid", naming "Ban Thường vụ Thành ủy Hải Phòng"
