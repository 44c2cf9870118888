"""Pictures for the course and for client reports, drawn with seaborn.

Every function takes the data first, draws on ``ax`` when given (or makes a new
figure), and returns the Axes (the Figure for multi-panel pictures). Every
picture has a title and labelled axes with units. Nothing is styled at import:
call :func:`set_theme` once in a notebook's set-up cell.

seaborn and matplotlib.pyplot are imported inside the functions, so importing
this module stays cheap.
"""

from __future__ import annotations

from smbkit.plots._kpi import kpi_grid, kpi_trend, report_card, set_theme

__all__ = ["kpi_grid", "kpi_trend", "report_card", "set_theme"]
