"""A reporting period: a month (``2022-03``), a quarter (``2022-Q1``) or a year
(``2022``), as in the periodic reports of Thông tư 01/2020/TT-VPCP. A report states the
ledger as of the period's last day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_RULE = "YYYY (a year), YYYY-Qn (a quarter, n 1-4) or YYYY-MM (a month)"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
# The same rule for the API's schema: a year from 1900, then a quarter or a month.
PERIOD_PATTERN = r"^(?:19[0-9]{2}|[2-9][0-9]{3})(?:-(?:Q[1-4]|0[1-9]|1[0-2]))?$"
ROMAN = ("I", "II", "III", "IV")


class InvalidPeriod(ValueError):
    """A period that is none of the three forms."""


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # "month", "quarter" or "year"
    year: int
    number: int  # the month or the quarter; 0 for a year
    start: date
    end: date

    @property
    def day_before(self) -> date:
        return self.start - timedelta(days=1)

    def label(self, lang: str) -> str:
        """ "Quý I năm 2022" / "the first quarter of 2022" and the like."""
        if lang == "en":
            if self.kind == "month":
                return self.start.strftime("%B %Y")
            if self.kind == "quarter":
                return f"Q{self.number} {self.year}"
            return str(self.year)
        if self.kind == "month":
            return f"Tháng {self.number:02d} năm {self.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.number - 1]} năm {self.year}"
        return f"Năm {self.year}"


def parse_period(text: str) -> Period:
    found = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if found is None or len(text) > 10:
        raise InvalidPeriod(f"{text!r} is not a period: expected {PERIOD_RULE}")
    year = int(found["year"])
    if year < 1900:
        raise InvalidPeriod(f"{text!r}: the year must be 1900 or later")
    if found["quarter"]:
        quarter = int(found["quarter"])
        start = date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
        return Period(text.strip(), "quarter", year, quarter, start, end)
    if found["month"]:
        month = int(found["month"])
        return Period(
            text.strip(), "month", year, month, date(year, month, 1), _month_end(year, month)
        )
    return Period(text.strip(), "year", year, 0, date(year, 1, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)
