"""The board's words and number formats in each language."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ledger.web.charts import Bar, grid_bar_chart
from ledger.web.i18n import Translator, pick_language


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("0.667", "66,7 %", "66.7%"),
        ("1.000", "100 %", "100%"),
        ("0.050", "5 %", "5%"),
        (None, "—", "—"),
    ],
)
def test_rates_are_percentages_in_each_language(value: str | None, vi: str, en: str) -> None:
    assert Translator("vi").rate(value) == vi
    assert Translator("en").rate(value) == en


def test_dates_as_each_language_writes_them() -> None:
    assert Translator("vi").date("2021-12-10") == "10/12/2021"
    assert Translator("en").date(date(2021, 12, 10)) == "2021-12-10"
    assert Translator("vi").date(None) == "—"


def test_vietnamese_unless_english_is_asked_for() -> None:
    assert pick_language(None) == "vi"
    assert pick_language("en") == "en"
    assert pick_language("EN") == "vi"
    assert pick_language("fr") == "vi"


def test_unknown_labels_are_shown_as_recorded() -> None:
    t = Translator("en")
    assert t.status("completed") == "Completed"
    assert t.event("some_future_event") == "some_future_event"


def test_chart_scales_bars_to_the_largest_count_and_escapes_labels() -> None:
    svg = str(
        grid_bar_chart([Bar("open_overdue", "<Quá hạn>", 4), Bar("withdrawn", "b", 2)], title="T&T")
    )
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert "&lt;Quá hạn&gt;" in svg
    assert '<title id="grid-chart-title">T&amp;T</title>' in svg
    assert grid_bar_chart([Bar("withdrawn", "x", 0)], title="t").count('width="2"') == 1
