"""Financial KPIs from the monthly ``financials`` table.

Monthly rows roll up to quarters and years this way: flows (revenue, cogs, net income) are
summed over the months of the period; a balance (cash, receivables, inventory, payables) is
read at the period's end (its last month's closing value), and its opening value is the
closing value of the month before the period. Averages of a balance are the mean of opening
and closing. Days ratios use the calendar days of the period (28-31 for a month, 90-92 for
a quarter, 365 or 366 for a year) and are not annualised; ``inventory_turnover`` is per
period (a monthly turnover of 2 is about 24 a year).
"""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.kpis._engine import Rule, combine_notes, load, public, ratio, result, to_frame
from smbkit.kpis._periods import check_freq, days_in_period, grid

__all__ = [
    "cash_conversion_cycle",
    "dio",
    "dpo",
    "dso",
    "inventory_turnover",
    "net_margin",
]

FIN_FREQS = ("M", "Q", "Y")
_FLOWS = ("revenue", "cogs", "net_income")
_BALANCES = ("accounts_receivable", "inventory", "accounts_payable")
NO_OPENING = "no opening balance: the month before the period is not in financials"


def check_fin_freq(func: str, freq) -> None:
    """Raise unless ``freq`` is one the monthly financials can give."""
    check_freq(func, freq)
    if freq not in FIN_FREQS:
        raise DataError(
            f"{func}: financials has one row per month, so freq={freq!r} is finer than the "
            "data; use freq='M', 'Q' or 'Y'."
        )


def financial_periods(func, financials, roles, freq, cache=None):
    """Return one row per period: summed flows, opening/closing balances and days."""
    check_fin_freq(func, freq)
    key = ("financials", id(financials), tuple(sorted(roles.items())), freq)
    if cache is not None and key in cache:
        return cache[key]
    values = [r for r in roles if r != "month"]
    rules = [
        Rule(r, nw.col(r) < 0, "have a negative balance", f"{r} is a balance, 0 or more")
        for r in values
        if r in _BALANCES
    ]
    src = load(
        func,
        financials,
        table="financials",
        roles=roles,
        dates=("month",),
        numbers=values,
        required=("month", *values),
        rules=rules,
        span="month",
    )
    data = to_frame(src.lf.sort("month"))
    months = pd.to_datetime(data["month"]).astype("datetime64[ns]")
    not_first = months.dt.day != 1
    if not_first.any():
        first = int(np.flatnonzero(not_first.to_numpy())[0])
        raise DataError(
            f"{func}: {int(not_first.sum())} of {len(months)} rows in financials have a "
            f"month ({roles['month']!r}, month=) that is not the first day of a month "
            f"(first: {months.iloc[first].date()}); label each month by its first day."
        )
    if months.duplicated().any():
        dup = months[months.duplicated()].iloc[0]
        raise DataError(
            f"{func}: financials has more than one row for month {dup.date()}; keep one row "
            "per month."
        )
    expected = pd.date_range(months.iloc[0], months.iloc[-1], freq="MS")
    gaps = expected.difference(pd.DatetimeIndex(months))
    if len(gaps):
        raise DataError(
            f"{func}: financials is missing {len(gaps)} month(s) between its first and last "
            f"month (first missing: {gaps[0].date()}); balances and flows need every month."
        )
    monthly = data.drop(columns="month").astype("float64").set_index(pd.DatetimeIndex(months))
    first_day = months.iloc[0]
    last_day = months.iloc[-1] + pd.offsets.MonthEnd(0)
    periods = grid(first_day, last_day, freq)
    label = pd.DatetimeIndex(months).to_period({"M": "M", "Q": "Q", "Y": "Y"}[freq]).start_time
    grouped = monthly.groupby(pd.DatetimeIndex(label).astype("datetime64[ns]"))
    out = pd.DataFrame(index=periods)
    for flow in (r for r in values if r in _FLOWS):
        out[flow] = grouped[flow].sum()
    for bal in (r for r in values if r in _BALANCES):
        closing = grouped[bal].last()
        out[f"{bal}_close"] = closing
        before = periods - pd.DateOffset(months=1)
        opening = monthly[bal].reindex(before)
        out[f"{bal}_open"] = opening.to_numpy()
    out["days"] = days_in_period(periods, freq).to_numpy()
    res = (out, first_day, last_day)
    if cache is not None:
        cache[key] = res
    return res


def _finish(out, first_day, last_day, value, note, freq):
    return result(out.index, value, note, freq=freq, first_day=first_day, last_day=last_day)


def _average(out: pd.DataFrame, balance: str) -> tuple[pd.Series, pd.Series]:
    avg = (out[f"{balance}_open"] + out[f"{balance}_close"]) / 2.0
    note = pd.Series(np.where(avg.isna(), NO_OPENING, None), index=out.index, dtype="object")
    return avg, note


