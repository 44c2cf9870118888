"""Analyses that turn tidy business series into findings a client can act on.

Strategic alignment (:mod:`smbkit.analysis._alignment`): which metrics move before,
with, after or apart from a goal such as sales.

- :func:`lead_lag` correlates each candidate metric with the outcome at lags 0..max_lag;
- :func:`best_lags` picks the strongest lag per candidate from that table;
- :func:`granger` runs Granger-causality tests with a multiple-testing correction;
- :func:`alignment_report` combines both into one verdict per metric ("leading
  indicator", "coincident", "lagging" or "vanity") with a plain-language explanation.

Variance and root cause (:mod:`smbkit.analysis._variance`): how far from budget, why,
where, and is it new?

- :func:`budget_vs_actual` compares actual with budget per period and dimension;
- :func:`price_volume_mix` splits a revenue gap into volume, mix, price and new or
  discontinued items, summing exactly to the gap;
- :func:`drill_down` ranks which location, channel or product carries a gap;
- :func:`trend_or_one_off` calls a period's variance a one-off, persistent, a trend or
  within the usual swing.

Funnels (:mod:`smbkit.analysis._funnel`): how far deals and users get.

- :func:`stage_conversion` counts the deals that reached each pipeline stage and the
  share that reached the next, inferring the path from each deal's current stage;
- :func:`feature_adoption` gives, per period, the share of active product users who
  used a given event.

statsmodels and scipy load inside the functions that need them.
"""

from __future__ import annotations

from smbkit.analysis._alignment import (
    CORRECTIONS,
    TRANSFORMS,
    VERDICTS,
    alignment_report,
    best_lags,
    granger,
    lead_lag,
)
from smbkit.analysis._funnel import feature_adoption, stage_conversion
from smbkit.analysis._variance import (
    POLARITIES,
    PVM_STEPS,
    TREND_VERDICTS,
    PriceVolumeMix,
    budget_vs_actual,
    drill_down,
    price_volume_mix,
    trend_or_one_off,
)

__all__ = [
    "CORRECTIONS",
    "POLARITIES",
    "PVM_STEPS",
    "TRANSFORMS",
    "TREND_VERDICTS",
    "VERDICTS",
    "PriceVolumeMix",
    "alignment_report",
    "best_lags",
    "budget_vs_actual",
    "drill_down",
    "feature_adoption",
    "granger",
    "lead_lag",
    "price_volume_mix",
    "stage_conversion",
    "trend_or_one_off",
]
