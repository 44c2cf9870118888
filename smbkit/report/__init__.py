"""Client-ready reports: one HTML file with no code in it, and safe table exports.

- :func:`render` builds the report from a business's tables or its raw exports (the
  bundled Daily Crumb by default): data quality with the intake ledger, a KPI scorecard
  with targets and status, KPI trends, a back-tested revenue forecast, revenue breakdown,
  cohort retention and which marketing metrics lead sales. The page is a Jinja2 template (``report.html.j2``) with
  autoescaping on, so nothing in the data can become markup or script.
- :func:`export_tables` writes tables as CSV or Excel with spreadsheet-formula escaping
  (:func:`escape_formulas`).

The same report comes from the command line: ``smbkit report --data orders.csv
--out report.html``. Jinja2, matplotlib and seaborn load only when a report is rendered.

>>> from smbkit import report
>>> report.DEFAULT_GROWTH
0.05
"""

from __future__ import annotations

from smbkit.report._export import FORMULA_PREFIXES, escape_formulas, export_tables
from smbkit.report._render import DEFAULT_GROWTH, DEFAULT_KPIS, SOURCES, render

__all__ = [
    "DEFAULT_GROWTH",
    "DEFAULT_KPIS",
    "FORMULA_PREFIXES",
    "SOURCES",
    "escape_formulas",
    "export_tables",
    "render",
]