def _net_margin(f, roles, freq, cache=None, func="net_margin"):
    out, first, last = financial_periods(func, f, roles, freq, cache)
    value, note = ratio(
        out["net_income"],
        out["revenue"],
        scale=100.0,
        zero_note="revenue in period is zero: denominator is zero",
    )
    return _finish(out, first, last, value, note, freq)


def net_margin(financials, *, net_income="net_income", revenue="revenue", month="month", freq="M"):
    """Compute net margin: net income as a percentage of revenue, from monthly financials.

    Parameters
    ----------
    financials : DataFrame
        One row per month.
    net_income, revenue : str
        Columns with the month's net income and net revenue, in USD.
    month : str, default "month"
        Column with the first day of the month.
    freq : {"M", "Q", "Y"}, default "M"
        Period length; flows are summed over the months of a quarter or year.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where revenue is zero.

    Raises
    ------
    DataError
        If a column is missing, a value is missing, ``freq="W"`` (finer than the data), or
        the months are not first days, repeated or have gaps.

    Notes
    -----
    .. math:: NM_t = 100 \\cdot \\frac{\\text{net income}_t}{\\text{revenue}_t}

    The cents of profit the owner keeps from each dollar of sales, after every cost.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import net_margin
    >>> fin = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
    ...                     "revenue": [1000.0, 3000.0], "net_income": [100.0, 300.0]})
    >>> net_margin(fin, freq="Q")["value"].tolist()
    [10.0]
    """
    roles = {"month": month, "revenue": revenue, "net_income": net_income}
    return public(_net_margin(financials, roles, freq))


def _inventory_turnover(f, roles, freq, cache=None, func="inventory_turnover"):
    out, first, last = financial_periods(func, f, roles, freq, cache)
    avg, missing = _average(out, "inventory")
    value, note = ratio(
        out["cogs"], avg, zero_note="average inventory is zero: denominator is zero"
    )
    return _finish(out, first, last, value, combine_notes(missing, note), freq)


def inventory_turnover(financials, *, cogs="cogs", inventory="inventory", month="month", freq="M"):
    """Compute inventory turnover: cost of goods sold over average inventory, per period.

    Parameters
    ----------
    financials : DataFrame
        One row per month.
    cogs : str, default "cogs"
        Column with the month's cost of goods sold, in USD.
    inventory : str, default "inventory"
        Column with the inventory balance at the end of the month, in USD.
    month : str, default "month"
        Column with the first day of the month.
    freq : {"M", "Q", "Y"}, default "M"
        Period length. The turnover is per period, not annualised.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (times per period), ``note``. The first period is NaN (no
        opening inventory in the data).

    Raises
    ------
    DataError
        As :func:`net_margin`, and for a negative inventory.

    Notes
    -----
    .. math:: IT_t = \\frac{\\text{COGS}_t}{(I_{t}^{open} + I_{t}^{close}) / 2}

    with :math:`I^{open}_t` the closing inventory of the month before the period (Ross,
    Westerfield & Jordan, *Fundamentals of Corporate Finance*, ch. 3 and 18). How many
    times the stock on the shelves is used up and bought again.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import inventory_turnover
    >>> fin = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
    ...                     "cogs": [900.0, 1000.0], "inventory": [300.0, 500.0]})
    >>> inventory_turnover(fin)["value"].tolist()
    [nan, 2.5]
    """
    roles = {"month": month, "cogs": cogs, "inventory": inventory}
    return public(_inventory_turnover(financials, roles, freq))


def _days(f, roles, freq, cache, func, balance, flow):
    out, first, last = financial_periods(func, f, roles, freq, cache)
    avg, missing = _average(out, balance)
    value, note = ratio(
        avg * out["days"], out[flow], zero_note=f"{flow} in period is zero: denominator is zero"
    )
    return _finish(out, first, last, value, combine_notes(missing, note), freq)


_DAYS_DOC = """Compute {title}: {what}, in days.

    Parameters
    ----------
    financials : DataFrame
        One row per month.
    {params}
    month : str, default "month"
        Column with the first day of the month.
    freq : {{"M", "Q", "Y"}}, default "M"
        Period length; the period's calendar days are used (not a 360- or 365-day year).

    Returns
    -------
    DataFrame
        ``period``, ``value`` (days), ``note``. The first period is NaN (no opening
        balance in the data); a zero {flow} gives NaN too.

    Raises
    ------
    DataError
        As :func:`net_margin`, and for a negative balance.

    Notes
    -----
    .. math:: {symbol}_t = \\frac{{(B_{{t}}^{{open}} + B_{{t}}^{{close}}) / 2}}{{\\text{{{flow_tex}}}_t}} \\cdot \\text{{days}}_t

    with :math:`B` the {balance} balance (opening = the closing balance of the month
    before the period) and the flow of the period; the ratio of Ross, Westerfield &
    Jordan, *Fundamentals of Corporate Finance*, ch. 18 (operating and cash cycle), on
    the period instead of a year. {meaning}

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import {name}
    >>> fin = pd.DataFrame({{"month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
    ...                     "{flow}": [900.0, 1450.0], "{balance}": [400.0, 600.0]}})
    >>> {name}(fin)["value"].tolist()
    [nan, 10.0]
    """


