"""Customers: who buys, how often, for how long, and what they are worth.

Tier-1 summaries over raw orders or transactions, written with narwhals so they run on
pandas, polars (eager or lazy) and DuckDB and return small pandas frames:

- :func:`summary_from_transactions`: frequency, recency, T and monetary value per
  customer, with a calibration/holdout split (the input of lifetime-value models);
- :func:`rfm`: recency, frequency and monetary value scored 1-5 with named segments
  (:func:`rfm_segments` lists the rules and a way to target each);
- :func:`cohort_retention`: the share of each cohort active, by periods since its first
  order;
- :func:`churn_rate`: one pooled churn rate for a lifetime-value calculation;
- :func:`cac_by_channel`: customer acquisition cost per marketing channel;
- :func:`n_day_retention`: for product users (the ``events`` table), the share of each
  first-seen cohort active again exactly N days later.

Probability models ("buy till you die"): :func:`fit_bgnbd` (purchases and P(alive)),
:func:`fit_gamma_gamma` (spend per purchase), :func:`clv` (their discounted product),
:func:`holdout_check` (expected against actual holdout purchases) and :func:`fit_sbg`
(shifted-beta-geometric retention, projected).

And the unit economics built on them: :func:`simple_clv` (margin times a retention-based
lifetime), :func:`ltv_to_cac` and :func:`cac_payback_months`. Orders without a customer
id (guest checkouts) are left out of every customer measure by definition.

>>> from smbkit import customers
>>> round(customers.simple_clv(20.0, 0.8, discount_rate=0.01), 2)
76.19
"""

from smbkit.customers._cohorts import churn_rate, cohort_retention
from smbkit.customers._models import (
    BGNBD,
    GammaGamma,
    ShiftedBetaGeometric,
    clv,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_sbg,
    holdout_check,
)
from smbkit.customers._retention import n_day_retention
from smbkit.customers._rfm import SEGMENTS, rfm, rfm_segments, score
from smbkit.customers._summary import summary_from_transactions
from smbkit.customers._value import cac_by_channel, cac_payback_months, ltv_to_cac, simple_clv

__all__ = [
    "BGNBD",
    "SEGMENTS",
    "GammaGamma",
    "ShiftedBetaGeometric",
    "cac_by_channel",
    "cac_payback_months",
    "churn_rate",
    "clv",
    "cohort_retention",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_sbg",
    "holdout_check",
    "ltv_to_cac",
    "n_day_retention",
    "rfm",
    "rfm_segments",
    "score",
    "simple_clv",
    "summary_from_transactions",
]
