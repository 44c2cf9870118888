"""Variance and root cause: how far from budget, why, where, and is it new?

Four questions a business owner asks when a month comes in off plan, one function each:

- :func:`budget_vs_actual`: how far from budget, per period and dimension, and is that
  good or bad news (a cost over budget is bad news, revenue over budget good news)?
- :func:`price_volume_mix`: did revenue move because we sold more or fewer units
  (**volume**), a different blend of cheap and dear items (**mix**), or at other prices
  (**price**)? The three effects, plus items that are new or gone, add up exactly to the
  gap.
- :func:`drill_down`: which location, channel or product carries the gap?
- :func:`trend_or_one_off`: is this period's variance a one-off, a lasting shift, part of
  a trend, or within the usual swing?

The first three read raw rows (order lines, a budget table) from pandas, polars or DuckDB:
their aggregations are narwhals expressions and only the small per-period or per-member
sums come back as pandas. :func:`trend_or_one_off` works on such a small pandas series.

References: the split of a sales variance into sales-quantity, sales-mix and
sales-price variances follows C. T. Horngren, S. M. Datar and M. V. Rajan, *Cost
Accounting: A Managerial Emphasis* (Pearson, 14th ed. 2012), chapter 14, and C. Drury,
*Management and Cost Accounting* (Cengage), the chapter on sales margin variances; CIMA's
*Official Terminology* (2005) names the same variances. Here they are applied to revenue
(price per unit) rather than to contribution (margin per unit). The control band is the
individuals (XmR) chart of W. A. Shewhart as taught by D. J. Wheeler and D. S. Chambers,
*Understanding Statistical Process Control* (SPC Press, 1992); the trend rule is test 3
of L. S. Nelson (1984), "The Shewhart control chart: tests for special causes", *Journal
of Quality Technology* 16(4), 237-239.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, describe_rows, require_columns
from smbkit.kpis._engine import as_narwhals, finite_rule, load, to_frame
from smbkit.kpis._periods import FREQS, partial_flags, period_expr

__all__ = [
    "POLARITIES",
    "PVM_STEPS",
    "TREND_VERDICTS",
    "PriceVolumeMix",
    "budget_vs_actual",
    "drill_down",
    "price_volume_mix",
    "trend_or_one_off",
]

#: ``polarity`` options: is a value above budget good news ("higher") or bad ("lower")?
POLARITIES = ("higher", "lower")
#: The steps of the bridge :func:`price_volume_mix` returns, in order.
PVM_STEPS = (
    "base revenue",
    "volume",
    "mix",
    "price",
    "new items",
    "discontinued items",
    "actual revenue",
)
#: The verdicts of :func:`trend_or_one_off`.
TREND_VERDICTS = (
    "not enough history",
    "within band",
    "one-off",
    "persistent",
    "too early to tell",
    "trend",
)

#: 3 / d2 with d2 = 1.128, the mean range of two normal observations in sigma units:
#: mean moving range x 2.66 estimates three standard deviations (XmR chart).
XMR_FACTOR = 2.66

# pandas Period aliases: "W-SUN" is a week that ends on Sunday, so it starts on Monday.
_ALIAS = {"W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}
_BVA_COLUMNS = (
    "period",
    "actual",
    "budget",
    "variance",
    "variance_pct",
    "favourable",
    "partial",
    "note",
)


# --------------------------------------------------------------------------- checks


def _names(func: str, arg: str, value: object, *, allow_empty: bool) -> list[str]:
    """Return a list of column names from a str, a list of str or (if allowed) None."""
    if value is None and allow_empty:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Sequence) or (not value and not allow_empty):
        what = "a column name or a list of them" + (", or None" if allow_empty else "")
        raise SmbkitError(f"{func}: `{arg}` must be {what}, but {value!r} was passed")
    names = list(value)
    for name in names:
        if not isinstance(name, str):
            raise SmbkitError(
                f"{func}: every entry of `{arg}` must be a column name (str), "
                f"but {name!r} was passed"
            )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise SmbkitError(f"{func}: `{arg}` lists {repeated!r} more than once; list each once")
    return names


def _check_int(func: str, arg: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise SmbkitError(
            f"{func}: `{arg}` must be a whole number >= {minimum}, but {value!r} was passed"
        )


def _columns_of(func: str, data: object, table: str) -> list[str]:
    frame = as_narwhals(func, data, table)
    schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
    return list(schema.names())


def _dim_roles(arg: str, dims: list[str]) -> dict[str, str]:
    """Name dimension roles after their argument: ``by`` for one column, ``by_0``... for more."""
    if len(dims) == 1:
        return {arg: dims[0]}
    return {f"{arg}_{i}": name for i, name in enumerate(dims)}


def _load_dated(func: str, data: object, *, table: str, roles: dict[str, str]):
    """Check a table with a ``period`` date role and numeric ``value`` (smbkit.kpis' loader)."""
    return load(
        func,
        data,
        table=table,
        roles=roles,
        dates=("period",),
        numbers=("value",),
        required=tuple(roles),
        span="period",
    )


def _load_rows(
    func: str, data: object, *, table: str, numbers: dict[str, str], labels: dict[str, str]
) -> nw.LazyFrame:
    """Check a table without dates; return a lazy frame with one column per role.

    ``numbers`` and ``labels`` map a role (the argument's name) to the user's column:
    number roles must be numeric and finite (no inf); no role may hold a missing value.
    The table itself is checked by the KPI engine (a table, no repeated column names);
    every count is taken in one aggregation pass.
    """
    frame = as_narwhals(func, data, table)
    schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
    roles = {**numbers, **labels}
    for role, column in roles.items():
        # roles "dimensions_0", "dimensions_1", ... all come from the argument `dimensions`
        arg = role.rsplit("_", 1)[0] if role[-1].isdigit() else role
        require_columns(func, list(schema.names()), table=table, **{arg: column})
    for role, column in numbers.items():
        dtype = schema[column]
        if not dtype.is_numeric():
            raise DataError(
                f"{func}: column {column!r} ({role}=) in {table} holds {dtype} values, "
                "not numbers; convert it first, e.g. with pandas.to_numeric."
            )
    lf = frame.lazy().select(*[nw.col(col).alias(role) for role, col in roles.items()])
    dtypes = {role: schema[column] for role, column in roles.items()}

    def missing(name: str, dtype) -> nw.Expr:
        # a NaN is as missing as a null (polars and DuckDB keep the two apart)
        bad = nw.col(name).is_null()
        return bad | nw.col(name).is_nan().fill_null(False) if dtype.is_float() else bad

    # (role, problem, fix, bad rows as an expression of a column name), in the order shown
    finite = finite_rule("value")  # the shared wording; its expression is built per column
    checks = [
        (
            role,
            "have a missing value",
            "fill or remove those rows first (smbkit never drops rows silently)",
            lambda name, dtype=dtypes[role]: missing(name, dtype),
        )
        for role in roles
    ] + [
        (role, finite.problem, finite.fix, lambda name: finite_rule(name).bad)
        for role in numbers
        if dtypes[role].is_float()
    ]
    counts = to_frame(
        lf.select(
            nw.len().alias("__n"),
            *[
                bad(role).fill_null(False).cast(nw.Int64).sum().alias(f"__bad{i}")
                for i, (role, _, _, bad) in enumerate(checks)
            ],
        )
    )
    n = int(counts["__n"].iloc[0])
    if n == 0:
        raise DataError(f"{func}: {table} has no rows; there is nothing to compare.")
    for i, (role, problem, fix, bad) in enumerate(checks):
        n_bad = int(counts[f"__bad{i}"].iloc[0])
        if n_bad:
            column = roles[role]
            where, value = "(a lazy table)", None
            if isinstance(frame, nw.DataFrame):
                hits = frame.select(
                    bad(column).fill_null(False).alias("__bad"), nw.col(column).alias("__value")
                ).to_pandas()
                position = int(np.flatnonzero(hits["__bad"].to_numpy(dtype=bool))[0])
                native = frame.to_native()
                where = native.index[position] if isinstance(native, pd.DataFrame) else position
                shown = hits["__value"].iloc[position]
                value = None if pd.isna(shown) else float(shown)
            raise DataError(
                describe_rows(
                    func,
                    f"in {table} {problem} (column {column!r}, {role}=)",
                    n_bad,
                    n,
                    where,
                    value,
                    fix=fix,
                )
            )
    return lf


def _plain(frame: pd.DataFrame, dim_roles: list[str]) -> pd.DataFrame:
    """Make dimension columns plain Python objects so tables from two engines merge."""
    out = frame.copy()
    for role in dim_roles:
        out[role] = out[role].astype(object)
    return out


def _notes(values: Sequence[object]) -> pd.Series:
    return pd.Series([v if v else None for v in values], dtype="str")


# ------------------------------------------------------------------ budget vs actual


def budget_vs_actual(
    actual,
    budget,
    *,
    value: str = "revenue",
    period: str = "date",
    by: str | Sequence[str] | None = None,
    freq: str = "M",
    polarity: str = "higher",
) -> pd.DataFrame:
    """Compare actual with budget per period (and dimension): variance and whether it is good news.

    Parameters
    ----------
    actual : DataFrame
        Raw rows (e.g. order lines with their order's date, location and channel): pandas,
        polars eager or lazy, or a DuckDB relation. Rows are summed per period and
        dimension.
    budget : DataFrame
        The budget, with the same column names: one row per period (and dimension), or
        finer rows that are summed the same way. Its periods set the scope: actual rows
        outside the budget's periods are not compared.
    value : str, default "revenue"
        The amount to compare, in both tables (currency or units).
    period : str, default "date"
        The date column in both tables; dates are grouped into periods by ``freq``.
    by : str or list of str, optional
        Dimension column(s) to compare at, e.g. ``["location", "channel"]``; none gives
        one row per period.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; periods are labelled by their first day, weeks start on Monday.
    polarity : {"higher", "lower"}, default "higher"
        "higher" if more is better (revenue, orders), "lower" if less is better (costs).

    Returns
    -------
    DataFrame
        One row per period and dimension member, sorted: the ``by`` columns, then
        ``period``, ``actual``, ``budget``, ``variance`` (actual - budget),
        ``variance_pct`` (variance as a percentage of the budget's size),
        ``favourable`` (nullable boolean: is the variance good news given ``polarity``;
        meeting the budget exactly counts as favourable), ``partial`` (True where the
        actual data do not cover the whole period, so actual is not final) and ``note``
        (why a number is 0 by definition or missing, else missing).

    Raises
    ------
    SmbkitError
        If ``freq``, ``polarity`` or ``by`` is not valid.
    DataError
        If a column is missing, ``value`` is not numeric, a value, date or dimension is
        missing, or the budget has no rows.

    Notes
    -----
    With actual :math:`A` and budget :math:`B` for a period and member,

    .. math::

        \\text{variance} = A - B, \\qquad
        \\text{variance \\%} = 100 \\, \\frac{A - B}{|B|},

    and the variance is favourable when :math:`A - B \\ge 0` for ``polarity="higher"``,
    when :math:`A - B \\le 0` for ``polarity="lower"``. A budget of 0 gives no percentage
    (NaN, with the reason in ``note``). A member with budget rows but no actual rows in a
    period the actual data cover sold nothing: actual is 0 (noted). A member with actual
    rows but no budget row was not budgeted: budget is 0 (noted). A budget period the actual
    data do not reach at all has actual NaN. Business meaning: where did we beat or miss
    the plan, and by how much.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({
    ...     "date": pd.to_datetime(["2025-01-03", "2025-01-20", "2025-02-11"]),
    ...     "shop": ["North", "South", "North"], "revenue": [120.0, 60.0, 90.0]})
    >>> plan = pd.DataFrame({
    ...     "date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01"]),
    ...     "shop": ["North", "South", "North", "South"],
    ...     "revenue": [100.0, 80.0, 100.0, 0.0]})
    >>> table = budget_vs_actual(sales, plan, by="shop")
    >>> table[["shop", "period", "actual", "budget", "variance", "variance_pct", "favourable"]]
        shop     period  actual  budget  variance  variance_pct  favourable
    0  North 2025-01-01   120.0   100.0      20.0          20.0        True
    1  South 2025-01-01    60.0    80.0     -20.0         -25.0       False
    2  North 2025-02-01    90.0   100.0     -10.0         -10.0       False
    3  South 2025-02-01     0.0     0.0       0.0           NaN        True
    >>> print(table["note"].iloc[3])
    no actual rows: actual is 0; budget is 0: no percentage
    """
    func = "budget_vs_actual"
    check_option(func, "freq", freq, FREQS)
    check_option(func, "polarity", polarity, POLARITIES)
    dims = _names(func, "by", by, allow_empty=True)
    clash = sorted(set(dims) & set(_BVA_COLUMNS))
    if clash:
        raise SmbkitError(
            f"{func}: `by` column(s) {clash!r} clash with the output's columns "
            f"{list(_BVA_COLUMNS)!r}; rename them first"
        )

    dim_map = _dim_roles("by", dims)
    dim_roles = list(dim_map)
    tables = {}
    sources = {}
    for table, data in (("actual", actual), ("budget", budget)):
        present = _columns_of(func, data, table)
        for name in dims:
            require_columns(func, present, table=table, by=name)
        src = _load_dated(
            func, data, table=table, roles={"value": value, "period": period, **dim_map}
        )
        agg = to_frame(
            src.lf.with_columns(period_expr("period", freq).alias("period"))
            .group_by(*dim_roles, "period")
            .agg(nw.col("value").sum())
        )
        agg["period"] = pd.to_datetime(agg["period"]).astype("datetime64[ns]")
        agg["value"] = agg["value"].astype("float64")
        tables[table] = _plain(agg, dim_roles)
        sources[table] = src

    keys = [*dim_roles, "period"]
    budget_periods = pd.DatetimeIndex(tables["budget"]["period"].unique())
    in_scope = tables["actual"]["period"].isin(budget_periods)
    merged = tables["budget"].merge(
        tables["actual"][in_scope], on=keys, how="outer", suffixes=("_budget", "_actual")
    )
    starts = pd.DatetimeIndex(merged["period"])
    first_day, last_day = sources["actual"].first_day, sources["actual"].last_day
    ends = pd.DatetimeIndex(starts.to_period(_ALIAS[freq]).end_time).normalize()
    reached = np.asarray((ends >= first_day) & (starts <= last_day), dtype=bool)
    partial = np.asarray(partial_flags(starts, freq, first_day, last_day), dtype=bool)

    actual_value = merged["value_actual"].to_numpy(dtype="float64", na_value=np.nan)
    budget_value = merged["value_budget"].to_numpy(dtype="float64", na_value=np.nan)
    notes: list[list[str]] = [[] for _ in range(len(merged))]
    no_actual = np.isnan(actual_value)
    for i in np.flatnonzero(no_actual & reached):
        notes[i].append("no actual rows: actual is 0")
    for i in np.flatnonzero(no_actual & ~reached):
        notes[i].append("the actual data do not reach this period")
    actual_value = np.where(no_actual & reached, 0.0, actual_value)
    no_budget = np.isnan(budget_value)
    for i in np.flatnonzero(no_budget):
        notes[i].append("not in the budget: budget is 0, so no percentage")
    budget_value = np.where(no_budget, 0.0, budget_value)

    variance = actual_value - budget_value
    zero = budget_value == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(zero, np.nan, 100.0 * variance / np.abs(budget_value))
    for i in np.flatnonzero(zero & ~no_budget):
        notes[i].append("budget is 0: no percentage")
    good = variance >= 0 if polarity == "higher" else variance <= 0
    favourable = pd.array(
        [None if np.isnan(v) else bool(g) for v, g in zip(variance, good, strict=True)],
        dtype="boolean",
    )

    out = merged[keys].rename(columns=dict(zip(dim_roles, dims, strict=True)))
    out = out.assign(
        actual=actual_value,
        budget=budget_value,
        variance=variance,
        variance_pct=pct,
        favourable=favourable,
        partial=partial,
        note=_notes(["; ".join(n) for n in notes]).to_numpy(),
    )
    out["note"] = out["note"].astype("str")
    out = out.sort_values(["period", *dims], kind="stable").reset_index(drop=True)
    for name in dims:
        out[name] = out[name].infer_objects()
    return out[[*dims, *_BVA_COLUMNS]]


# ---------------------------------------------------------------- price volume mix


@dataclass(frozen=True)
class PriceVolumeMix:
    """The result of :func:`price_volume_mix`.

    Attributes
    ----------
    bridge : DataFrame
        Seven rows for a waterfall (:func:`smbkit.plots.plot_waterfall`), in the order of
        :data:`PVM_STEPS`; columns ``step``, ``kind`` ("total" or "effect"), ``amount``,
        ``start`` and ``end`` (where the bar begins and ends). The five effects sum
        exactly to ``gap``.
    by_item : DataFrame
        One row per item: ``item``, ``status`` ("continuing", "new", "discontinued", or
        "not sold" when its rows sum to nothing in both periods), ``quantity_base``,
        ``quantity_actual``, ``price_base``, ``price_actual`` (revenue / quantity; NaN
        where the item did not sell), ``revenue_base``, ``revenue_actual``,
        ``volume_effect``, ``mix_effect``, ``price_effect``, ``new_effect``,
        ``discontinued_effect`` and ``change`` (revenue_actual - revenue_base, the sum of
        the five effects). Sorted by the size of the change, largest first.
    effects : dict
        ``{"volume": ..., "mix": ..., "price": ..., "new items": ...,
        "discontinued items": ...}``.
    gap : float
        Actual revenue - base revenue.
    base_revenue, actual_revenue : float
    average_price_base : float
        Base revenue per unit of the continuing items (NaN if there are none).
    new_items, discontinued_items : tuple of str
        The items sold only in the actual period, and only in the base period.
    """

    bridge: pd.DataFrame
    by_item: pd.DataFrame
    effects: dict
    gap: float
    base_revenue: float
    actual_revenue: float
    average_price_base: float
    new_items: tuple
    discontinued_items: tuple


def _item_totals(func: str, data, table: str, roles: dict[str, str], price: bool) -> pd.DataFrame:
    lf = _load_rows(
        func,
        data,
        table=table,
        numbers={k: v for k, v in roles.items() if k != "item"},
        labels={"item": roles["item"]},
    )
    if price:
        lf = lf.with_columns((nw.col("quantity") * nw.col("price")).alias("revenue"))
    agg = to_frame(
        lf.group_by("item").agg(nw.col("quantity").sum(), nw.col("revenue").sum()).sort("item")
    )
    agg["quantity"] = agg["quantity"].astype("float64")
    agg["revenue"] = agg["revenue"].astype("float64")
    agg["item"] = agg["item"].astype(object)
    for column, what in (("quantity", "quantity"), ("revenue", "revenue")):
        bad = agg[column] < 0
        if bad.any():
            first = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"{func}: {int(bad.sum())} item(s) in {table} have a negative total {what} "
                f"(first: {agg['item'].iloc[first]!r}, {agg[column].iloc[first]:g}); "
                "returns larger than sales leave no price to compare: check the rows"
            )
    odd = (agg["quantity"] == 0) & (agg["revenue"] != 0)
    if odd.any():
        first = int(np.flatnonzero(odd.to_numpy())[0])
        raise DataError(
            f"{func}: {int(odd.sum())} item(s) in {table} have revenue but a total quantity "
            f"of 0 (first: {agg['item'].iloc[first]!r}, revenue "
            f"{agg['revenue'].iloc[first]:g}), so no price per unit; fix the quantities or "
            "book that revenue as a separate item with a quantity"
        )
    return agg.set_index("item")


