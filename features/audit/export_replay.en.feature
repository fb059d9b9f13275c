# language: en
@audit @en
Feature: An export replayed elsewhere gives the same views
  The auditor exports the whole log and replays it in a fresh store of their own. Every
  view rebuilt from the export has the same digest as the live view on the same day.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | auditor |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Văn phòng UBND tỉnh" has issued directive "D2" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with no deadline
    And "Văn phòng UBND tỉnh" has issued directive "D3" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-03-31
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has accepted "D3" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" completed on 2025-07-01 with evidence "Báo cáo số 45/BC-SKHĐT"
    And "Văn phòng UBND tỉnh" has verified the completion of "D1" on 2025-07-05
    And "Văn phòng UBND tỉnh" has annotated version 1 of "D2" with "Nhiệm vụ thường xuyên"

  Scenario: Export, then replay in a fresh store
    When the auditor exports the ledger to a file
    And the auditor replays the export in a fresh store
    Then on 2025-12-31 the replayed views have the same digests as the live ones
    And on 2026-11-30 the replayed views have the same digests as the live ones
