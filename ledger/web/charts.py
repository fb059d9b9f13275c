"""An SVG bar chart of the status grid, drawn on the server (no JavaScript).

The chart is an image with a title and a description; the same figures are in a table
beside it, so screen readers and text browsers lose nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# Each colour has at least 4.5:1 contrast on white, so bars and their numbers stay legible.
GRID_COLOURS = {
    "completed_on_time": "#1b6e3a",
    "completed_late": "#7a5a00",
    "open_within_deadline": "#1f4e8c",
    "open_overdue": "#a4161a",
    "no_deadline": "#4a4a4a",
    "withdrawn": "#6b3fa0",
}

WIDTH = 640
LABEL_WIDTH = 250
BAR_HEIGHT = 26
GAP = 10
TOP = 8


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int


def grid_bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str = "grid-chart") -> Markup:
    """A horizontal bar chart, one bar per grid category, scaled to the largest count."""
    largest = max((bar.value for bar in bars), default=0)
    room = WIDTH - LABEL_WIDTH - 60
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{chart_id}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = 0 if largest == 0 else round(room * bar.value / largest)
        colour = GRID_COLOURS.get(bar.key, "#333333")
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<g class="bar bar-{escape(bar.key)}" data-key="{escape(bar.key)}"'
            f' data-value="{bar.value}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end"'
            f' dominant-baseline="middle" fill="#111111">{escape(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 2)}" height="{BAR_HEIGHT}"'
            f' fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + max(length, 2) + 6}" y="{middle}"'
            f' dominant-baseline="middle" fill="#111111">{bar.value}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