def _bridge(first: float, effects: Sequence[float], last: float, steps) -> pd.DataFrame:
    ends = np.cumsum([first, *effects])
    return pd.DataFrame(
        {
            "step": list(steps),
            "kind": ["total", *["effect"] * len(effects), "total"],
            "amount": [first, *effects, last],
            "start": [0.0, *ends[:-1], 0.0],
            "end": [*ends, last],
        }
    )


def price_volume_mix(
    data_base,
    data_actual,
    *,
    item: str = "product",
    quantity: str = "quantity",
    revenue: str | None = None,
    price: str | None = None,
) -> PriceVolumeMix:
    """Split the revenue gap between two periods into volume, mix, price and new/gone items.

    Parameters
    ----------
    data_base, data_actual : DataFrame
        Rows of the base (budget, last year) and the actual period: order lines, or one row
        per item. pandas, polars eager or lazy, or a DuckDB relation. Rows are summed per
        item.
    item : str, default "product"
        The item column (product, or category).
    quantity : str, default "quantity"
        Units sold; units of different items should be comparable for the mix effect to
        read well (see Notes).
    revenue, price : str
        Give exactly one: ``revenue`` names the line revenue (what was actually charged,
        so discounts show in the price effect); ``price`` names a unit price, and line
        revenue is ``quantity * price``.

    Returns
    -------
    PriceVolumeMix
        ``bridge`` (for a waterfall), ``by_item``, ``effects``, ``gap`` and the items that
        are new or discontinued.

    Raises
    ------
    SmbkitError
        If not exactly one of ``revenue`` and ``price`` is given.
    DataError
        If a column is missing or not numeric, a value is missing, or an item's total
        quantity or revenue is negative, or it has revenue with zero quantity.

    Notes
    -----
    Items sold in both periods are *continuing*; *new* items sold only in the actual
    period, *discontinued* items only in the base period. For continuing items
    :math:`i` with quantities :math:`q_{0i}, q_{1i}`, prices
    :math:`p_{0i}, p_{1i}` (revenue / quantity), totals :math:`Q_0 = \\sum_i q_{0i}`,
    :math:`Q_1 = \\sum_i q_{1i}` and the base average price
    :math:`\\bar p_0 = \\sum_i q_{0i} p_{0i} / Q_0`:

    .. math::

        \\text{volume} &= (Q_1 - Q_0)\\,\\bar p_0
            = \\sum_i \\left(Q_1 \\tfrac{q_{0i}}{Q_0} - q_{0i}\\right) p_{0i} \\\\
        \\text{mix} &= \\sum_i \\left(q_{1i} - Q_1 \\tfrac{q_{0i}}{Q_0}\\right) p_{0i}
            = Q_1 \\sum_i (m_{1i} - m_{0i})\\, p_{0i} \\\\
        \\text{price} &= \\sum_i q_{1i}\\,(p_{1i} - p_{0i}) \\\\
        \\text{new items} &= \\sum_{i\\ \\text{new}} q_{1i} p_{1i}, \\qquad
        \\text{discontinued items} = -\\sum_{i\\ \\text{gone}} q_{0i} p_{0i}

    with mix shares :math:`m_{0i} = q_{0i}/Q_0`, :math:`m_{1i} = q_{1i}/Q_1`. Volume is
    the change in total units valued at the base average price, mix the shift between
    items at base prices, price the change in price on the actual units. The five effects
    sum to actual revenue - base revenue exactly (the terms telescope). This is the
    textbook sales-quantity / sales-mix / sales-price split (Horngren, Datar and Rajan,
    *Cost Accounting*, ch. 14; Drury, *Management and Cost Accounting*), on revenue
    instead of contribution margin; pass a unit contribution as ``price`` to get the
    contribution version. New and discontinued items have no price in the other period,
    so they are their own effects instead of being forced into volume or mix. Mix compares
    shares of *units*: with very different items (a coffee and a catering platter) read a
    positive mix as "more of the dearer items". Business meaning: did we sell more, sell
    a richer blend, or charge more?

    Examples
    --------
    Croissants and cakes: 1,100 units instead of 1,000, but more croissants and fewer
    cakes, at higher prices.

    >>> import pandas as pd
    >>> base = pd.DataFrame({"product": ["croissant", "cake"], "quantity": [800, 200],
    ...                      "revenue": [3200.0, 4800.0]})
    >>> actual = pd.DataFrame({"product": ["croissant", "cake"], "quantity": [990, 110],
    ...                        "revenue": [4455.0, 2750.0]})
    >>> pvm = price_volume_mix(base, actual, revenue="revenue")
    >>> pvm.bridge[["step", "amount"]]
                     step  amount
    0        base revenue  8000.0
    1              volume   800.0
    2                 mix -2200.0
    3               price   605.0
    4           new items     0.0
    5  discontinued items     0.0
    6      actual revenue  7205.0
    >>> round(sum(pvm.effects.values()), 6) == round(pvm.gap, 6)
    True
    """
    func = "price_volume_mix"
    if (revenue is None) == (price is None):
        raise SmbkitError(
            f"{func}: give exactly one of `revenue` (line revenue column) and `price` (unit "
            f"price column, revenue = quantity x price), but revenue={revenue!r} and "
            f"price={price!r} were passed"
        )
    money = {"revenue": revenue} if revenue is not None else {"price": price}
    roles = {"item": item, "quantity": quantity, **money}
    totals = {
        table: _item_totals(func, data, table, roles, price is not None)
        for table, data in (("data_base", data_base), ("data_actual", data_actual))
    }
    t = totals["data_base"].join(totals["data_actual"], how="outer", suffixes=("_0", "_1"))
    t = t.fillna(0.0)  # an item without rows in a period sold nothing there: 0 is the truth
    q0, q1 = t["quantity_0"].to_numpy(), t["quantity_1"].to_numpy()
    r0, r1 = t["revenue_0"].to_numpy(), t["revenue_1"].to_numpy()
    sold0, sold1 = q0 > 0, q1 > 0
    cont = sold0 & sold1
    new = ~sold0 & sold1
    gone = sold0 & ~sold1
    status = np.select([cont, new, gone], ["continuing", "new", "discontinued"], "not sold")
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = np.where(sold0, r0 / q0, np.nan)
        p1 = np.where(sold1, r1 / q1, np.nan)
    big_q0, big_q1, big_r0 = q0[cont].sum(), q1[cont].sum(), r0[cont].sum()
    scale = big_q1 / big_q0 if big_q0 > 0 else 0.0
    p0_cont = np.where(cont, p0, 0.0)
    volume = np.where(cont, r0 * scale - r0, 0.0)
    mix = np.where(cont, q1 * p0_cont - r0 * scale, 0.0)
    price_effect = np.where(cont, r1 - q1 * p0_cont, 0.0)
    new_effect = np.where(new, r1, 0.0)
    gone_effect = np.where(gone, -r0, 0.0)
    by_item = pd.DataFrame(
        {
            "item": pd.Series(t.index.to_numpy(dtype=object)).infer_objects(),
            "status": status,
            "quantity_base": q0,
            "quantity_actual": q1,
            "price_base": p0,
            "price_actual": p1,
            "revenue_base": r0,
            "revenue_actual": r1,
            "volume_effect": volume,
            "mix_effect": mix,
            "price_effect": price_effect,
            "new_effect": new_effect,
            "discontinued_effect": gone_effect,
            "change": r1 - r0,
        }
    )
    order = np.lexsort((by_item["item"].astype(str).to_numpy(), -np.abs(r1 - r0)))
    by_item = by_item.iloc[order].reset_index(drop=True)
    effects = {
        "volume": float(volume.sum()),
        "mix": float(mix.sum()),
        "price": float(price_effect.sum()),
        "new items": float(new_effect.sum()),
        "discontinued items": float(gone_effect.sum()),
    }
    base_total, actual_total = float(r0.sum()), float(r1.sum())
    return PriceVolumeMix(
        bridge=_bridge(base_total, list(effects.values()), actual_total, PVM_STEPS),
        by_item=by_item,
        effects=effects,
        gap=actual_total - base_total,
        base_revenue=base_total,
        actual_revenue=actual_total,
        average_price_base=float(big_r0 / big_q0) if big_q0 > 0 else float("nan"),
        new_items=tuple(str(x) for x in t.index[new]),
        discontinued_items=tuple(str(x) for x in t.index[gone]),
    )


