# language: en
@units @documents @en
Feature: The documents directives cite
  A document is cited by its number and symbol, in the Party's convention (Hướng dẫn
  36-HD/VPTW: 01-CT/TW, 48-NQ/TU, 12-KH/TU) or the State's (Nghị định 30/2020/NĐ-CP:
  42/2014/QĐ-TTg, 202/2025/QH15, 9061/VPCP-CN). The ledger reads its parts, refuses a
  malformed symbol naming the field and the expected shape, and keeps reading the free-text
  references recorded before documents were checked.

  Background:
    Given a ledger whose today is 2026-11-30
    And these units are registered:
      | name                            | kind  | valid from |
      | Ban Thường vụ Tỉnh ủy Hải Dương | party |            |
    And these people use the ledger:
      | name                        | role   | unit                            |
      | Văn phòng Trung ương Đảng   | issuer |                                 |
      | Văn phòng Tỉnh ủy Hải Dương | unit   | Ban Thường vụ Tỉnh ủy Hải Dương |
    And "Văn phòng Trung ương Đảng" has issued directive "D1" to "Ban Thường vụ Tỉnh ủy Hải Dương" on 2021-12-10 with deadline 2025-12-31
    And "Văn phòng Tỉnh ủy Hải Dương" has accepted "D1" on 2021-12-10

  Scenario Outline: Evidence cites a document in either convention
    When "Văn phòng Tỉnh ủy Hải Dương" reports "D1" 50% done on 2022-01-20 citing the document "<symbol>"
    Then the ledger records it
    And the evidence of the last event of "D1" is a <convention> document of kind "<kind>" issued by "<issuer>"

    Examples:
      | symbol          | convention | kind       | issuer |
      | 12-KH/TU        | Party      | Kế hoạch   | TU     |
      | 01-CT/TW        | Party      | Chỉ thị    | TW     |
      | 125-CV/TU       | Party      | Công văn   | TU     |
      | 42/2014/QĐ-TTg  | State      | Quyết định | TTg    |
      | 01/2020/TT-VPCP | State      | Thông tư   | VPCP   |
      | 9061/VPCP-CN    | State      | Công văn   | VPCP   |

  @refused
  Scenario Outline: A malformed symbol is refused, naming the field and the expected shape
    When "Văn phòng Tỉnh ủy Hải Dương" reports "D1" 50% done on 2022-01-20 citing the document "<symbol>"
    Then the ledger refuses it as invalid, naming "evidence[0].document.symbol"
    And the refusal shows the expected shape
    And nothing was added to "D1"

    Examples:
      | symbol         |
      | 12/KH/TU       |
      | 12-KH-TU       |
      | 42/2014/QD-TTg |
      | 42/14/QĐ-TTg   |
      | Số 01-CT/TW    |
      | 01-XX/TW       |
      | 123/CV-UBND    |

  Scenario: A free-text reference recorded before documents were checked is still read
    Given "Văn phòng Tỉnh ủy Hải Dương" has reported "D1" 30% done on 2022-01-20 with the old evidence reference "Kế hoạch số 12-KH/TU"
    Then the ledger records it
    And the evidence of the last event of "D1" keeps the reference "Kế hoạch số 12-KH/TU" as written
