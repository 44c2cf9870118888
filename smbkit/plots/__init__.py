"""Pictures for the course and for client reports, drawn with seaborn.

Every function takes the data first, draws on ``ax`` when given (or makes a new
figure), and returns the Axes (the Figure for multi-panel pictures). Every
picture has a title and labelled axes with units. Nothing is styled at import:
call :func:`set_theme` once in a notebook's set-up cell.

seaborn and matplotlib.pyplot are imported inside the functions, so importing
this module stays cheap.
"""

from __future__ import annotations

from smbkit.plots._alignment import plot_lag_heatmap, plot_lead_lag
from smbkit.plots._ambidexterity import plot_explore_exploit
from smbkit.plots._clv import plot_holdout_check, plot_tracking
from smbkit.plots._customers import plot_cohorts, plot_segments
from smbkit.plots._dashboard import dashboard
from smbkit.plots._ethics import plot_gaming
from smbkit.plots._experiments import plot_ab_test, plot_automation_case, plot_power_curve
from smbkit.plots._forecast import plot_decomposition, plot_forecast
from smbkit.plots._frameworks import (
    OKR_COLOURS,
    plot_goal_tree,
    plot_okrs,
    style_balanced_scorecard,
)
from smbkit.plots._goals import STATUS_COLOURS, plot_plan, sparkline, style_scorecard
from smbkit.plots._growth import plot_diffusion, plot_supplier_risk
from smbkit.plots._kpi import kpi_grid, kpi_trend, report_card, set_theme
from smbkit.plots._lifecycle import STAGE_COLOURS, plot_lifecycle
from smbkit.plots._monitor import ALERT_COLOUR, plot_control_chart
from smbkit.plots._optimize import plot_price_profit, plot_response_curves
from smbkit.plots._swot import plot_swot
from smbkit.plots._variance import WATERFALL_COLOURS, plot_waterfall

__all__ = [
    "ALERT_COLOUR",
    "OKR_COLOURS",
    "STAGE_COLOURS",
    "STATUS_COLOURS",
    "WATERFALL_COLOURS",
    "dashboard",
    "kpi_grid",
    "kpi_trend",
    "plot_ab_test",
    "plot_automation_case",
    "plot_cohorts",
    "plot_control_chart",
    "plot_decomposition",
    "plot_diffusion",
    "plot_explore_exploit",
    "plot_forecast",
    "plot_gaming",
    "plot_goal_tree",
    "plot_holdout_check",
    "plot_lag_heatmap",
    "plot_lead_lag",
    "plot_lifecycle",
    "plot_okrs",
    "plot_plan",
    "plot_power_curve",
    "plot_price_profit",
    "plot_response_curves",
    "plot_segments",
    "plot_supplier_risk",
    "plot_swot",
    "plot_tracking",
    "plot_waterfall",
    "report_card",
    "set_theme",
    "sparkline",
    "style_balanced_scorecard",
    "style_scorecard",
]
