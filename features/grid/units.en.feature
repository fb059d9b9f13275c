# language: en
@grid @en
Feature: The per-unit table
  Each unit's directives are counted in the grid, with the unit's on-time completion
  rate: completed on time out of all completed.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Sở Tài chính          | unit    | Sở Tài chính          |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Văn phòng UBND tỉnh" has issued directive "D2" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Văn phòng UBND tỉnh" has issued directive "D3" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-12-31
    And "Văn phòng UBND tỉnh" has issued directive "D4" to "Sở Tài chính" on 2025-01-15 with deadline 2025-03-31
    And "Văn phòng UBND tỉnh" has issued directive "D5" to "Sở Tài chính" on 2025-01-15 with no deadline
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has accepted "D2" on 2025-01-20
    And "Sở Tài chính" has accepted "D4" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-06-20 with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-06-25
    And "Sở Kế hoạch và Đầu tư" has reported "D2" completed on 2025-07-20 with evidence "Báo cáo số 52/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D2" on 2025-07-25

  Scenario: Each unit's row counts its directives in the grid
    Then on 2025-09-30 the unit table reads:
      | unit                  | completed on time | completed late | open within deadline | open overdue | no deadline | withdrawn | on-time rate |
      | Sở Kế hoạch và Đầu tư | 1                 | 1              | 1                    | 0            | 0           | 0         | 50%          |
      | Sở Tài chính          | 0                 | 0              | 0                    | 1            | 1           | 0         | none         |
