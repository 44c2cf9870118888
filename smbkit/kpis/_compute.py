"""compute(): every KPI of the registry over a set of canonical tables, in one tidy frame."""

from __future__ import annotations

import re

import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest
from smbkit.kpis._catalog import REGISTRY
from smbkit.kpis._orders import REFUND_BASES
from smbkit.kpis._periods import check_freq

__all__ = ["compute"]

_COLUMNS = ["period", "kpi", "value", "unit", "partial", "note"]


def _table_names(tables) -> list[str]:
    try:
        return [str(name) for name in tables.keys()]
    except AttributeError:
        raise SmbkitError(
            "compute: `tables` must be a mapping of table name -> table (e.g. "
            "{'orders': orders_df} or smbkit.datasets.load(...)); got "
            f"{type(tables).__name__}"
        ) from None


def _requested(kpis) -> list[str]:
    names = [kpis] if isinstance(kpis, str) else list(kpis)
    for name in names:
        if name not in REGISTRY:
            hint = closest(str(name), REGISTRY)
            tail = f" Did you mean {hint[0]!r}?" if hint else ""
            raise SmbkitError(
                f"compute: unknown KPI {name!r} in `kpis`.{tail} smbkit.kpis.catalog() "
                "lists the KPIs there are."
            )
    return list(dict.fromkeys(names))


def _in_compute(name: str, exc: DataError) -> DataError:
    """Restate a KPI's data error as compute's own, naming the KPI that met it."""
    message = re.sub(r"^[a-z_]+: ", "", str(exc), count=1)
    return DataError(f"compute: {message} (while computing KPI {name!r})")


