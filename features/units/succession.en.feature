# language: en
@units @en
Feature: Units and their successors
  When bodies are merged, the successor leads the open directives of its predecessors from
  the day of the succession: each directive records the handover, citing the succession,
  and keeps its history, status, deadline and progress; no new acceptance is asked, as the
  law keeps the work uninterrupted (Nghị quyết 190/2025/QH15). The predecessor's people no
  longer write for it. Completed and withdrawn directives stay with the unit that did them.

  Background:
    Given a ledger whose today is 2026-11-30
    And these units are registered:
      | name                             | kind  | valid from |
      | Ban Thường vụ Tỉnh ủy Hải Dương  | party |            |
      | Ban Thường vụ Thành ủy Hải Phòng | party | 2025-07-01 |
    And these people use the ledger:
      | name                         | role   | unit                             |
      | Văn phòng Trung ương Đảng    | issuer |                                  |
      | Văn phòng Tỉnh ủy Hải Dương  | unit   | Ban Thường vụ Tỉnh ủy Hải Dương  |
      | Văn phòng Thành ủy Hải Phòng | unit   | Ban Thường vụ Thành ủy Hải Phòng |
      | Quản trị hệ thống            | admin  |                                  |
    And "Văn phòng Trung ương Đảng" has issued directive "D1" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10 with deadline 2025-12-31
    And "Văn phòng Tỉnh ủy Hải Dương" has accepted "D1" on 2021-12-10
    And "Văn phòng Tỉnh ủy Hải Dương" has reported "D1" 40% done on 2025-03-15

  Scenario: A directive open on 30 June 2025 is led by the successor on 1 July 2025
    When "Quản trị hệ thống" records that "Ban Thường vụ Thành ủy Hải Phòng" succeeds "Ban Thường vụ Tỉnh ủy Hải Dương" from 2025-07-01 under "202/2025/QH15"
    Then the ledger records it
    And the lead unit of "D1" is "Ban Thường vụ Thành ủy Hải Phòng"
    And "D1" has status "in_progress"
    And "D1" is 40% done
    And "D1" is due on 2025-12-31 with 0 extensions granted
    And the last event of "D1" hands it to "Ban Thường vụ Thành ủy Hải Phòng" from 2025-07-01, citing "202/2025/QH15"
    And the events of "D1" before the handover are unchanged
    And on 2025-06-30 the unit table counts the directives of "Ban Thường vụ Tỉnh ủy Hải Dương" as "open within deadline"
    And on 2025-07-01 the unit table counts the directives of "Ban Thường vụ Thành ủy Hải Phòng" as "open within deadline"

  Scenario: The predecessor's people are refused after the succession; the successor's write
    Given "Quản trị hệ thống" has recorded that "Ban Thường vụ Thành ủy Hải Phòng" succeeds "Ban Thường vụ Tỉnh ủy Hải Dương" from 2025-07-01 under "202/2025/QH15"
    When "Văn phòng Tỉnh ủy Hải Dương" reports "D1" 60% done on 2025-07-02
    Then the ledger refuses it as not permitted: "unit_succeeded"
    And nothing was added to "D1"
    When "Văn phòng Thành ủy Hải Phòng" reports "D1" 60% done on 2025-07-02
    Then the ledger records it
    And "D1" is 60% done

  Scenario: Completed and withdrawn directives stay with the unit that did them
    Given "Văn phòng Trung ương Đảng" has issued directive "D2" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10 with deadline 2022-06-30
    And "Văn phòng Tỉnh ủy Hải Dương" has accepted "D2" on 2021-12-10
    And "Văn phòng Tỉnh ủy Hải Dương" has reported "D2" completed on 2022-06-20 with evidence "210-BC/TU"
    And "Văn phòng Trung ương Đảng" has verified the completion of "D2" on 2022-06-25
    And "Văn phòng Trung ương Đảng" has issued directive "D3" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10 with no deadline
    And "Văn phòng Trung ương Đảng" has withdrawn "D3" on 2022-01-10
    When "Quản trị hệ thống" records that "Ban Thường vụ Thành ủy Hải Phòng" succeeds "Ban Thường vụ Tỉnh ủy Hải Dương" from 2025-07-01 under "202/2025/QH15"
    Then the ledger records it
    And the lead unit of "D1" is "Ban Thường vụ Thành ủy Hải Phòng"
    And the lead unit of "D2" is "Ban Thường vụ Tỉnh ủy Hải Dương"
    And the lead unit of "D3" is "Ban Thường vụ Tỉnh ủy Hải Dương"

  @refused
  Scenario Outline: A succession that breaks a rule records nothing
    When "<who>" records that "Ban Thường vụ Thành ủy Hải Phòng" succeeds "Ban Thường vụ Tỉnh ủy Hải Dương" from <day> under "202/2025/QH15"
    Then the ledger answers "<answer>"
    And the lead unit of "D1" is "Ban Thường vụ Tỉnh ủy Hải Dương"

    Examples:
      | who                         | day        | answer              |
      | Văn phòng Trung ương Đảng   | 2025-07-01 | role_not_permitted  |
      | Văn phòng Tỉnh ủy Hải Dương | 2025-07-01 | role_not_permitted  |
      | Quản trị hệ thống           | 2027-01-01 | effective_in_future |
      | Quản trị hệ thống           | 2025-06-30 | succession_refused  |

  @refused
  Scenario Outline: A succession's legal basis is a document number and symbol
    When "Quản trị hệ thống" records that "Ban Thường vụ Thành ủy Hải Phòng" succeeds "Ban Thường vụ Tỉnh ủy Hải Dương" from 2025-07-01 under "<basis>"
    Then the ledger refuses it as invalid, naming "basis.symbol"
    And the lead unit of "D1" is "Ban Thường vụ Tỉnh ủy Hải Dương"

    Examples:
      | basis          |
      | Nghị quyết 202 |
      | 202/2025/QD15  |
      | 202/2025       |
