"""The report's sections, each a plain dict for the template (numbers already formatted).

A section dict has ``available`` (bool) and, when False, ``reason``: one sentence for the
client saying why the section is left out. Nothing here writes HTML: the template does,
with autoescaping, so text from the data can never become markup.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError

__all__ = [
    "PERIOD_WORD",
    "alignment_section",
    "breakdown_section",
    "cohort_section",
    "data_quality_section",
    "fmt_money",
    "fmt_value",
    "forecast_section",
    "period_label",
    "plain_label",
    "scorecard_section",
    "trend_movement",
    "trend_reading",
    "trend_section",
]

PERIOD_WORD = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_PANDAS_PERIOD = {"W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}
STEP = {
    "W": pd.DateOffset(weeks=1),
    "M": pd.DateOffset(months=1),
    "Q": pd.DateOffset(months=3),
    "Y": pd.DateOffset(years=1),
}
YEAR_BACK = {
    "W": pd.DateOffset(weeks=52),
    "M": pd.DateOffset(months=12),
    "Q": pd.DateOffset(months=12),
    "Y": pd.DateOffset(years=1),
}
COHORT_ROWS = 12  # cohorts shown (the latest ones)
COHORT_AGES = 12  # periods since the first order shown
FORECAST_HORIZON = 12  # months shown ahead (table and fan chart)
FORECAST_LEVEL = 0.9  # prediction interval
BACKTEST_HORIZON = 3  # months each back-test forecast covers: a quarter, as the headline
BACKTEST_ORIGINS = 3  # at most; one quarter apart, so the checked months do not overlap
MONTHS = 12  # seasonal cycle of monthly revenue


# --------------------------------------------------------------------------- formatting


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def fmt_money(value: float, currency: str) -> str:
    """Format money: whole units from 1,000 up, cents below.

    >>> fmt_money(121251.32, "USD"), fmt_money(19.5189, "EUR"), fmt_money(float("nan"), "USD")
    ('121,251 USD', '19.52 EUR', '–')
    """
    if not _finite(value):
        return "–"
    digits = 0 if abs(value) >= 1000 else 2
    return f"{value:,.{digits}f} {currency}"


def fmt_value(value: float, unit: str, currency: str) -> str:
    """Format a KPI value in its unit (``"USD"`` in the catalog means the business's money).

    >>> fmt_value(68.0019, "%", "USD"), fmt_value(6212.0, "count", "USD")
    ('68.0 %', '6,212')
    >>> fmt_value(7578.2, "USD per employee", "EUR"), fmt_value(3.226, "times", "USD")
    ('7,578 EUR per employee', '3.23 times')
    """
    if not _finite(value):
        return "–"
    if unit == "%":
        return f"{value:,.1f} %"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "USD":
        return fmt_money(value, currency)
    if unit.startswith("USD "):
        return fmt_money(value, currency) + unit[3:]
    if unit in {"days", "points"}:
        return f"{value:,.1f} {unit}"
    return f"{value:,.2f} {unit}"


def _pct(value: float, *, signed: bool = True) -> str:
    if not _finite(value):
        return "–"
    return f"{100 * value:+.1f} %" if signed else f"{100 * value:.1f} %"


def period_label(period: pd.Timestamp, freq: str) -> str:
    """Name a period by its first day, the way a business owner says it.

    >>> ts = pd.Timestamp("2025-10-01")
    >>> [period_label(ts, f) for f in ("W", "M", "Q", "Y")]
    ['week of 2025-10-01', 'Oct 2025', '2025 Q4', '2025']
    """
    if freq == "M":
        return f"{period:%b %Y}"
    if freq == "Q":
        return f"{period.year} Q{period.quarter}"
    if freq == "Y":
        return f"{period.year}"
    return f"week of {period:%Y-%m-%d}"


#: Ids whose letters are an abbreviation: shown in capitals by :func:`plain_label`.
_ACRONYMS = {"b2b", "b2c", "crm", "pos", "seo", "sms", "sku", "url", "vip"}


def plain_label(value: object) -> str:
    """Show a category id as a plain name: ``"in_store"`` -> ``"In store"``.

    Only snake-case ids (lower-case letters, digits and underscores) are changed: a name
    a person typed, with capitals or spaces, is theirs and stays as it is. The channel and
    location values, ledger actions and marketing metric names the report prints pass here.

    >>> [plain_label(v) for v in ("in_store", "Old Town", "web", "pos_terminal", "kept")]
    ['In store', 'Old Town', 'Web', 'POS terminal', 'Kept']
    >>> plain_label("local_search_visits"), plain_label(None), plain_label("(not recorded)")
    ('Local search visits', '–', '(not recorded)')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = str(value)
    if not re.fullmatch(r"[a-z0-9_]+", text) or not re.search(r"[a-z]", text):
        return text
    words = [w.upper() if w in _ACRONYMS else w for w in text.split("_") if w]
    if not words:
        return text
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


def _png(fig, dpi: int = 96) -> str:
    """Encode a matplotlib figure as a base64 PNG and close it."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)  # the grid is laid out already: no "tight"
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _skip(reason: str, **extra) -> dict:
    return {"available": False, "reason": reason, **extra}


# --------------------------------------------------------------------------- data quality


def _date_range(table: pd.DataFrame) -> tuple[str, str]:
    for col in ("date", "month", "hire_date", "first_order_date"):
        if col in table.columns and pd.api.types.is_datetime64_any_dtype(table[col]):
            dates = table[col].dropna()
            if len(dates):
                return f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
    return "–", "–"


def customer_coverage(orders: pd.DataFrame) -> float:
    """Share of revenue on orders with a customer id (NaN without revenue), as smbkit.io."""
    if "customer_id" not in orders.columns:
        return 0.0
    total = float(orders["revenue"].sum())
    if total == 0:
        return float("nan")
    return float(orders.loc[orders["customer_id"].notna(), "revenue"].sum() / total)


def data_quality_section(tables, read, origin: str, partial_periods: list[str]) -> dict:
    """What was read, kept, excluded and repaired; with a ledger, the reconciliation."""
    out: dict = {"available": True, "origin": origin, "partial_periods": partial_periods}
    orders = tables.get("orders")
    if orders is not None and "revenue" in orders.columns:
        cov = customer_coverage(orders)
        out["coverage"] = _pct(cov, signed=False) if _finite(cov) else None
    else:
        out["coverage"] = None
    if read is None:
        out["ledger"] = None
        out["tables"] = [
            {
                "name": name,
                "rows": f"{len(table):,}",
                "columns": f"{table.shape[1]:,}",
                "first": _date_range(table)[0],
                "last": _date_range(table)[1],
            }
            for name, table in tables.items()
        ]
        return out
    led = read.ledger
    kept = led[led["action"] == "kept"]
    excluded = led[led["action"] == "excluded"]
    kept_rows, kept_amount = int(kept["rows"].sum()), float(kept["amount"].sum())
    ex_rows, ex_amount = int(excluded["rows"].sum()), float(excluded["amount"].sum())
    rows_ok = kept_rows + ex_rows == read.raw_rows
    amount_ok = abs(kept_amount + ex_amount - read.raw_amount) < 0.005
    out["ledger"] = {
        "source": read.source,
        "amount_column": read.amount_column,
        "raw_rows": f"{read.raw_rows:,}",
        "raw_amount": f"{read.raw_amount:,.2f}",
        "kept_rows": f"{kept_rows:,}",
        "kept_amount": f"{kept_amount:,.2f}",
        "excluded_rows": f"{ex_rows:,}",
        "excluded_amount": f"{ex_amount:,.2f}",
        "reconciles": rows_ok and amount_ok,
        "orders": f"{len(read.data):,}",
        "lines": [
            {
                "action": plain_label(r.action),
                "reason": r.reason,
                "rows": f"{int(r.rows):,}",
                "amount": f"{float(r.amount):,.2f}",
                "example": r.example,
            }
            for r in led.itertuples(index=False)
        ],
        "notes": list(read.notes),
        "warnings": list(read.warnings),
    }
    out["tables"] = None
    return out


# --------------------------------------------------------------------------- scorecard


def _goal_for(kpi, user, last, year_ago, period, freq, polarity, growth, label, unit, currency):
    """Return (Goal or None, basis sentence) for one KPI."""
    from smbkit.targets import Goal

    word = PERIOD_WORD[freq]
    if isinstance(user, Goal):
        final = fmt_value(user.target, unit, currency)
        return user, f"your goal: {final} by {user.deadline:%b %Y} (its plan for this {word})"
    if user is not None:
        target = float(user)
        if _finite(last):
            base, since = float(last), year_ago
        else:  # no history: a flat plan at the target, so the benchmark is the target
            base, since = target, period - STEP[freq]
        goal = Goal(
            kpi,
            base,
            since,
            target,
            period,
            polarity,
            name=label,
            unit=unit,
            method="linear",
            freq=freq,
            allow_worse=True,
        )
        return goal, "set by you"
    if not _finite(last):
        return None, f"no value for the same {word} a year earlier, so no default target"
    sign = 1.0 if polarity == "higher" else -1.0
    target = float(last) + sign * growth * abs(float(last))
    direction = "up" if polarity == "higher" else "down"
    goal = Goal(
        kpi,
        float(last),
        year_ago,
        target,
        period,
        polarity,
        name=label,
        unit=unit,
        method="linear",
        freq=freq,
    )
    return goal, f"default: same {word} last year, {_pct(growth, signed=False)} {direction}"


#: Which way a KPI moved, from :func:`smbkit.targets.scorecard`'s polarity-aware
#: ``trend_direction`` and the KPI's polarity.
_MOVEMENT = {
    ("improving", "higher"): "up",
    ("worsening", "higher"): "down",
    ("improving", "lower"): "down",
    ("worsening", "lower"): "up",
}
_ARROW = {"up": "↑", "down": "↓", "flat": "→"}


def trend_movement(direction: object, polarity: str) -> str | None:
    """Return which way the KPI's values moved: "up", "down", "flat", or None (no trend).

    :func:`smbkit.targets.scorecard` says "improving" or "worsening" relative to the KPI's
    polarity; the client reads a trend column as the direction the number went.

    >>> trend_movement("improving", "lower"), trend_movement("worsening", "higher")
    ('down', 'down')
    >>> trend_movement("flat", "lower"), trend_movement("no data", "higher")
    ('flat', None)
    """
    if direction == "flat":
        return "flat"
    return _MOVEMENT.get((direction, polarity)) if isinstance(direction, str) else None


def trend_reading(movement: object, polarity: str, status: str) -> dict:
    """Say which way a KPI moved and whether that is good news, in one place.

    Parameters
    ----------
    movement : {"up", "down", "flat"} or None
        Which way the values went over the trend window (None or NaN: no trend).
    polarity : {"higher", "lower"}
        Whether higher or lower values are better (``smbkit.kpis.catalog()``).
    status : str
        The KPI's status against its target ("on track", "at risk", "off track",
        "no data").

    Returns
    -------
    dict
        ``arrow`` and ``movement`` (the direction, e.g. "↑", "up"), ``verdict`` (the
        words for the owner, e.g. "better, still off track") and ``tone`` ("good",
        "bad", "mixed" or "neutral", the colour).

    Notes
    -----
    The arrow only ever says where the number went: a cost that rose reads "↑ up" and
    "worse". Good news is judged with the polarity, and tempered by the status: moving the
    right way while off track reads "better, still off track" (mixed), and standing still
    while off track reads "not recovering" (bad).

    Examples
    --------
    >>> r = trend_reading("up", "lower", "off track")
    >>> r["arrow"], r["movement"], r["verdict"], r["tone"]
    ('↑', 'up', 'worse', 'bad')
    >>> trend_reading("down", "lower", "at risk")["verdict"]
    'better, still at risk'
    """
    behind = status in {"at risk", "off track"}
    if movement not in _ARROW:  # None, NaN, "no data"
        return {"arrow": "–", "movement": "no trend", "verdict": "", "tone": "neutral"}
    if movement == "flat":
        verdict, tone = ("not recovering", "bad") if behind else ("steady", "neutral")
    elif (movement == "up") == (polarity == "higher"):
        verdict, tone = (f"better, still {status}", "mixed") if behind else ("better", "good")
    else:
        verdict, tone = "worse", "bad"
    return {"arrow": _ARROW[movement], "movement": movement, "verdict": verdict, "tone": tone}


def scorecard_section(
    kv, chosen, period, partial_mode, freq, targets, growth, catalog, currency, skipped
) -> tuple[dict, pd.DataFrame]:
    """Score each chosen KPI at ``period`` against its target; return (section, table)."""
    from smbkit.plots import STATUS_COLOURS, sparkline
    from smbkit.targets import scorecard

    year_ago = period - YEAR_BACK[freq]
    rows_kv = kv if partial_mode else kv[~kv["partial"]]
    goals, basis, last_year = [], {}, {}
    for kpi in chosen:
        s = rows_kv[rows_kv["kpi"] == kpi].set_index("period")["value"]
        last = float(s.get(year_ago, np.nan))
        last_year[kpi] = last
        goal, why = _goal_for(
            kpi,
            targets.get(kpi),
            last,
            year_ago,
            period,
            freq,
            catalog.at[kpi, "polarity"],
            growth,
            catalog.at[kpi, "label"],
            catalog.at[kpi, "unit"],
            currency,
        )
        basis[kpi] = why
        if goal is not None:
            goals.append(goal)
    card = scorecard(
        kv, goals, at=period, compare_to="plan", trend_periods=12, include_partial=partial_mode
    )
    card = card.set_index("kpi")
    rows, export = [], []
    for kpi in chosen:
        unit = catalog.at[kpi, "unit"]
        label = catalog.at[kpi, "label"]
        series = rows_kv[rows_kv["kpi"] == kpi].set_index("period")
        actual = float(series["value"].get(period, np.nan))
        note = series["note"].get(period, None) if "note" in series else None
        last = last_year[kpi]
        change = (actual - last) / abs(last) if _finite(last) and last != 0 else float("nan")
        if kpi in card.index:
            c = card.loc[kpi]
            bench, st, direction = float(c["benchmark"]), c["status"], c["trend_direction"]
            var_pct, trend = float(c["variance_pct"]), list(c["trend"])
        else:
            bench, st, var_pct = float("nan"), "no data", float("nan")
            window = series.loc[series.index <= period, "value"].iloc[-12:]
            trend = [float(x) for x in window]
            direction = "no data"
        rows.append(
            {
                "kpi": kpi,
                "label": label,
                "actual": fmt_value(actual, unit, currency),
                "last_year": fmt_value(last, unit, currency),
                "change": _pct(change),
                "target": fmt_value(bench, unit, currency),
                "basis": basis[kpi],
                "variance": _pct(var_pct),
                "status": st,
                "status_class": st.replace(" ", "-"),
                "trend": trend_reading(
                    trend_movement(direction, catalog.at[kpi, "polarity"]),
                    catalog.at[kpi, "polarity"],
                    st,
                ),
                "sparkline": sparkline(trend) if trend else "",
                "note": note if isinstance(note, str) and note and note != "nan" else "",
            }
        )
        export.append(
            {
                "kpi": kpi,
                "label": label,
                "period": period,
                "actual": actual,
                "unit": unit.replace("USD", currency),
                "same_period_last_year": last,
                "target": bench,
                "target_basis": basis[kpi],
                "variance_pct": var_pct,
                "status": st,
                "trend_direction": direction,
            }
        )
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUS_COLOURS}
    section = {
        "available": bool(rows),
        "reason": "no KPI could be computed from these tables",
        "rows": rows,
        "counts": counts,
        "colours": STATUS_COLOURS,
        "growth": _pct(growth, signed=False),
        "skipped": skipped,
        "period_word": PERIOD_WORD[freq],
    }
    return section, pd.DataFrame(export)


# --------------------------------------------------------------------------- trends


def trend_section(kv, chosen, catalog, currency, freq) -> dict:
    """One small picture per KPI over whole periods (seaborn, base64 PNGs).

    Each KPI is its own :func:`smbkit.plots.kpi_trend` panel, on the same time axis as
    the others, so the page can lay them out three to a row on a screen and one to a row
    on a phone (a single multi-panel picture would shrink to unreadable there).
    """
    import matplotlib
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from smbkit.plots import kpi_trend, set_theme

    whole = kv[~kv["partial"] & kv["value"].notna()]
    drawable = [k for k in chosen if (whole["kpi"] == k).sum() >= 2]
    if not drawable:
        return _skip(
            f"the data cover fewer than two whole {PERIOD_WORD[freq]}s, and a trend needs at "
            "least two (partial periods are left out: half a month looks like a collapse)"
        )
    data = whole[whole["kpi"].isin(drawable)].assign(
        unit=lambda d: d["unit"].str.replace("USD", currency, regex=False)
    )
    first, last = data["period"].min(), data["period"].max()
    pad = (last - first) * 0.03
    panels = []
    with matplotlib.rc_context():
        set_theme("paper")
        for kpi in drawable:
            fig, ax = plt.subplots(figsize=(3.6, 2.4))
            kpi_trend(data, kpi, ax=ax)
            ax.set_xlabel("")
            ax.set_xlim(first - pad, last + pad)  # one time axis for every panel
            locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
            # yearly ticks for 3 to 6 years of months (matplotlib warns without them)
            locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            fig.tight_layout(pad=0.4)
            mine = data[data["kpi"] == kpi]["period"]
            span = f"{period_label(mine.min(), freq)} to {period_label(mine.max(), freq)}"
            panels.append(
                {
                    "label": catalog.at[kpi, "label"],
                    "alt": f"{catalog.at[kpi, 'label']} by {PERIOD_WORD[freq]}, {span}",
                    "image": _png(fig, dpi=120),  # sharper than 96 on phones, half the bytes of 144
                }
            )
    left_out = [catalog.at[k, "label"] for k in chosen if k not in drawable]
    return {"available": True, "panels": panels, "left_out": left_out, "count": len(drawable)}


# --------------------------------------------------------------------------- forecast


def _min_months() -> tuple[int, int]:
    """Whole months the ETS model needs to be fitted, and the section needs in all."""
    from smbkit.forecast import _min_length

    fit = _min_length("ets", MONTHS)
    return fit, fit + BACKTEST_HORIZON


def _monthly_revenue(kv: pd.DataFrame, freq: str, tables) -> pd.Series | str:
    """Net revenue of the latest run of consecutive whole months, or why there is none."""
    rows = kv[kv["kpi"] == "revenue"] if freq == "M" else kv.iloc[:0]
    if rows.empty:  # the report is not monthly, or revenue is not among its KPIs
        from smbkit.kpis import compute

        orders = tables.get("orders")
        if orders is None:
            return "no orders table: the forecast is of net revenue, which needs orders"
        try:
            rows = compute(tables, kpis=["revenue"], freq="M")
        except DataError as exc:
            return f"net revenue by month could not be computed from these data ({exc})"
    whole = rows[~rows["partial"] & rows["value"].notna()]
    if whole.empty:
        return pd.Series([], dtype="float64", name="Net revenue")
    s = whole.set_index("period")["value"].astype("float64").sort_index()
    s = s.set_axis(pd.DatetimeIndex(s.index)).asfreq("MS")
    gaps = np.flatnonzero(s.isna().to_numpy())
    if len(gaps):  # a month without a value: keep the run after it
        s = s.iloc[gaps[-1] + 1 :]
    return s.rename("Net revenue")


def _span(dates) -> str:
    first, last = pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    if first.year == last.year:
        return f"{first:%b}–{last:%b %Y}"
    return f"{first:%b %Y}–{last:%b %Y}"


def _mae(scores: pd.Series, currency: str) -> str:
    """A back-test's mean absolute error, with MAPE when it is defined."""
    text = fmt_money(float(scores["mae"]), currency)
    mape = float(scores["mape"])
    return f"{text} ({mape:.1f} %)" if _finite(mape) else text