def compute(
    tables, kpis=None, freq="M", *, currency: str = "USD", refund_basis: str = "order"
) -> pd.DataFrame:
    """Compute many KPIs at once from a business's canonical tables.

    Parameters
    ----------
    tables : Mapping of str to DataFrame
        Table name -> table (``orders``, ``marketing``, ``web``, ``financials``,
        ``employees``, ``surveys``, ...), each a pandas or polars DataFrame, a polars
        LazyFrame or a DuckDB relation, with the canonical column names.
    kpis : str or list of str, optional
        KPI ids from :func:`catalog`. Default: every KPI whose tables are present and that
        is defined at ``freq``.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.
    currency : str, default "USD"
        The currency the money columns are in (an ISO code such as ``"EUR"``): it labels
        the ``unit`` of money KPIs. Nothing is converted.
    refund_basis : {"order", "issued"}, default "order"
        When a refund counts. ``"order"``: on its order's date, from ``orders.refunded``
        (right for cohorts and customer value). ``"issued"``: in the period it was issued,
        from ``tables["refunds"]`` (one row per refund: ``order_id``, ``date`` issued,
        ``amount`` net of tax), as Square's Sales Summary and Shopify's sales reports book
        it; ``orders.refunded`` is then not read. Changes every KPI that subtracts
        refunds: revenue, revenue_growth, revenue_growth_yoy, average_order_value,
        gross_profit, gross_margin, refund_rate and revenue_per_employee. A client-facing
        number should say which basis it uses.

    Returns
    -------
    DataFrame
        ``period`` (start of the period), ``kpi``, ``value`` (float), ``unit``,
        ``partial`` (True where the data does not cover the whole period, or, for a
        comparison such as growth or retention, the period compared with) and ``note``
        (missing when fine, else why the value is NaN or needs care); sorted by kpi, then
        period.

    Raises
    ------
    SmbkitError
        If ``freq`` or ``refund_basis`` is not one of the options or a KPI name is unknown
        (with a suggestion).
    DataError
        If a requested KPI needs a table that is missing (``refunds`` for
        ``refund_basis="issued"``), or cannot be computed at ``freq`` (e.g. ``net_margin``
        weekly from monthly financials), or the data fails a KPI's checks: a missing
        column, a repeated column name, an ``order_id`` that appears twice in ``orders``,
        inf in a number column, a negative refund amount, and so on. The message names the
        KPI that met the problem.

    Notes
    -----
    Financial KPIs roll monthly rows up to quarters and years by summing flows (revenue,
    COGS, net income) and reading balances at the period's end, with the previous
    period's closing balance as opening balance. Employee KPIs run up to the last order
    date when ``orders`` is present (a staff list has no date of its own).

    The refund basis decides what :math:`F_t`, the refunds subtracted in period
    :math:`t`, is. With orders :math:`i` dated in :math:`t` and refunds :math:`j` of
    amount :math:`a_j` issued on day :math:`d_j`,

    .. math::

        F^{order}_t = \\sum_{i \\in t} \\text{refunded}_i, \\qquad
        F^{issued}_t = \\sum_{j : d_j \\in t} a_j, \\qquad
        \\text{net revenue}_t = \\sum_{i \\in t} \\text{revenue}_i - F_t.

    Over a span that holds every order and every refund, both give the same total when the
    refunds of each order add up to its ``refunded``; they differ in when. A refund may
    belong to an order outside ``orders`` (a sale before the export began): it still
    counts in the period it was issued. With ``"issued"`` the periods of the KPIs that
    subtract refunds run over the dates of both tables, so a refund issued in a period
    without orders has its own period (0 orders, a negative net revenue); a period the
    orders do not cover is flagged ``partial``. Net revenue can then be negative, so a
    margin or a growth rate on a negative base is NaN with a note.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import compute
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-31", "2024-02-10"]),
    ...     "revenue": [10.0, 30.0, 50.0], "refunded": [0.0, 0.0, 10.0]})
    >>> compute({"orders": orders}, kpis=["revenue", "orders"])
          period      kpi  value   unit  partial note
    0 2024-01-01   orders    2.0  count    False  NaN
    1 2024-02-01   orders    1.0  count     True  NaN
    2 2024-01-01  revenue   40.0    USD    False  NaN
    3 2024-02-01  revenue   40.0    USD     True  NaN
    >>> compute({"orders": orders}, kpis=["revenue"], currency="EUR")["unit"].tolist()
    ['EUR', 'EUR']

    The 10 refunded on the February order was issued on 3 March:

    >>> refunds = pd.DataFrame({"order_id": ["A3"], "date": pd.to_datetime(["2024-03-03"]),
    ...                         "amount": [10.0]})
    >>> issued = compute({"orders": orders, "refunds": refunds}, kpis=["revenue"],
    ...                  refund_basis="issued")
    >>> issued[["period", "value", "partial"]]
          period  value  partial
    0 2024-01-01   40.0    False
    1 2024-02-01   50.0     True
    2 2024-03-01  -10.0     True
    """
    check_freq("compute", freq)
    check_option("compute", "refund_basis", refund_basis, REFUND_BASES)
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        raise SmbkitError(
            f"compute: `currency` must be a three-letter ISO 4217 code such as 'USD' or "
            f"'EUR', but {currency!r} was passed."
        )
    present = _table_names(tables)
    if refund_basis == "issued" and "refunds" not in present:
        raise DataError(
            "compute: refund_basis='issued' books each refund in the period it was issued, "
            f"which needs a 'refunds' table (one row per refund: order_id, date, amount), but "
            f"tables has {present!r}. Add it, e.g. tables['refunds'] = "
            "smbkit.io.read_orders(...).refunds, or use refund_basis='order' to book refunds "
            "on their order's date from orders.refunded."
        )
    if kpis is None:
        chosen = [
            k.kpi for k in REGISTRY.values() if set(k.tables) <= set(present) and freq in k.freqs
        ]
        if not chosen:
            raise DataError(
                f"compute: no KPI can be computed at freq={freq!r} from tables {present!r}; "
                "smbkit.kpis.catalog() lists the tables each KPI needs (e.g. 'orders')."
            )
    else:
        chosen = _requested(kpis)
        for name in chosen:
            entry = REGISTRY[name]
            missing = [t for t in entry.tables if t not in present]
            if missing:
                raise DataError(
                    f"compute: KPI {name!r} needs table(s) {missing!r}, but tables has "
                    f"{present!r}; add them or leave {name!r} out of `kpis`."
                )
            if freq not in entry.freqs:
                raise DataError(
                    f"compute: KPI {name!r} comes from {', '.join(entry.tables)} and cannot "
                    f"be computed at freq={freq!r} (finer than its source); use one of "
                    f"{list(entry.freqs)!r}."
                )
    # The runners read refunds issued from view["refunds"]: only on the issued basis.
    view = {name: tables[name] for name in present if name != "refunds"}
    if refund_basis == "issued":
        view["refunds"] = tables["refunds"]
    cache: dict = {}
    frames = []
    for name in chosen:
        entry = REGISTRY[name]
        try:
            frame = entry.run(view, freq, cache)
        except DataError as exc:
            raise _in_compute(name, exc) from exc
        unit = re.sub(r"\bUSD\b", currency, entry.unit)  # money KPIs are in the data's currency
        frames.append(frame.assign(kpi=name, unit=unit))
    out = pd.concat(frames, ignore_index=True)[_COLUMNS]
    out = out.sort_values(["kpi", "period"], kind="stable").reset_index(drop=True)
    return out.astype(
        {
            "period": "datetime64[ns]",
            "kpi": "str",
            "value": "float64",
            "unit": "str",
            "partial": "bool",
            "note": "str",
        }
    )
