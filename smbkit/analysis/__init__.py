"""Analyses that turn tidy business series into findings a client can act on.

Strategic alignment (:mod:`smbkit.analysis._alignment`): which metrics move before,
with, after or apart from a goal such as sales.

- :func:`lead_lag` correlates each candidate metric with the outcome at lags 0..max_lag;
- :func:`best_lags` picks the strongest lag per candidate from that table;
- :func:`granger` runs Granger-causality tests with a multiple-testing correction;
- :func:`alignment_report` combines both into one verdict per metric ("leading
  indicator", "coincident", "lagging" or "vanity") with a plain-language explanation.

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

__all__ = [
    "CORRECTIONS",
    "TRANSFORMS",
    "VERDICTS",
    "alignment_report",
    "best_lags",
    "granger",
    "lead_lag",
]