def dso(
    financials,
    *,
    accounts_receivable="accounts_receivable",
    revenue="revenue",
    month="month",
    freq="M",
):
    roles = {"month": month, "revenue": revenue, "accounts_receivable": accounts_receivable}
    return public(_days(financials, roles, freq, None, "dso", "accounts_receivable", "revenue"))


def dio(financials, *, inventory="inventory", cogs="cogs", month="month", freq="M"):
    roles = {"month": month, "cogs": cogs, "inventory": inventory}
    return public(_days(financials, roles, freq, None, "dio", "inventory", "cogs"))


def dpo(financials, *, accounts_payable="accounts_payable", cogs="cogs", month="month", freq="M"):
    roles = {"month": month, "cogs": cogs, "accounts_payable": accounts_payable}
    return public(_days(financials, roles, freq, None, "dpo", "accounts_payable", "cogs"))


dso.__doc__ = _DAYS_DOC.format(
    title="days sales outstanding",
    what="how long customers take to pay",
    name="dso",
    flow="revenue",
    flow_tex="revenue",
    balance="accounts_receivable",
    symbol="DSO",
    params="accounts_receivable, revenue : str\n        Columns with receivables at month "
    "end and the month's revenue, in USD.",
    meaning="Cash tied up in unpaid customer invoices; lower is better.",
)
dio.__doc__ = _DAYS_DOC.format(
    title="days inventory outstanding",
    what="how long stock sits before it is used",
    name="dio",
    flow="cogs",
    flow_tex="COGS",
    balance="inventory",
    symbol="DIO",
    params="inventory, cogs : str\n        Columns with inventory at month end and the "
    "month's cost of goods sold, in USD.",
    meaning="Cash tied up on the shelves; lower is better for a bakery.",
)
dpo.__doc__ = _DAYS_DOC.format(
    title="days payables outstanding",
    what="how long the business takes to pay suppliers",
    name="dpo",
    flow="cogs",
    flow_tex="COGS",
    balance="accounts_payable",
    symbol="DPO",
    params="accounts_payable, cogs : str\n        Columns with supplier bills unpaid at "
    "month end and the month's cost of goods sold (the proxy for purchases), in USD.",
    meaning="Supplier credit that finances the business; higher frees cash (within terms).",
)


def _ccc(f, roles, freq, cache=None, func="cash_conversion_cycle"):
    parts = [
        _days(f, roles, freq, cache, func, "accounts_receivable", "revenue"),
        _days(f, roles, freq, cache, func, "inventory", "cogs"),
        _days(f, roles, freq, cache, func, "accounts_payable", "cogs"),
    ]
    value = parts[0]["value"] + parts[1]["value"] - parts[2]["value"]
    note = combine_notes(*[p["note"].astype("object") for p in parts])
    out, first, last = financial_periods(func, f, roles, freq, cache)
    return _finish(out, first, last, value, note.where(value.isna()), freq)


def cash_conversion_cycle(
    financials,
    *,
    accounts_receivable="accounts_receivable",
    inventory="inventory",
    accounts_payable="accounts_payable",
    revenue="revenue",
    cogs="cogs",
    month="month",
    freq="M",
):
    """Compute the cash conversion cycle: DSO + DIO - DPO, in days.

    Parameters
    ----------
    financials : DataFrame
        One row per month.
    accounts_receivable, inventory, accounts_payable : str
        Columns with month-end balances, in USD.
    revenue, cogs : str
        Columns with the month's revenue and cost of goods sold, in USD.
    month : str, default "month"
        Column with the first day of the month.
    freq : {"M", "Q", "Y"}, default "M"
        Period length.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (days), ``note``; NaN where any part is NaN (the note says
        which part and why).

    Raises
    ------
    DataError
        As :func:`dso`, :func:`dio` and :func:`dpo`.

    Notes
    -----
    .. math:: CCC_t = DSO_t + DIO_t - DPO_t

    Days between paying suppliers and being paid by customers (Ross, Westerfield & Jordan,
    *Fundamentals of Corporate Finance*, ch. 18: cash cycle = operating cycle - accounts
    payable period). The cash a business must finance itself; lower is better.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import cash_conversion_cycle
    >>> fin = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
    ...     "revenue": [2900.0, 2900.0], "cogs": [1450.0, 1450.0],
    ...     "accounts_receivable": [1000.0, 1000.0], "inventory": [500.0, 500.0],
    ...     "accounts_payable": [250.0, 250.0]})
    >>> cash_conversion_cycle(fin)["value"].tolist()
    [nan, 15.0]
    """
    roles = {
        "month": month,
        "revenue": revenue,
        "cogs": cogs,
        "accounts_receivable": accounts_receivable,
        "inventory": inventory,
        "accounts_payable": accounts_payable,
    }
    return public(_ccc(financials, roles, freq))