# --------------------------------------------------------------------------- drill down


def drill_down(
    data_base,
    data_actual,
    *,
    dimensions: str | Sequence[str],
    value: str = "revenue",
) -> pd.DataFrame:
    """Rank which member of each dimension (location, channel, product) carries a gap.

    Parameters
    ----------
    data_base, data_actual : DataFrame
        Rows of the base (budget, last year) and the actual period, each with every
        dimension column and ``value``: pandas, polars eager or lazy, or a DuckDB relation.
    dimensions : str or list of str
        The columns to drill into, e.g. ``["location", "channel", "product"]``.
    value : str, default "revenue"
        The amount whose gap is explained.

    Returns
    -------
    DataFrame
        One row per dimension and member: ``dimension``, ``member`` (as text), ``base``,
        ``actual``, ``change`` (actual - base), ``share_of_gap_pct`` (change as a
        percentage of the total gap), ``rank`` (1 = explains most of the gap within its
        dimension), ``presence`` ("both", "only in base", "only in actual") and ``note``.
        Dimensions come in the order of how much of the gap their top member carries,
        members in rank order.

    Raises
    ------
    SmbkitError
        If ``dimensions`` is empty or not column names.
    DataError
        If a column is missing, ``value`` is not numeric, or a value or member is missing.

    Notes
    -----
    The gap is :math:`G = \\sum \\text{actual} - \\sum \\text{base}`. Each dimension
    splits the same rows, so for every dimension the members' changes add up to the gap:

    .. math::

        \\sum_{m} (A_m - B_m) = G, \\qquad \\text{share}_m = 100\\,\\frac{A_m - B_m}{G}.

    The rule: within a dimension, members are ranked by their change in the direction of
    the gap, :math:`(A_m - B_m)\\,\\operatorname{sign}(G)`, largest first, so for a
    shortfall the biggest fall ranks first; dimensions are ordered by the largest share a
    single member carries (the place where one answer explains most). Shares add up to
    100 % within a dimension; a share above 100 % means other members offset part of
    it. With no gap (:math:`G = 0`) shares are NaN (noted) and members are ranked by the
    size of their change. A member without rows in one period counts 0 there.

    Examples
    --------
    >>> import pandas as pd
    >>> last = pd.DataFrame({"shop": ["North", "South", "South"],
    ...                      "channel": ["store", "store", "online"],
    ...                      "revenue": [100.0, 80.0, 20.0]})
    >>> this = pd.DataFrame({"shop": ["North", "South", "South"],
    ...                      "channel": ["store", "store", "online"],
    ...                      "revenue": [105.0, 50.0, 25.0]})
    >>> drill_down(last, this, dimensions=["shop", "channel"])[
    ...     ["dimension", "member", "change", "share_of_gap_pct", "rank"]]
      dimension  member  change  share_of_gap_pct  rank
    0   channel   store   -25.0             125.0     1
    1   channel  online     5.0             -25.0     2
    2      shop   South   -25.0             125.0     1
    3      shop   North     5.0             -25.0     2
    """
    func = "drill_down"
    dims = _names(func, "dimensions", dimensions, allow_empty=False)
    dim_map = _dim_roles("dimensions", dims)
    sums = {}
    for table, data in (("data_base", data_base), ("data_actual", data_actual)):
        lf = _load_rows(func, data, table=table, numbers={"value": value}, labels=dim_map)
        sums[table] = [
            _plain(to_frame(lf.group_by(role).agg(nw.col("value").sum())), [role])
            for role in dim_map
        ]
    pieces = []
    gap = None
    for i, (role, name) in enumerate(dim_map.items()):
        base = sums["data_base"][i].rename(columns={role: "member", "value": "base"})
        act = sums["data_actual"][i].rename(columns={role: "member", "value": "actual"})
        merged = base.merge(act, on="member", how="outer", indicator=True)
        presence = merged["_merge"].map(
            {"both": "both", "left_only": "only in base", "right_only": "only in actual"}
        )
        b = merged["base"].to_numpy(dtype="float64", na_value=np.nan)
        a = merged["actual"].to_numpy(dtype="float64", na_value=np.nan)
        b, a = np.nan_to_num(b, nan=0.0), np.nan_to_num(a, nan=0.0)
        if gap is None:
            gap = float(a.sum() - b.sum())
        pieces.append(
            pd.DataFrame(
                {
                    "dimension": name,
                    "member": merged["member"].astype(str).to_numpy(),
                    "base": b,
                    "actual": a,
                    "change": a - b,
                    "presence": presence.astype(str).to_numpy(),
                }
            )
        )
    out = pd.concat(pieces, ignore_index=True)
    sign = np.sign(gap) if gap != 0 else 0.0
    if sign != 0:
        out["share_of_gap_pct"] = 100.0 * out["change"] / gap
        out["_score"] = out["change"] * sign
        note = None
    else:
        out["share_of_gap_pct"] = np.nan
        out["_score"] = out["change"].abs()
        note = "no gap: shares are undefined, members ranked by the size of their change"
    out = out.sort_values(["dimension", "_score", "member"], ascending=[True, False, True])
    out["rank"] = out.groupby("dimension", sort=False).cumcount().astype("int64") + 1
    top = out.groupby("dimension")["_score"].max()
    order = {d: k for k, d in enumerate(sorted(top.index, key=lambda d: (-top[d], d)))}
    out["_dim_order"] = out["dimension"].map(order)
    out = out.sort_values(["_dim_order", "rank"]).reset_index(drop=True)
    out["note"] = pd.Series([note] * len(out), dtype="str")
    return out[
        [
            "dimension",
            "member",
            "base",
            "actual",
            "change",
            "share_of_gap_pct",
            "rank",
            "presence",
            "note",
        ]
    ]


