"""Periodic reports (issue 15): the grid per lead unit and per meeting, the overdue list
with ageing, the directives completed and extended in a period, from the views as of the
period's last day; rendered as HTML, PDF (WeasyPrint) or XLSX (openpyxl), each carrying
the log position, the views' digests and the checkpoint it was computed from."""

from ledger.application.reports.compute import ReportRequest
from ledger.application.reports.period import InvalidPeriod, Period, parse_period

__all__ = ["InvalidPeriod", "Period", "ReportRequest", "parse_period"]
