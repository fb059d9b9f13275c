"""The report's tables as the document lays them out (numbered "Bảng 1", "Bảng 2", ...),
each cell with the figure it shows and the figure's key, so that every format (HTML,
PDF, XLSX) shows the same cells and ``verify-report`` can find each figure again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger.application.reports.compute import COUNT_COLUMNS
from ledger.application.reports.labels import show, words
from projections.grid import BUCKETS

TABLE_NUMBERS = {
    "units": 1,
    "meetings": 2,
    "overdue": 3,
    "ageing": 4,
    "completed": 5,
    "extended": 6,
}
TOTAL = "*"  # the key of the total row of the unit table


@dataclass(frozen=True)
class Cell:
    text: str
    value: Any = None
    key: str | None = None  # e.g. "units[Sở Nội vụ].completed_on_time"
    column: str = ""
    numeric: bool = False


@dataclass
class Table:
    name: str
    number: int
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def figure(table: str, row: str | None, column: str, value: Any, lang: str) -> Cell:
    key = f"{table}[{row}].{column}" if row is not None else f"{table}.{column}"
    numeric = isinstance(value, int) or column == "on_time_rate"
    return Cell(show(column, value, lang), value, key, column, numeric)


def text(value: Any, column: str = "", lang: str = "vi") -> Cell:
    return Cell(show(column, value, lang), value, None, column)


def figures(tables: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the report by its key, in the order of the document."""
    found: dict[str, Any] = {}
    for table in layout(tables, "en"):
        for row in table.rows:
            for cell in row:
                if cell.key is not None:
                    found[cell.key] = cell.value
    return found


def layout(tables: dict[str, Any], lang: str) -> list[Table]:
    w = words(lang)
    counts = [w[c] for c in COUNT_COLUMNS]

    def new(name: str, headers: list[str]) -> Table:
        number = TABLE_NUMBERS[name]
        return Table(name, number, w[f"t_{name}"], [w["no"], *headers])

    units = new("units", [w["lead_unit"], *counts])
    for i, r in enumerate(tables["units"], 1):
        name = r["lead_unit"]
        key = TOTAL if name is None else name
        first = [text(""), text(w["total"])] if name is None else [text(str(i)), text(name)]
        units.rows.append(first + [figure("units", key, c, r[c], lang) for c in COUNT_COLUMNS])

    meetings = new("meetings", [w["meeting"], w["held_on"], *counts])
    for i, r in enumerate(tables["meetings"], 1):
        meetings.rows.append(
            [text(str(i)), text(r["title"]), text(r["held_on"], "held_on", lang)]
            + [figure("meetings", r["meeting_id"], c, r[c], lang) for c in COUNT_COLUMNS]
        )

    overdue = new(
        "overdue", [w["code"], w["title"], w["lead_unit"], w["deadline"], w["days_overdue"]]
    )
    for i, r in enumerate(tables["overdue"], 1):
        overdue.rows.append(
            [text(str(i)), figure("overdue", r["id"], "code", r["code"], lang), text(r["title"])]
            + [figure("overdue", r["id"], c, r[c], lang) for c in ("lead_unit", "deadline")]
            + [figure("overdue", r["id"], "days_overdue", r["days_overdue"], lang)]
        )

    ageing = new("ageing", [w["bucket"], w["count"]])
    for i, bucket in enumerate(BUCKETS, 1):
        ageing.rows.append(
            [
                text(str(i)),
                text(bucket, "bucket", lang),
                figure("ageing", bucket, "count", tables["ageing"][bucket], lang),
            ]
        )
    ageing.rows.append(
        [
            text(""),
            text(w["total"]),
            figure("ageing", TOTAL, "count", tables["ageing"]["total"], lang),
        ]
    )

    completed = new(
        "completed",
        [w["code"], w["title"], w["lead_unit"], w["deadline"], w["completed_on"], w["grid"]],
    )
    for i, r in enumerate(tables["completed"], 1):
        completed.rows.append(
            [text(str(i)), figure("completed", r["id"], "code", r["code"], lang), text(r["title"])]
            + [
                figure("completed", r["id"], c, r[c], lang)
                for c in ("lead_unit", "deadline", "completed_on", "grid")
            ]
        )

    extended = new(
        "extended",
        [
            w["code"],
            w["title"],
            w["lead_unit"],
            w["deadline_before"],
            w["deadline"],
            w["extensions_in_period"],
        ],
    )
    for i, r in enumerate(tables["extended"], 1):
        extended.rows.append(
            [text(str(i)), figure("extended", r["id"], "code", r["code"], lang), text(r["title"])]
            + [
                figure("extended", r["id"], c, r[c], lang)
                for c in ("lead_unit", "deadline_before", "deadline", "extensions_in_period")
            ]
        )
    return [units, meetings, overdue, ageing, completed, extended]


def describe(key: str, lang: str = "vi") -> str:
    """ "Bảng 1, units[Sở Nội vụ].completed_on_time": where a figure is in the document."""
    table = key.split("[", 1)[0].split(".", 1)[0]
    number = TABLE_NUMBERS.get(table)
    label = words(lang)["table"].format(n=number) if number else table
    return f"{label}, {key}"
