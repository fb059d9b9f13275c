"""Reporting periods (a month, a quarter, a year) and how the report shows figures."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application.reports.labels import show, show_rate
from ledger.application.reports.period import InvalidPeriod, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "vi", "en"),
    [
        ("2022-Q1", date(2022, 1, 1), date(2022, 3, 31), "Quý I năm 2022", "Q1 2022"),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31), "Quý IV năm 2022", "Q4 2022"),
        ("2022-03", date(2022, 3, 1), date(2022, 3, 31), "Tháng 03 năm 2022", "March 2022"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Tháng 02 năm 2024", "February 2024"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "Tháng 02 năm 2023", "February 2023"),
        ("2022-12", date(2022, 12, 1), date(2022, 12, 31), "Tháng 12 năm 2022", "December 2022"),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "Năm 2022", "2022"),
    ],
)
def test_periods(text: str, start: date, end: date, vi: str, en: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert (period.label("vi"), period.label("en")) == (vi, en)
    assert period.day_before.toordinal() == start.toordinal() - 1


@pytest.mark.parametrize(
    "text", ["2022-Q0", "2022-Q5", "2022-00", "2022-13", "2022-3", "22", "2022Q1", "", "1899"]
)
def test_malformed_periods(text: str) -> None:
    with pytest.raises(InvalidPeriod, match=r"is not a period|1900"):
        parse_period(text)


def test_figures_as_shown() -> None:
    assert show_rate("0.667", "vi") == "66,7%"
    assert show_rate("1.000", "en") == "100.0%"
    assert show_rate(None, "vi") == "—"
    assert show("deadline", "2022-03-31", "vi") == "31/03/2022"
    assert show("deadline", "2022-03-31", "en") == "2022-03-31"
    assert show("grid", "completed_late", "vi") == "Hoàn thành quá hạn"
    assert show("bucket", ">120", "vi") == "Trên 120 ngày"
    assert show("bucket", "1-30", "en") == "1-30 days"
