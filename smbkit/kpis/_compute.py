"""compute(): every KPI of the registry over a set of canonical tables, in one tidy frame."""

from __future__ import annotations

import re
import warnings

import narwhals as nw
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest
from smbkit.kpis._catalog import REGISTRY
from smbkit.kpis._engine import as_narwhals, to_frame
from smbkit.kpis._orders import REFUND_BASES, order_totals
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


#: KPIs that compute(by=...) can split: those read from the orders table alone.
SPLITTABLE = tuple(k.kpi for k in REGISTRY.values() if k.tables == ("orders",))


def _by_columns(by) -> list[str]:
    if isinstance(by, str):
        names = [by]
    elif isinstance(by, (list, tuple)):
        names = list(by)
    else:
        names = []
    if not names or not all(isinstance(n, str) for n in names):
        raise SmbkitError(
            "compute: `by` must be a column name or a list of column names such as "
            f"'location' or ['location', 'channel'], but {by!r} was passed."
        )
    if len(set(names)) < len(names):
        raise SmbkitError(f"compute: `by` names a column twice: {names!r}.")
    return names


def _lacks(frame, by: list[str]) -> list[str]:
    schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
    return [c for c in by if c not in schema.names()]


def _segments(frame, by: list[str]) -> pd.DataFrame:
    """The distinct segments of a table, sorted, a missing value last (one small scan)."""
    seg = to_frame(frame.lazy().select(*[nw.col(c) for c in by]).unique())
    seg = seg.sort_values(by, na_position="last", kind="stable").reset_index(drop=True)
    for c in by:
        if pd.api.types.is_object_dtype(seg[c]) or pd.api.types.is_string_dtype(seg[c]):
            seg[c] = seg[c].astype("str")  # text: the same dtype from every engine
    return seg


def _segment_filter(frame, by: list[str], values) -> nw.Expr:
    schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
    cond = None
    for c, v in zip(by, values, strict=True):
        if pd.isna(v):
            part = nw.col(c).is_null()
            if schema[c].is_float():
                part = part | nw.col(c).is_nan()
        else:
            if isinstance(v, pd.Timestamp):
                v = v.to_pydatetime()
            elif hasattr(v, "item"):
                v = v.item()
            part = nw.col(c) == v
            if schema[c].is_float():
                part = part & ~nw.col(c).is_nan()
        part = part.fill_null(False)
        cond = part if cond is None else cond & part
    return cond


def _check_orders_by(orders, by: list[str]) -> None:
    """Refuse a ``by`` column the orders table lacks, or one that clashes with the result's."""
    clash = [c for c in by if c in _COLUMNS]
    if clash:
        raise SmbkitError(
            f"compute: `by` column(s) {clash!r} clash with the result's columns {_COLUMNS!r}; "
            "rename them in the table first."
        )
    frame = as_narwhals("compute", orders, "orders")
    lacking = _lacks(frame, by)
    if lacking:
        schema = frame.collect_schema() if isinstance(frame, nw.LazyFrame) else frame.schema
        names = list(schema.names())
        hint = closest(lacking[0], names)
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        raise DataError(
            f"compute: by={by!r} names column(s) {lacking!r} that table 'orders' does not "
            f"have; its columns are {names!r}.{tail}"
        )


def _unsplittable(name: str, tables, by: list[str]) -> SmbkitError | None:
    """Why KPI ``name`` cannot be split by ``by`` (None when it can)."""
    for table in REGISTRY[name].tables:
        lacking = _lacks(as_narwhals("compute", tables[table], table), by)
        if lacking:
            return DataError(
                f"compute: KPI {name!r} cannot be split by {by!r}: table {table!r} has no "
                f"column(s) {lacking!r}. Add the column to {table} (e.g. the shop each row "
                f"belongs to), or leave {name!r} out of `kpis` and compute it without by=."
            )
    if name not in SPLITTABLE:
        return SmbkitError(
            f"compute: KPI {name!r} cannot be split by segment yet; by= works for the KPIs "
            f"read from the orders table alone ({', '.join(SPLITTABLE)}). Leave {name!r} "
            "out of `kpis`, or compute it in a separate call without by=."
        )
    return None


def _compute_by(view, chosen, freq, by, currency) -> pd.DataFrame:
    """Run each KPI on each segment of the orders table, on the whole data's period grid."""
    orders = as_narwhals("compute", view["orders"], "orders")
    cache: dict = {}
    whole = order_totals("compute", view["orders"], {"date": "date"}, freq, cache)
    segments = _segments(orders, by)
    parts = []
    for values in segments.itertuples(index=False, name=None):
        part = orders.filter(_segment_filter(orders, by, values))
        cache[("segment_span", id(part))] = (whole.first_day, whole.last_day)
        cache[("order_key", id(part))] = True  # order_id was checked on the whole table
        parts.append((values, part))  # kept alive: the cache is keyed by id()
    frames = []
    for name in chosen:
        entry = REGISTRY[name]
        unit = re.sub(r"\bUSD\b", currency, entry.unit)
        for values, part in parts:
            try:
                frame = entry.run({**view, "orders": part}, freq, cache)
            except DataError as exc:
                raise _in_compute(name, exc) from exc
            frame = frame.assign(kpi=name, unit=unit)
            for c, v in zip(by, values, strict=True):
                frame[c] = pd.Series([v] * len(frame), dtype=segments[c].dtype)
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)[["period", *by, *_COLUMNS[1:]]]
    out = out.sort_values(["kpi", *by, "period"], kind="stable", na_position="last")
    return out.reset_index(drop=True).astype(
        {
            "period": "datetime64[ns]",
            "kpi": "str",
            "value": "float64",
            "unit": "str",
            "partial": "bool",
            "note": "str",
        }
    )


