# language: en
@lifecycle @en
Feature: When it happened and when the ledger learned it
  Every event has an effective date (when it happened, the business date) and a recorded
  time (when the ledger learned it); both are kept. Late recording is normal, so an event
  may be effective before events recorded earlier. It may not be effective before the
  directive was issued, nor after the day it is recorded. Without a date, an event is
  effective on the day it is recorded, in the ledger's time zone (Asia/Ho_Chi_Minh).

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20

  Scenario: A report recorded late keeps its own, earlier date
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" 50% done on 2025-03-01
    When "Sở Kế hoạch và Đầu tư" reports "D1" 30% done on 2025-02-01
    Then the ledger records it
    And the history of "D1" reads:
      | version | event             | effective on |
      | 1       | issued            | 2025-01-15   |
      | 2       | accepted          | 2025-01-20   |
      | 3       | progress_reported | 2025-03-01   |
      | 4       | progress_reported | 2025-02-01   |
    And every event of "D1" keeps its recorded time apart from its effective date

  @refused
  Scenario: Nothing is effective before the directive was issued
    When "Sở Kế hoạch và Đầu tư" reports "D1" 10% done on 2025-01-14
    Then the ledger refuses it under the rule "effective_before_issuance"
    And nothing was added to "D1"

  @refused
  Scenario: Nothing is effective after the day it is recorded
    When "Sở Kế hoạch và Đầu tư" reports "D1" 10% done on 2026-12-01
    Then the ledger refuses it under the rule "effective_in_future"
    And nothing was added to "D1"
    When "Sở Kế hoạch và Đầu tư" reports "D1" 10% done on 2026-11-30
    Then the ledger records it

  Scenario: Without a date, an event is effective on the ledger's today in Hà Nội time
    Given the ledger's clock reads 2026-11-29T23:30:00Z, already 2026-11-30 in Asia/Ho_Chi_Minh
    When "Sở Kế hoạch và Đầu tư" reports "D1" 20% done without giving a date
    Then the ledger records it
    And the last event of "D1" is effective on 2026-11-30

  @refused
  Scenario: A directive's deadline cannot precede its issuance
    When "Văn phòng UBND tỉnh" issues directive "D2" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-01-10
    Then the ledger refuses it under the rule "deadline_before_issuance"

  Scenario: Recorded time never goes back, even when a server's clock does
    Given "Sở Kế hoạch và Đầu tư" has reported "D1" 30% done on 2025-02-01
    And the clock the ledger records by is set back 1 hour
    When "Sở Kế hoạch và Đầu tư" reports "D1" 50% done on 2025-03-01
    Then the ledger records it
    And the recorded times of "D1" never go back
    And "D1" read as of each recorded time is what its history says
