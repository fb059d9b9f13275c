@dondoc @en
Feature: Reminders before and after the deadline in force
  The ledger urges, not only records: a reminder runner records a "reminded" fact in a
  directive's history when the deadline in force is 7 days away, on the day, and 1, 30
  and 60 days after it. Each reminder is recorded once per directive, threshold and
  deadline, however many runners run and however they stop. A reminder changes neither
  the status nor the place in the grid. A granted extension starts the thresholds again
  from the new deadline.

  Background:
    Given a directive "NV1" led by "Sở Tài chính", issued on 2022-01-10 with the deadline 2022-06-30, accepted

  Scenario: A reminder at each threshold, once each
    When the reminder runner runs twice a day from 2022-06-20 to 2022-09-05
    Then the history of "NV1" holds the reminders "before:7, due, overdue:1, overdue:30, overdue:60" of the deadline 2022-06-30
    And the status of "NV1" is still "accepted"

  Scenario: A reminder changes nothing in the grid
    Given the day is 2022-07-01
    When the reminder runner runs
    Then the history of "NV1" holds the reminders "overdue:1" of the deadline 2022-06-30
    And the status board shows "NV1" as "open_overdue", as before the reminder

  Scenario: Two runners at the same moment remind once
    Given the day is 2022-06-30
    When two reminder runners run at the same moment
    Then the history of "NV1" holds the reminders "due" of the deadline 2022-06-30

  Scenario: An extension moves the thresholds
    Given the day is 2022-06-30
    And the reminder runner has run
    When the deadline of "NV1" is extended to 2022-07-31
    And the reminder runner runs every day from 2022-07-01 to 2022-07-31
    Then the history of "NV1" holds the reminders "due" of the deadline 2022-06-30
    And the history of "NV1" holds the reminders "before:7, due" of the deadline 2022-07-31

  Scenario: A reminder process killed midway, then two more
    Given 20 directives due today
    When a reminder process is killed with SIGKILL midway and two reminder processes run after it
    Then each of the 20 directives holds exactly one reminder "due"
