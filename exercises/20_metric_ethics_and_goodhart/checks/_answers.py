"""Reference answers for exercise 20, computed without smbkit.ethics' summaries.

The simulation is data here (it comes from smbkit.ethics.gaming_simulation, seed 7); every
answer is then computed with numpy on plain arrays, and the Wilson interval from its formula
(Wilson, 1927) rather than with statsmodels, so the checks test smbkit from the outside.
"""

from __future__ import annotations

import functools
import math
import re
from statistics import NormalDist

import numpy as np
import pandas as pd

from smbkit import datasets


@functools.cache
def simulation() -> pd.DataFrame:
    from smbkit.ethics import gaming_simulation

    return gaming_simulation(seed=7)


def change_pct(column: str, *, gamers_only: bool = False) -> float:
    sim = simulation()
    if gamers_only:
        sim = sim[sim["games"].to_numpy(dtype=bool)]
    after = sim["period"].to_numpy() == "after bonus"
    values = sim[column].to_numpy(dtype=float)
    return float(100 * (values[after].mean() / values[~after].mean() - 1))


def change_abs(column: str) -> float:
    sim = simulation()
    after = sim["period"].to_numpy() == "after bonus"
    values = sim[column].to_numpy(dtype=float)
    return float(values[after].mean() - values[~after].mean())


@functools.cache
def _comments() -> tuple[list[str], int]:
    surveys = datasets.load("daily_crumb").surveys
    texts = [c for c in surveys["comment"].tolist() if isinstance(c, str)]
    return texts, len(surveys)


def price_mentions(*, ignore_case: bool = True) -> int:
    flags = re.IGNORECASE if ignore_case else 0
    texts, _ = _comments()
    return sum(bool(re.search("price|expensive", t, flags)) for t in texts)


def price_share() -> float:
    texts, _ = _comments()
    return price_mentions() / len(texts)


def n_comments() -> int:
    return len(_comments()[0])


def n_answers() -> int:
    return _comments()[1]


@functools.cache
def _audit() -> pd.DataFrame:
    saas = datasets.load("brightlane")
    usage, accounts = saas.usage, saas.accounts
    june = usage[usage["month"] == pd.Timestamp("2025-06-01")]
    seg = accounts.set_index("account_id")[["segment", "churn_date"]]
    out = june[["account_id", "engagement_score"]].join(seg, on="account_id")
    churn = out["churn_date"]
    churned = (churn >= pd.Timestamp("2025-07-01")) & (churn < pd.Timestamp("2025-10-01"))
    return pd.DataFrame(
        {
            "segment": out["segment"].astype(str).to_numpy(),
            "flagged": (out["engagement_score"] < 60).to_numpy(),
            "churned": churned.fillna(False).to_numpy(dtype=bool),
        }
    )


def confusion(segment: str | None = "smb") -> dict[str, int]:
    a = _audit()
    if segment is not None:
        a = a[a["segment"] == segment]
    f, c = a["flagged"].to_numpy(), a["churned"].to_numpy()
    return {
        "fp": int((f & ~c).sum()),
        "tn": int((~f & ~c).sum()),
        "fn": int((~f & c).sum()),
        "tp": int((f & c).sum()),
    }


def fpr(segment: str | None = "smb") -> float:
    k = confusion(segment)
    return k["fp"] / (k["fp"] + k["tn"])


def wilson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def wald(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = x / n
    half = z * math.sqrt(p * (1 - p) / n)
    return p - half, p + half


def fpr_interval(segment: str | None = "smb", level: float = 0.95) -> tuple[float, float]:
    k = confusion(segment)
    return wilson(k["fp"], k["fp"] + k["tn"], level)


def as_pair(value) -> np.ndarray | None:
    try:
        arr = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return arr if arr.size == 2 else None