def compute(
    tables,
    kpis=None,
    freq="M",
    by=None,
    *,
    currency: str = "USD",
    refund_basis: str = "order",
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
    by : str or list of str, optional
        Segment column(s) of ``orders`` (``"location"``, ``"channel"``, a client or
        ``merchant_id``...): every KPI is computed within each segment, and the result
        gains these columns after ``period``. See Notes for what a segment's numbers mean.
        Default: no split.
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
        period. With ``by``: ``period``, the ``by`` columns, then the others, sorted by kpi,
        segment (a missing value last), then period.

    Raises
    ------
    SmbkitError
        If ``freq`` or ``refund_basis`` is not one of the options or a KPI name is unknown
        (with a suggestion); if ``by`` is not a column name or list of them, names a
        column of the result (``kpi``, ``value``...), is combined with
        ``refund_basis="issued"``, or a requested KPI cannot be split by segment yet
        (only the KPIs read from ``orders`` alone can).
    DataError
        If a requested KPI needs a table that is missing (``refunds`` for
        ``refund_basis="issued"``), or cannot be computed at ``freq`` (e.g. ``net_margin``
        weekly from monthly financials), or the data fails a KPI's checks: a missing
        column, a repeated column name, an ``order_id`` that appears twice in ``orders``,
        inf in a number column, a negative refund amount, and so on. The message names the
        KPI that met the problem. With ``by``: if ``orders`` lacks a ``by`` column, or a
        requested KPI reads a table that lacks it (``financials`` has no ``location``).

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

    **Segments** (``by``). Each KPI is computed on the orders of one segment as if they
    were the whole business: a ratio's numerator and denominator both come from the
    segment (a shop's AOV is its net revenue over its orders, never a share of the
    totals). A customer is *active* in a segment in a period when she ordered there; she
    is *new* in a segment in the period of her first order in that segment, so a customer
    who buys in shop A in January and in shop B in February is new in A in January and
    new in B in February (per-segment new customers can add up to more than the unsplit
    count); retention and repeat purchase follow the customers of the segment. Counts and
    sums (revenue, orders, gross profit) add up over the segments to the unsplit value.
    Every segment is on the period grid of the whole data: a period in which a segment has
    no orders holds 0 (counts and sums) or NaN (ratios) with a note, as an empty period
    does without ``by``. A segment's data are taken to cover from its own first order to
    the last day of the whole data, so a shop that opened mid-month is ``partial`` in that
    month (and in the periods before it). A missing value (a row without a location) is a
    segment of its own, shown with a missing value in the ``by`` column: no row is
    dropped. With ``kpis=None``, the KPIs that cannot be split (their tables lack a ``by``
    column, or the KPI is not read from ``orders`` alone) are left out with a
    ``UserWarning`` naming them; asked for by name, they raise. Each segment is read with
    a filter of the orders table, so the table is scanned once per segment and KPI family.

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

    Per shop: the harbour shop opened on 14 February, so February is partial there and it
    shows no orders (an AOV of NaN) in January:

    >>> shops = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-01-02", "2024-01-31", "2024-02-14", "2024-02-20"]),
    ...     "location": ["town", "town", "harbour", "town"],
    ...     "revenue": [10.0, 30.0, 50.0, 20.0], "refunded": [0.0, 0.0, 10.0, 0.0]})
    >>> out = compute({"orders": shops}, kpis=["revenue", "average_order_value"],
    ...               by="location")
    >>> out[["period", "location", "kpi", "value", "partial"]]
          period location                  kpi  value  partial
    0 2024-01-01  harbour  average_order_value    NaN     True
    1 2024-02-01  harbour  average_order_value   40.0     True
    2 2024-01-01     town  average_order_value   20.0     True
    3 2024-02-01     town  average_order_value   20.0     True
    4 2024-01-01  harbour              revenue    0.0     True
    5 2024-02-01  harbour              revenue   40.0     True
    6 2024-01-01     town              revenue   40.0     True
    7 2024-02-01     town              revenue   20.0     True
    """
    check_freq("compute", freq)
    check_option("compute", "refund_basis", refund_basis, REFUND_BASES)
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        raise SmbkitError(
            f"compute: `currency` must be a three-letter ISO 4217 code such as 'USD' or "
            f"'EUR', but {currency!r} was passed."
        )
    by_cols = None if by is None else _by_columns(by)
    if by_cols is not None and refund_basis == "issued":
        raise SmbkitError(
            "compute: by= cannot be combined with refund_basis='issued' yet (a refund issued "
            "would need its order's segment); use refund_basis='order' to split by segment."
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
    if by_cols is not None:
        if "orders" in present:
            _check_orders_by(tables["orders"], by_cols)
        if kpis is None:
            why = {name: _unsplittable(name, tables, by_cols) for name in chosen}
            left_out = [name for name in chosen if why[name] is not None]
            chosen = [name for name in chosen if why[name] is None]
            if not chosen:
                raise DataError(
                    f"compute: no KPI can be split by {by_cols!r} from tables {present!r}; "
                    "by= needs an 'orders' table with those columns."
                )
            if left_out:
                warnings.warn(
                    f"compute: {len(left_out)} KPI(s) cannot be split by {by_cols!r} and are "
                    f"left out: {left_out!r} (their tables lack the column(s), or the KPI "
                    "cannot be split yet); compute them in a call without by=.",
                    UserWarning,
                    stacklevel=2,
                )
        else:
            for name in chosen:
                problem = _unsplittable(name, tables, by_cols)
                if problem is not None:
                    raise problem
        view = {name: tables[name] for name in present if name != "refunds"}
        return _compute_by(view, chosen, freq, by_cols, currency)
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
