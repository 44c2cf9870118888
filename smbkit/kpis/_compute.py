"""compute(): every KPI of the registry over a set of canonical tables, in one tidy frame."""

from __future__ import annotations

import re

import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import closest
from smbkit.kpis._catalog import REGISTRY
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


def compute(tables, kpis=None, freq="M", *, currency: str = "USD") -> pd.DataFrame:
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
        If ``freq`` is not one of the options or a KPI name is unknown (with a suggestion).
    DataError
        If a requested KPI needs a table that is missing, or cannot be computed at
        ``freq`` (e.g. ``net_margin`` weekly from monthly financials), or the data fails a
        KPI's checks.

    Notes
    -----
    Financial KPIs roll monthly rows up to quarters and years by summing flows (revenue,
    COGS, net income) and reading balances at the period's end, with the previous
    period's closing balance as opening balance. Employee KPIs run up to the last order
    date when ``orders`` is present (a staff list has no date of its own).

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
    """
    check_freq("compute", freq)
    if not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        raise SmbkitError(
            f"compute: `currency` must be a three-letter ISO 4217 code such as 'USD' or "
            f"'EUR', but {currency!r} was passed."
        )
    present = _table_names(tables)
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
    view = {name: tables[name] for name in present}
    cache: dict = {}
    frames = []
    for name in chosen:
        entry = REGISTRY[name]
        frame = entry.run(view, freq, cache)
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
