# language: en
@audit @en
Feature: A tampered store is caught
  Every stored event is a leaf of a Merkle log. Verification recomputes every leaf and
  names the first position that does not match; deleting the newest events is caught
  against the latest signed checkpoint.

  Background:
    Given a ledger whose today is 2026-11-30
    And these people use the ledger:
      | name                  | role    | unit                  |
      | Văn phòng UBND tỉnh   | issuer  |                       |
      | Sở Kế hoạch và Đầu tư | unit    | Sở Kế hoạch và Đầu tư |
      | Thanh tra tỉnh        | auditor |                       |
      | Quản trị hệ thống     | admin   |                       |
    And "Văn phòng UBND tỉnh" has issued directive "D1" to "Sở Kế hoạch và Đầu tư" on 2025-01-15 with deadline 2025-06-30
    And "Sở Kế hoạch và Đầu tư" has accepted "D1" on 2025-01-20
    And "Sở Kế hoạch và Đầu tư" has reported "D1" 30% done on 2025-03-01
    And "Sở Kế hoạch và Đầu tư" has reported "D1" 60% done on 2025-05-01

  Scenario: An untouched store verifies
    When the auditor verifies the ledger
    Then the verification succeeds

  @refused
  Scenario: A changed event is caught at its position
    Given someone changes the figure of the progress report of "D1" at version 3 from 30 to 90 in the database
    When the auditor verifies the ledger
    Then the verification fails at the position of version 3 of "D1"

  @refused
  Scenario: Deleting the newest event is caught against the checkpoint
    Given the administrator has signed a checkpoint
    And someone deletes the newest event of the log in the database
    When the auditor verifies the ledger
    Then the verification fails, naming the checkpoint

  Scenario: The audit log is for auditors
    When "Thanh tra tỉnh" reads the audit log
    Then the audit log lists every event of "D1" with its leaf hash
    When "Sở Kế hoạch và Đầu tư" reads the audit log
    Then the ledger refuses it as not permitted

  Scenario: An auditor checks, alone, that an event is in the signed log
    Given the administrator has signed a checkpoint
    When the auditor asks for the proof that version 3 of "D1" is in the signed log
    Then the checkpoint's signature verifies with the ledger's public key
    And the proof leads from the leaf hash of version 3 of "D1" to the signed root