def _too_few_inside(inside: int, total: int, level: float, alpha: float = 0.05) -> bool:
    """Whether so few hits would happen with probability below ``alpha`` for a true interval.

    Each actual value falls inside a correct ``level`` interval with probability ``level``;
    the count inside is then binomial (treating the months as independent), and the
    one-sided test asks whether :math:`P(X \\le \\text{inside}) < \\alpha`.

    >>> _too_few_inside(5, 9, 0.9), _too_few_inside(7, 9, 0.9)
    (True, False)
    """
    from scipy.stats import binom

    return bool(binom.cdf(inside, total, level) < alpha)


def _fan_chart(
    history: pd.Series, table: pd.DataFrame, label: str, level: str, currency: str
) -> str:
    import matplotlib
    import matplotlib.pyplot as plt

    from smbkit.plots import plot_forecast, set_theme

    shown = table.copy()
    shown.attrs = {**table.attrs, "spec": label}  # the legend names the method plainly
    with matplotlib.rc_context():
        set_theme("paper")
        fig, ax = plt.subplots(figsize=(8, 3.4))
        plot_forecast(
            history,
            shown,
            ax=ax,
            unit=currency,
            title=f"Net revenue by month: forecast with its {level} interval",
        )
        ax.set_xlabel("Month")
        fig.tight_layout()
        return _png(fig)