# ---------------------------------------------------------------------- trend or one-off


def trend_or_one_off(
    data: pd.DataFrame,
    *,
    period: str = "period",
    value: str = "variance",
    window: int = 6,
    persist: int = 1,
    run: int = 6,
) -> pd.DataFrame:
    """Call each period's value a one-off, persistent, part of a trend, or within the usual swing.

    A simple screen, not a statistical test: it compares each period with a control band
    drawn from the periods just before it.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period, e.g. the result of :func:`budget_vs_actual` for one member.
    period : str, default "period"
        The period column (dates or anything that sorts).
    value : str, default "variance"
        The series to judge, e.g. "variance" or "variance_pct".
    window : int, default 6
        How many preceding periods make the band (at least 2).
    persist : int, default 1
        How many following periods must stay beyond the band for a jump to count as
        persistent rather than a one-off.
    run : int, default 6
        How many periods in a row rising (or falling) make a trend (at least 3).

    Returns
    -------
    DataFrame
        ``period``, ``value``, ``centre``, ``lower``, ``upper`` (the band from the
        ``window`` periods before; NaN for the first ``window`` periods), ``outside``
        (bool: beyond the band) and ``verdict``, one of :data:`TREND_VERDICTS`.

    Raises
    ------
    SmbkitError
        If ``data`` is not a pandas DataFrame, or ``window``, ``persist`` or ``run`` is
        not a whole number in range.
    DataError
        If a column is missing, values are not numbers or missing, or a period repeats.

    Notes
    -----
    For period :math:`t`, with the preceding values :math:`x_{t-w}, \\dots, x_{t-1}`,
    their mean :math:`\\bar x` and mean moving range
    :math:`\\overline{MR} = \\frac{1}{w-1} \\sum_{j=t-w+1}^{t-1} |x_j - x_{j-1}|`,
    the band is that of an individuals (XmR) control chart:

    .. math::

        \\bar x \\pm 2.66\\,\\overline{MR}

    (2.66 = 3 / 1.128 turns the mean moving range into three standard deviations).
    Verdicts, first match wins: *not enough history* (fewer than ``window`` periods
    before); *too early to tell* (beyond the band, but the next ``persist`` periods are
    not in yet); *persistent* (beyond the band, and the next ``persist`` periods all stay
    beyond this period's band on the same side); *one-off* (beyond the band, and it does
    not persist: a later value comes back inside, or jumps to the other side); *trend* (inside the band, but the
    last ``run`` values rose, or fell, every period: Nelson's test 3); *within band*.
    After a persistent shift the later bands include the new level, so the shift becomes
    the new normal, which is the point: budget for it. Business meaning: react to a
    persistent shift or a trend, explain a one-off, leave the usual swing alone.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.date_range("2025-01-01", periods=10, freq="MS")
    >>> v = pd.DataFrame({"period": months,
    ...                   "variance": [1.0, -1.0, 2.0, 0.0, -2.0, 1.0, 15.0, 0.0, 1.0, -1.0]})
    >>> trend_or_one_off(v)[["period", "value", "outside", "verdict"]].iloc[5:8]
          period  value  outside             verdict
    5 2025-06-01    1.0    False  not enough history
    6 2025-07-01   15.0     True             one-off
    7 2025-08-01    0.0    False         within band
    """
    func = "trend_or_one_off"
    if not isinstance(data, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `data` must be a pandas DataFrame with one row per period, "
            f"but a {type(data).__name__} was passed"
        )
    _check_int(func, "window", window, 2)
    _check_int(func, "persist", persist, 1)
    _check_int(func, "run", run, 3)
    require_columns(func, list(data.columns), period=period, value=value)
    column = data[value]
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        raise DataError(f"{func}: column {value!r} (value=) must hold numbers, not {column.dtype}")
    x_all = column.to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isfinite(x_all)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise DataError(
            describe_rows(
                func,
                f"have no finite value in column {value!r}",
                int(bad.sum()),
                len(data),
                data.index[first],
                float(x_all[first]),
                fix="drop or explain those periods first (e.g. a budget of 0 has no "
                "variance_pct: judge `variance` instead)",
            )
        )
    repeated = data[period].duplicated()
    if repeated.any():
        first = int(np.flatnonzero(repeated.to_numpy())[0])
        raise DataError(
            describe_rows(
                func,
                f"repeat an earlier period in column {period!r}",
                int(repeated.sum()),
                len(data),
                data.index[first],
                fix="pass one series: filter to one member or sum per period first",
            )
        )
    frame = pd.DataFrame({"period": data[period].to_numpy(), "value": x_all})
    frame = frame.sort_values("period", kind="stable").reset_index(drop=True)
    x = frame["value"]
    n = len(frame)
    centre = x.shift(1).rolling(window).mean()
    mr_bar = x.diff().abs().shift(1).rolling(window - 1).mean()
    lower = centre - XMR_FACTOR * mr_bar
    upper = centre + XMR_FACTOR * mr_bar
    above = (x > upper).to_numpy()
    below = (x < lower).to_numpy()
    outside = above | below

    # Does each of the next `persist` values stay beyond this period's band, same side?
    stays = np.ones(n, dtype=bool)
    complete = np.arange(n) + persist < n
    for k in range(1, persist + 1):
        later = x.shift(-k)
        same = np.where(above, later > upper, later < lower)
        stays &= np.asarray(same, dtype=bool)
    steps = np.sign(x.diff())
    rising = (steps > 0).astype(float).rolling(run - 1).sum().to_numpy() == run - 1
    falling = (steps < 0).astype(float).rolling(run - 1).sum().to_numpy() == run - 1
    history = np.arange(n) >= window
    verdict = np.select(
        [
            ~history,
            outside & ~complete,
            outside & stays,
            outside,
            rising | falling,
        ],
        ["not enough history", "too early to tell", "persistent", "one-off", "trend"],
        "within band",
    )
    return pd.DataFrame(
        {
            "period": frame["period"],
            "value": x,
            "centre": centre,
            "lower": lower,
            "upper": upper,
            "outside": outside,
            "verdict": pd.Series(verdict, dtype="str"),
        }
    )
