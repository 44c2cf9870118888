"""Customer-experience and web KPIs: NPS and CSAT from ``surveys``, conversion from ``web``."""

from __future__ import annotations

import narwhals as nw

from smbkit.kpis._engine import Rule, load, on_grid, public, ratio, result, to_pandas
from smbkit.kpis._periods import check_freq, period_expr

__all__ = ["conversion_rate", "csat", "nps"]


def _score_rules(role: str, low: int, high: int) -> list[Rule]:
    col = nw.col(role)
    return [
        Rule(
            role,
            (col < low) | (col > high),
            f"have a score outside {low}-{high}",
            f"{role} is a whole number from {low} to {high}",
        ),
        Rule(
            role,
            col.round(0) != col,
            "have a score that is not a whole number",
            f"{role} is a whole number from {low} to {high}",
        ),
    ]


def _survey_counts(func, surveys, roles, freq, score, low, high, groups, cache=None):
    """Count responses, and responses in each score band of ``groups``, per period."""
    check_freq(func, freq)
    key = ("surveys", func, id(surveys), tuple(sorted(roles.items())), freq)
    if cache is not None and key in cache:
        return cache[key]
    src = load(
        func,
        surveys,
        table="surveys",
        roles=roles,
        dates=("date",),
        numbers=(score,),
        required=("date", score),
        rules=_score_rules(score, low, high),
        span="date",
    )
    col = nw.col(score)
    flags = [
        ((col >= lo) & (col <= hi)).cast(nw.Int64).alias(name) for name, (lo, hi) in groups.items()
    ]
    agg = to_pandas(
        src.lf.with_columns(period_expr("date", freq).alias("period"), *flags)
        .group_by("period")
        .agg(nw.len().alias("responses"), *[nw.col(name).sum() for name in groups])
        .sort("period")
    )
    out = (on_grid(agg, src.first_day, src.last_day, freq).fillna(0.0), src)
    if cache is not None:
        cache[key] = out
    return out


def _nps(s, roles, freq, cache=None, func="nps"):
    t, src = _survey_counts(
        func,
        s,
        roles,
        freq,
        "nps_score",
        0,
        10,
        {"promoters": (9, 10), "detractors": (0, 6)},
        cache,
    )
    value, note = ratio(
        t["promoters"] - t["detractors"],
        t["responses"],
        scale=100.0,
        zero_note="no survey responses in period: denominator is zero",
    )
    return result(t.index, value, note, freq=freq, first_day=src.first_day, last_day=src.last_day)


def nps(surveys, *, nps_score="nps_score", date="date", freq="M"):
    """Compute the Net Promoter Score: % promoters minus % detractors, in points.

    Parameters
    ----------
    surveys : DataFrame
        One row per survey response.
    nps_score : str, default "nps_score"
        Column with the answer to "How likely are you to recommend us?", 0 to 10.
    date : str, default "date"
        Column with the response date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday. Small businesses get few responses: prefer
        "Q" or "Y" and read the number of responses (a week's NPS from 5 answers is noise).

    Returns
    -------
    DataFrame
        ``period``, ``value`` (points, -100 to 100), ``note``; NaN without responses.

    Raises
    ------
    DataError
        If a column is missing, or a score is missing, outside 0-10 or not whole.

    Notes
    -----
    .. math:: NPS_t = 100 \\cdot \\frac{|\\{s_i \\geq 9\\}| - |\\{s_i \\leq 6\\}|}{n_t}

    Promoters answer 9-10, passives 7-8, detractors 0-6 (Reichheld 2003, "The One Number
    You Need to Grow", Harvard Business Review 81(12)). Word of mouth in one number.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import nps
    >>> surveys = pd.DataFrame({"date": pd.to_datetime(["2024-01-05"] * 4),
    ...                         "nps_score": [10, 9, 7, 3]})
    >>> nps(surveys)["value"].tolist()
    [25.0]
    """
    return public(_nps(surveys, {"date": date, "nps_score": nps_score}, freq))


def _csat(s, roles, freq, cache=None, func="csat"):
    t, src = _survey_counts(func, s, roles, freq, "csat_score", 1, 5, {"satisfied": (4, 5)}, cache)
    value, note = ratio(
        t["satisfied"],
        t["responses"],
        scale=100.0,
        zero_note="no survey responses in period: denominator is zero",
    )
    return result(t.index, value, note, freq=freq, first_day=src.first_day, last_day=src.last_day)


def csat(surveys, *, csat_score="csat_score", date="date", freq="M"):
    """Compute customer satisfaction: the share of responses scoring 4 or 5 of 5 (%).

    Parameters
    ----------
    surveys : DataFrame
        One row per survey response.
    csat_score : str, default "csat_score"
        Column with the answer to "How satisfied were you?", 1 to 5.
    date : str, default "date"
        Column with the response date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN without responses.

    Raises
    ------
    DataError
        If a column is missing, or a score is missing, outside 1-5 or not whole.

    Notes
    -----
    .. math:: CSAT_t = 100 \\cdot \\frac{|\\{s_i \\in \\{4, 5\\}\\}|}{n_t}

    The "top-two-box" share of satisfied customers, as the American Customer
    Satisfaction Index and most survey tools report CSAT.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import csat
    >>> surveys = pd.DataFrame({"date": pd.to_datetime(["2024-01-05"] * 4),
    ...                         "csat_score": [5, 4, 3, 1]})
    >>> csat(surveys)["value"].tolist()
    [50.0]
    """
    return public(_csat(surveys, {"date": date, "csat_score": csat_score}, freq))


def _conversion(w, roles, freq, cache=None, func="conversion_rate"):
    check_freq(func, freq)
    rules = [
        Rule(r, nw.col(r) < 0, f"have negative {r}", f"{r} is a count, 0 or more")
        for r in ("sessions", "conversions")
    ]
    src = load(
        func,
        w,
        table="web",
        roles=roles,
        dates=("date",),
        numbers=("sessions", "conversions"),
        required=("date", "sessions", "conversions"),
        rules=rules,
        span="date",
    )
    agg = to_pandas(
        src.lf.with_columns(period_expr("date", freq).alias("period"))
        .group_by("period")
        .agg(nw.col("sessions").sum(), nw.col("conversions").sum())
        .sort("period")
    )
    t = on_grid(agg, src.first_day, src.last_day, freq).fillna(0.0)
    value, note = ratio(
        t["conversions"],
        t["sessions"],
        scale=100.0,
        zero_note="no web sessions in period: denominator is zero",
    )
    return result(t.index, value, note, freq=freq, first_day=src.first_day, last_day=src.last_day)


def conversion_rate(web, *, sessions="sessions", conversions="conversions", date="date", freq="M"):
    """Compute the website conversion rate: conversions per session (%).

    Parameters
    ----------
    web : DataFrame
        One row per day of web analytics.
    sessions, conversions : str
        Columns with the number of sessions and of conversions (e.g. online orders).
    date : str, default "date"
        Column with the day.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where there were no sessions.

    Raises
    ------
    DataError
        If a column is missing, a count is negative, or a date is missing or unreadable.

    Notes
    -----
    .. math:: CR_t = 100 \\cdot \\frac{\\sum_{d \\in t} \\text{conversions}_d}{\\sum_{d \\in t} \\text{sessions}_d}

    How well the website turns visits into orders.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import conversion_rate
    >>> web = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
    ...                     "sessions": [120, 80], "conversions": [3, 2]})
    >>> conversion_rate(web)["value"].tolist()
    [2.5]
    """
    roles = {"date": date, "sessions": sessions, "conversions": conversions}
    return public(_conversion(web, roles, freq))