def forecast_section(kv, freq, tables, currency) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Net revenue for the next 12 months, back-tested against "same month last year".

    An ETS model (:func:`smbkit.forecast.forecast`, ``model="ets"``) is fitted to the whole
    months of net revenue. Before it is trusted, :func:`smbkit.forecast.backtest` re-runs it
    from up to :data:`BACKTEST_ORIGINS` earlier origins, one quarter apart, each forecasting
    the quarter after it; if its MASE is not below the seasonal naive forecast's, the
    report shows the seasonal naive forecast ("same month last year") instead.

    Returns the section and the tables to export (``forecast`` and ``forecast_backtest``;
    none when the section is skipped).

    Notes
    -----
    The quarter's range adds up the months' interval ends,
    :math:`[\\sum_h L_h, \\sum_h U_h]`. For roughly normal forecast errors this is at least
    as wide as the quarter's own interval at the same level (the standard deviation of a
    sum is at most the sum of the standard deviations), so it is a cautious range.
    """
    from smbkit.forecast import backtest, forecast

    fit_need, need = _min_months()
    s = _monthly_revenue(kv, freq, tables)
    if isinstance(s, str):
        return _skip(s), {}
    n = len(s)
    if n < need:
        have = "none" if n == 0 else f"only {n}"
        return _skip(
            f"a forecast needs at least {need} whole months of net revenue in a row "
            f"({fit_need} for the model to learn the seasonal pattern, and {BACKTEST_HORIZON} "
            f"more to check it against what happened), and these data have {have}"
        ), {}
    k = min(BACKTEST_ORIGINS, (n - fit_need) // BACKTEST_HORIZON)
    origins = [s.index[n - 1 - BACKTEST_HORIZON * j] for j in range(k, 0, -1)]
    try:
        bt = backtest(
            s, horizon=BACKTEST_HORIZON, origins=origins, models=["ets"], level=FORECAST_LEVEL
        )
        wins = bt.beats_benchmark("ets")
        model = "ets" if wins else bt.benchmark
        table = forecast(s, horizon=FORECAST_HORIZON, model=model, level=FORECAST_LEVEL)
    except SmbkitError as exc:
        return _skip(f"the forecast could not run on these data ({exc})"), {}
    summary = bt.summary.set_index("model")
    ets, bench = summary.loc["ets"], summary.loc[bt.benchmark]
    checked = int(ets["forecasts"])
    label = "exponential smoothing" if wins else "same month last year"
    level = _pct(FORECAST_LEVEL, signed=False).replace(".0 %", " %")

    quarter = table.iloc[:BACKTEST_HORIZON]
    q_sum = float(quarter["forecast"].sum())
    q_low, q_high = float(quarter["lower"].sum()), float(quarter["upper"].sum())
    q_span = _span(quarter["date"].tolist())
    headline = (
        f"Expected net revenue for {q_span}: {fmt_money(q_sum, currency)}. Adding up each "
        f"month's {level} range gives {fmt_money(q_low, currency)} to "
        f"{fmt_money(q_high, currency)}: a cautious range, since the months rarely all land "
        "at the same end."
    )
    test_span = _span([bt.errors["date"].min(), bt.errors["date"].max()])
    compared = (
        f"In a back-test over {test_span} ({checked} months, each forecast a quarter ahead "
        "from only the months before it), the exponential smoothing model missed the actual "
        f"net revenue by {_mae(ets, currency)} a month on average, against "
        f'{_mae(bench, currency)} for "same month last year". '
    )
    ratio = float(ets["vs_benchmark"])
    if _finite(ratio):  # the measure the verdict uses: MASE, errors scaled per origin
        compared += "Scaled by each origin's usual year-on-year change (MASE), its error is "
        compared += f"{ratio:.2f} times the benchmark's"
    else:
        compared += "The scaled errors (MASE) cannot be compared: " + str(ets["note"])
    if wins:
        verdict = compared + ": it beat that benchmark, so its forecast is shown."
    else:
        verdict = (
            compared + '. The forecast is no better than "same month last year", so '
            "that is shown instead (each month as it was a year earlier)."
        )
    mine = bt.errors[bt.errors["model"] == model]
    inside = int(((mine["actual"] >= mine["lower"]) & (mine["actual"] <= mine["upper"])).sum())
    coverage = (
        f"In the back-test, {inside} of the {checked} actual months fell inside the shown "
        f"method's {level} range."
    )
    if _too_few_inside(inside, checked, FORECAST_LEVEL):
        coverage += (
            f" A true {level} range would rarely catch so few (less than 1 time in 20 by "
            "chance): treat the band as too narrow and allow for wider swings."
        )
    if checked < 6:
        coverage += f" {checked} months are a small test: read the verdict as a first sign."
    notes = [*table.attrs["warnings"], *bt.warnings]
    section = {
        "available": True,
        "months": f"{n}",
        "first": f"{s.index[0]:%b %Y}",
        "last": f"{s.index[-1]:%b %Y}",
        "horizon": FORECAST_HORIZON,
        "level": level,
        "wins": wins,
        "method": label,
        "spec": table.attrs["spec"] if wins else "seasonal naive",
        "headline": headline,
        "verdict": verdict,
        "coverage": coverage,
        "glance": f"Expected net revenue for {q_span}: {fmt_money(q_sum, currency)} "
        f"({label}; see Forecast).",
        "image": _fan_chart(s, table, label, level, currency),
        "rows": [
            {
                "month": f"{r.date:%b %Y}",
                "forecast": fmt_money(float(r.forecast), currency),
                "lower": fmt_money(float(r.lower), currency),
                "upper": fmt_money(float(r.upper), currency),
            }
            for r in table.itertuples(index=False)
        ],
        "notes": notes,
    }
    export = table.assign(method=table.attrs["spec"], level=FORECAST_LEVEL)
    return section, {"forecast": export, "forecast_backtest": bt.summary}


# --------------------------------------------------------------------------- breakdown


def _window(orders: pd.DataFrame, period, freq, partial_mode):
    if partial_mode:
        return orders, "the whole data"
    end = period + STEP[freq]
    start = end - pd.DateOffset(years=1)
    inside = (orders["date"] >= start) & (orders["date"] < end)
    return orders[inside], f"the 12 months {start:%b %Y} to {(end - pd.Timedelta(days=1)):%b %Y}"


def _shares(values: pd.Series, currency: str) -> list[dict]:
    total = float(values.sum())
    return [
        {
            "name": str(name),
            "amount": fmt_money(float(v), currency),
            "share": _pct(float(v) / total, signed=False) if total else "–",
        }
        for name, v in values.sort_values(ascending=False).items()
    ]


def breakdown_section(tables, period, freq, partial_mode, currency) -> dict:
    """Net revenue by channel and location, and the top products, over the last year."""
    orders = tables.get("orders")
    if orders is None or not {"date", "revenue"} <= set(orders.columns):
        return _skip("no orders table: the breakdown needs orders")
    recent, label = _window(orders, period, freq, partial_mode)
    net = recent["revenue"] - (recent["refunded"] if "refunded" in recent else 0.0)
    parts = []
    for col, title in (("channel", "Channel"), ("location", "Location")):
        if col in recent.columns and recent[col].notna().any():
            keys = recent[col].astype("str").fillna("(not recorded)").map(plain_label)
            parts.append({"title": title, "rows": _shares(net.groupby(keys).sum(), currency)})
    products = None
    lines = tables.get("order_lines")
    if lines is not None and {"order_id", "product", "revenue"} <= set(lines.columns):
        ids = recent["order_id"] if "order_id" in recent.columns else pd.Series([], dtype="str")
        # get_indexer on a unique Index is several times faster than isin on Arrow strings
        mine = lines[pd.Index(ids.unique()).get_indexer(lines["order_id"]) >= 0]
        if len(mine):
            by_product = mine.groupby(mine["product"].astype("str"))["revenue"].sum()
            products = _shares(by_product, currency)[:10]
    if not parts and products is None:
        return _skip(
            "the orders have no channel or location, and there is no order_lines "
            "table: nothing to break revenue down by"
        )
    return {"available": True, "window": label, "parts": parts, "products": products}


# --------------------------------------------------------------------------- cohorts


def _heat(share: float) -> str:
    # white -> blue (colour-blind safe), text stays dark enough to read
    level = max(0.0, min(1.0, share))
    r = int(round(255 - level * (255 - 86)))
    g = int(round(255 - level * (255 - 180)))
    b = int(round(255 - level * (255 - 233)))
    return f"#{r:02x}{g:02x}{b:02x}"


def cohort_section(tables, period, freq, partial_mode) -> tuple[dict, pd.DataFrame | None]:
    """The cohort retention table for the latest cohorts, as shaded cells."""
    orders = tables.get("orders")
    word = PERIOD_WORD[freq]
    if orders is None or "date" not in orders.columns:
        return _skip("no orders table: cohorts need orders"), None
    if "customer_id" not in orders.columns or not orders["customer_id"].notna().any():
        return _skip(
            "no customer ids: cohorts need them, and every order here is a guest "
            "checkout or the export has no customer column"
        ), None
    until = None if partial_mode else period + STEP[freq]
    from smbkit.customers import cohort_retention

    # `until` is exclusive; observation_end is the last day kept
    last_day = None if until is None else until - pd.Timedelta(days=1)
    table = cohort_retention(orders, freq=freq, observation_end=last_day)
    if table.shape[1] < 3:  # customers, age 0, age 1
        return _skip(f"the data span less than two {word}s: retention needs at least two"), None
    shown = table.iloc[-COHORT_ROWS - 1 : -1] if len(table) > 1 else table
    ages = [c for c in shown.columns if c != "customers"][: COHORT_AGES + 1]
    rows = []
    for cohort, row in shown.iterrows():
        cells = []
        for age in ages:
            v = row[age]
            if _finite(v):
                cells.append({"text": f"{100 * v:.0f} %", "colour": _heat(float(v))})
            else:
                cells.append({"text": "", "colour": "#ffffff"})
        rows.append(
            {
                "cohort": period_label(cohort, freq),
                "customers": f"{int(row['customers']):,}",
                "cells": cells,
            }
        )
    cov = customer_coverage(orders)
    avg1 = float(table[1].mean()) if 1 in table.columns else float("nan")
    section = {
        "available": True,
        "word": word,
        "ages": ages,
        "rows": rows,
        "coverage": _pct(cov, signed=False) if _finite(cov) else "–",
        "low_coverage": _finite(cov) and cov < 0.8,
        "average_next": _pct(avg1, signed=False),
        "cohorts": f"{len(table):,}",
    }
    return section, table


# --------------------------------------------------------------------------- alignment


def _whole_weeks(daily: pd.DataFrame) -> pd.DataFrame:
    start, end = daily["date"].min(), daily["date"].max()
    first = start + pd.Timedelta(days=(7 - start.weekday()) % 7)  # first Monday
    last = end - pd.Timedelta(days=(end.weekday() + 1) % 7)  # last Sunday
    return daily[(daily["date"] >= first) & (daily["date"] <= last)]


def alignment_section(tables) -> tuple[dict, pd.DataFrame | None]:
    """Which marketing metrics lead net revenue, week by week (smbkit.analysis)."""
    orders, marketing = tables.get("orders"), tables.get("marketing")
    if marketing is None:
        return _skip(
            "no marketing table: the alignment check needs marketing activity by "
            "day (spend, clicks, visits, likes, ...) next to the orders"
        ), None
    if orders is None:
        return _skip("no orders table: the alignment check compares marketing with sales"), None
    from smbkit.analysis import alignment_report

    metrics = [
        c
        for c in marketing.columns
        if c not in {"date", "channel"}
        and pd.api.types.is_numeric_dtype(marketing[c])
        and marketing[c].notna().any()
    ]
    dated = "date" in marketing.columns and pd.api.types.is_datetime64_any_dtype(marketing["date"])
    if not metrics or not dated:
        return _skip("the marketing table has no dated numeric metrics to compare"), None
    refunds = orders["refunded"] if "refunded" in orders.columns else 0.0
    sales = (
        orders.assign(date=orders["date"].dt.normalize(), net_revenue=orders["revenue"] - refunds)
        .groupby("date", as_index=False)["net_revenue"]
        .sum()
    )
    activity = (
        marketing.assign(date=marketing["date"].dt.normalize())
        .groupby("date", as_index=False)[metrics]
        .sum()
    )
    activity[metrics] = activity[metrics].astype("float64")
    daily = _whole_weeks(sales.merge(activity, on="date", how="inner"))
    varied = [m for m in metrics if daily[m].min() < daily[m].max()]
    if not varied:
        return _skip("the marketing metrics do not vary over the weeks with sales"), None
    try:
        report = alignment_report(daily, outcome="net_revenue", candidates=varied, freq="W")
    except SmbkitError as exc:
        return _skip(f"the alignment check could not run on these data ({exc})"), None
    rows = [
        {
            "metric": plain_label(r.candidate),
            "verdict": r.verdict,
            "lag": f"{int(r.best_lag):+d}"
            if _finite(r.best_lag) and r.verdict != "vanity"
            else "–",
            "confidence": r.confidence,
            "explanation": r.explanation,
        }
        for r in report.itertuples(index=False)
    ]
    by_verdict: Mapping[str, list[str]] = {}
    for r in rows:
        by_verdict.setdefault(r["verdict"], []).append(r["metric"])
    return {
        "available": True,
        "rows": rows,
        "leading": by_verdict.get("leading indicator", []),
        "vanity": by_verdict.get("vanity", []),
        "weeks": f"{daily['date'].dt.to_period('W-SUN').nunique():,}",
    }, report
