"""render(): a client-ready HTML report from a business's tables or its raw exports."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smbkit._atomic import atomic_write
from smbkit._errors import DataError, SmbkitError
from smbkit._redact import redact, redact_frame
from smbkit._validation import check_option, closest
from smbkit.report import _sections as sec

__all__ = ["DEFAULT_GROWTH", "DEFAULT_KPIS", "SOURCES", "render"]

#: The KPIs a report scores when ``kpis=`` is not given (those the inputs allow).
DEFAULT_KPIS = (
    "revenue",
    "orders",
    "average_order_value",
    "gross_margin",
    "refund_rate",
    "active_customers",
    "new_customers",
    "retention_rate",
    "cac",
    "conversion_rate",
    "csat",
    "nps",
    "net_margin",
    "cash_conversion_cycle",
    "employee_turnover",
)
#: Default improvement over the same period last year, for targets not given.
DEFAULT_GROWTH = 0.05
#: Export layouts a path may be read as (see :func:`smbkit.io.read_orders`).
SOURCES = (
    "auto",
    "shopify",
    "square_items",
    "square_transactions",
    "stripe",
    "woocommerce",
    "generic",
)
FREQS = ("W", "M", "Q", "Y")
TEMPLATE = "report.html.j2"
FUNC = "render"


@dataclass
class _Inputs:
    tables: dict[str, pd.DataFrame]
    read: object | None  # smbkit.io.ReadResult when the orders came from exports
    origin: str
    name: str
    currency: str


def _is_paths(data) -> bool:
    if isinstance(data, (str, Path)):
        return True
    return (
        isinstance(data, (list, tuple))
        and len(data) > 0
        and all(isinstance(p, (str, Path)) for p in data)
    )


def _currency(orders: pd.DataFrame | None, given: str | None) -> str:
    if given is not None:
        return given.upper()
    if orders is not None and "currency" in orders.columns:
        found = orders["currency"].dropna().unique()
        if len(found) == 1:
            return str(found[0])
    return "USD"  # the KPI catalog's money unit


def _read_tables(read) -> dict[str, pd.DataFrame]:
    """The canonical tables of an export read: orders, and refunds where it dates them."""
    tables = {"orders": read.data}
    if getattr(read, "refunds", None) is not None:
        tables["refunds"] = read.refunds
    return tables


def refund_basis_sentence(basis: str, read=None) -> str:
    """Say in one sentence on which date the report counts refunds (and why).

    >>> refund_basis_sentence("order")[:60]
    'Refunds are counted in the period of the order they belong t'
    """
    if basis == "issued":
        return (
            "Refunds are counted in the period they were issued, as the platform's own sales "
            "reports count them (refunds of sales made before these files included)."
        )
    why = ""
    dates = getattr(read, "refund_dates", "") if read is not None else ""
    if dates and "but not when" in dates:
        why = (
            ", because this export does not say when a refund was issued (the platform's "
            "own sales reports count it then, so a month with refunds of earlier orders can "
            "differ from them)"
        )
    return f"Refunds are counted in the period of the order they belong to{why}."


def _load(data, *, source, tz, currency, column_map) -> _Inputs:
    from smbkit.io._core import ReadResult

    if _is_paths(data):
        from smbkit.io import read_orders

        paths = [Path(data)] if isinstance(data, (str, Path)) else [Path(p) for p in data]
        read = read_orders(paths, source=source, tz=tz, currency=currency, column_map=column_map)
        names = ", ".join(p.name for p in paths)
        kind = read.source.split(" ", 1)[0]
        many = f"{len(paths)} {kind} exports" if len(paths) > 1 else f"the {kind} export"
        origin = f"{many} {names}"
        return _Inputs(_read_tables(read), read, origin, names, _currency(read.data, currency))
    if source != "auto" or column_map is not None or tz is not None:
        raise SmbkitError(
            f"{FUNC}: source=, column_map= and tz= describe an export file, but `data` is a "
            f"{type(data).__name__}; pass the path of the export, or drop those arguments"
        )
    if data is None:
        from smbkit import datasets

        bakery = datasets.load("daily_crumb")
        origin = f"the bundled example dataset {bakery.title} (synthetic data)"
        return _Inputs(dict(bakery), None, origin, bakery.title, _currency(None, currency))
    if isinstance(data, ReadResult):
        return _Inputs(
            _read_tables(data),
            data,
            f"an export read as {data.source}",
            "your orders",
            _currency(data.data, currency),
        )
    if isinstance(data, pd.DataFrame):
        return _Inputs(
            {"orders": data}, None, "an orders table", "your orders", _currency(data, currency)
        )
    if isinstance(data, Mapping):
        tables = {}
        for name, table in data.items():
            if not isinstance(table, pd.DataFrame):
                raise SmbkitError(
                    f"{FUNC}: table {name!r} in `data` is a {type(table).__name__}; the report "
                    "needs pandas DataFrames (convert with .to_pandas())"
                )
            tables[str(name)] = table
        title = getattr(data, "title", None)
        origin = f"the dataset {title}" if title else f"the tables {', '.join(tables)}"
        return _Inputs(
            tables,
            None,
            origin,
            str(title or "your business"),
            _currency(tables.get("orders"), currency),
        )
    raise SmbkitError(
        f"{FUNC}: `data` must be None (the bundled Daily Crumb), a path or list of paths to "
        "order exports, a ReadResult, a mapping of table name -> DataFrame, or an orders "
        f"DataFrame; got {type(data).__name__}"
    )


def _check_targets(targets, known: Sequence[str]) -> dict:
    from smbkit.targets import Goal

    if targets is None:
        return {}
    if isinstance(targets, Mapping):
        items = list(targets.items())
    elif isinstance(targets, Iterable) and not isinstance(targets, str):
        items = []
        for goal in targets:
            if not isinstance(goal, Goal):
                raise SmbkitError(
                    f"{FUNC}: a list of `targets` must hold smbkit.targets.Goal objects, got "
                    f"{type(goal).__name__}; or pass a mapping like {{'revenue': 120000}}"
                )
            items.append((goal.kpi, goal))
    else:
        raise SmbkitError(
            f"{FUNC}: `targets` must be a mapping of KPI id -> target value or Goal (e.g. "
            f"{{'revenue': 120000}}) or a list of Goals, got {type(targets).__name__}"
        )
    out = {}
    for kpi, value in items:
        _check_kpi(kpi, known, "targets")
        if isinstance(value, Goal):
            if value.kpi != kpi:
                raise SmbkitError(
                    f"{FUNC}: targets[{kpi!r}] is a Goal for KPI {value.kpi!r}; use its KPI "
                    "as the key"
                )
        elif (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise SmbkitError(
                f"{FUNC}: targets[{kpi!r}] must be a finite number or a Goal, but {value!r} "
                "was passed"
            )
        if kpi in out:
            raise SmbkitError(f"{FUNC}: two targets for KPI {kpi!r}; keep one")
        out[kpi] = value
    return out


def _check_kpi(kpi, known: Sequence[str], arg: str) -> None:
    if kpi not in known:
        hint = closest(str(kpi), known)
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        raise SmbkitError(
            f"{FUNC}: unknown KPI {kpi!r} in `{arg}`.{tail} smbkit.kpis.catalog() lists the "
            "KPIs there are."
        )


def _check_out(out) -> Path | None:
    if out is None:
        return None
    path = Path(out)
    if path.is_dir():
        raise SmbkitError(
            f"{FUNC}: out={str(path)!r} is a folder; pass a file name such as "
            f"{str(path / 'report.html')!r}"
        )
    if not path.parent.is_dir():
        raise SmbkitError(
            f"{FUNC}: the folder of out={str(path)!r} does not exist; create "
            f"{str(path.parent)!r} first or write the report elsewhere"
        )
    return path


def _compute(tables, wanted, freq, catalog, refund_basis="order"):
    """Compute the wanted KPIs; KPIs the inputs cannot support are returned with a reason."""
    from smbkit import kpis

    usable, skipped = [], []
    for kpi in wanted:
        label = catalog.at[kpi, "label"]
        missing = [t for t in catalog.at[kpi, "tables"].split(",") if t not in tables]
        if missing:
            skipped.append(f"{label}: needs the {' and '.join(missing)} table")
        elif freq not in catalog.at[kpi, "freqs"].split(","):
            skipped.append(f"{label}: cannot be computed by {sec.PERIOD_WORD[freq]}")
        else:
            usable.append(kpi)
    frames = []
    if usable:
        try:
            frames = [kpis.compute(tables, kpis=usable, freq=freq, refund_basis=refund_basis)]
        except DataError:  # one KPI's data is unusable: keep the others, say why
            for kpi in usable:
                try:
                    frames.append(
                        kpis.compute(tables, kpis=[kpi], freq=freq, refund_basis=refund_basis)
                    )
                except DataError as exc:
                    skipped.append(
                        f"{catalog.at[kpi, 'label']}: cannot be computed from these data ({exc})"
                    )
    if not frames:
        reasons = "; ".join(skipped) or "no KPI was asked for"
        raise DataError(f"{FUNC}: no KPI could be computed from tables {list(tables)}: {reasons}")
    kv = pd.concat(frames, ignore_index=True)
    computed = [k for k in usable if k in set(kv["kpi"])]
    return kv, computed, skipped


def _scored_period(kv: pd.DataFrame) -> tuple[pd.Timestamp, bool]:
    """The latest whole period of net revenue (or of any KPI); partial only if nothing else."""
    known = kv[kv["value"].notna()]
    if known.empty:
        raise DataError(f"{FUNC}: every KPI value is missing; check that the tables have rows")
    whole = known[~known["partial"]]
    base = whole[whole["kpi"] == "revenue"] if (whole["kpi"] == "revenue").any() else whole
    if len(base):
        return pd.Timestamp(base["period"].max()), False
    return pd.Timestamp(known["period"].max()), True


def _partial_periods(kv: pd.DataFrame, freq: str) -> list[str]:
    rows = kv[kv["kpi"] == "revenue"] if (kv["kpi"] == "revenue").any() else kv
    flagged = rows.loc[rows["partial"], "period"].drop_duplicates().sort_values()
    return [sec.period_label(p, freq) for p in flagged]


def _glance(period, partial_mode, freq, card, currency, tables, quality, outlook) -> list[str]:
    word = sec.PERIOD_WORD[freq]
    label = sec.period_label(period, freq)
    lines = []
    orders = tables.get("orders")
    if orders is not None and "date" in orders.columns and len(orders):
        lines.append(
            f"The orders run from {orders['date'].min():%d %b %Y} to "
            f"{orders['date'].max():%d %b %Y} ({len(orders):,} orders)."
        )
    ledger = quality.get("ledger")
    if ledger:
        check = "reconciling" if ledger["reconciles"] else "NOT reconciling"
        lines.append(
            f"Of {ledger['raw_rows']} rows in the export, {ledger['kept_rows']} were kept and "
            f"{ledger['excluded_rows']} excluded with a reason, {check} to the file's total "
            "(see Data quality)."
        )
    scope = "the latest whole" if not partial_mode else "the latest (partial)"
    lines.append(f"The scorecard scores {scope} {word}: {label}.")
    revenue = card[card["kpi"] == "revenue"] if len(card) else card
    if len(revenue) and math.isfinite(revenue["actual"].iloc[0]):
        r = revenue.iloc[0]
        text = f"Net revenue in {label}: {sec.fmt_money(r['actual'], currency)}"
        last = r["same_period_last_year"]
        if math.isfinite(last) and last:
            text += f", {100 * (r['actual'] - last) / abs(last):+.1f} % on the same {word} a year earlier"
        lines.append(text + ".")
    if outlook["available"]:
        lines.append(outlook["glance"])
    if len(card):
        counts = card["status"].value_counts()
        parts = [
            f"{int(counts[s])} {s}"
            for s in ("on track", "at risk", "off track", "no data")
            if s in counts
        ]
        lines.append(f"Of {len(card)} KPIs: " + ", ".join(parts) + ".")
        off = card.loc[card["status"] == "off track", "label"].tolist()
        if off:
            lines.append("Needs attention first: " + ", ".join(off) + ".")
    return lines


def _definitions(chosen, catalog, currency) -> list[dict]:
    return [
        {
            "label": catalog.at[k, "label"],
            "definition": catalog.at[k, "definition"],
            "formula": catalog.at[k, "formula"],
            "unit": catalog.at[k, "unit"].replace("USD", currency),
            "better": "higher" if catalog.at[k, "polarity"] == "higher" else "lower",
        }
        for k in chosen
    ]


def _shown(value: object) -> object:
    """Every value the template prints passes here: no e-mail address reaches the page.

    Text from the data (ledger examples, warnings, file names, channel or product names)
    and from messages is masked with :func:`smbkit._redact.redact`; markup the template
    trusts stays markup.
    """
    import markupsafe

    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(redact(str(value)))
    if isinstance(value, str):
        return redact(value)
    return value


def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("smbkit", "report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )


def render(
    data=None,
    *,
    source: str = "auto",
    out: str | Path | None = None,
    targets=None,
    title: str | None = None,
    freq: str = "M",
    kpis: Sequence[str] | None = None,
    growth: float = DEFAULT_GROWTH,
    tz: str | None = None,
    currency: str | None = None,
    column_map: Mapping[str, str] | None = None,
    tables_dir: str | Path | None = None,
    refund_basis: str | None = None,
) -> str:
    """Build a client-ready HTML report (no code in it) and return it as a string.

    The report has: a summary; a data-quality section (with exports: the intake ledger of
    rows kept, excluded and repaired, reconciled to the file's raw total); a KPI scorecard
    with targets and traffic-light status; KPI trends, one seaborn picture each; a forecast of
    monthly net revenue with its interval, back-tested against "same month last year";
    revenue by channel, location and product; a cohort retention table; and which
    marketing metrics lead sales. A section the inputs cannot support is replaced by a
    sentence saying why. Pictures are embedded, so the one file can be e-mailed.

    Parameters
    ----------
    data : None, path, list of paths, ReadResult, mapping of DataFrames or DataFrame
        ``None``: the bundled Daily Crumb. A path (or several overlapping exports of one
        shop) is read with :func:`smbkit.io.read_orders`. A mapping is a set of canonical
        tables (``orders``, ``order_lines``, ``marketing``, ``web``, ``financials``, ...,
        e.g. from :func:`smbkit.datasets.load`); a DataFrame is an orders table.
    source : {"auto", "shopify", "square_items", "square_transactions", "stripe", \
"woocommerce", "generic"}
        The export layout, when ``data`` is a path.
    out : str or Path, optional
        Also write the report to this file (UTF-8); its folder must exist. It is written
        to a temporary file beside it and renamed when complete, so a failure leaves an
        existing file as it was.
    targets : mapping or list of Goal, optional
        KPI id -> target for the scored period (a number in the KPI's unit), or ->
        :class:`smbkit.targets.Goal` (scored against its plan for the period). KPIs with
        targets are scored even when not in ``kpis``.
    title : str, optional
        The report's title; "Performance report: <business or file>" by default.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Reporting period.
    kpis : list of str, optional
        KPI ids to score, in order; default :data:`DEFAULT_KPIS` (those the tables allow).
    growth : float, default 0.05
        For KPIs without a target: the improvement on the same period a year earlier that
        the default target asks for.
    tz, currency, column_map
        Passed to :func:`smbkit.io.read_orders` when ``data`` is a path. ``currency`` also
        names the money unit (otherwise the orders' ``currency`` column, else USD).
    tables_dir : str or Path, optional
        Also write the report's tables (scorecard, KPI values, ledger, cohorts, alignment,
        forecast and its back-test) there as CSV with :func:`export_tables`.
    refund_basis : {"order", "issued"}, optional
        On which date money KPIs count refunds (see :func:`smbkit.kpis.compute`). Default:
        the platform's own basis, "issued", where the data say when refunds were issued (a
        ``refunds`` table, e.g. from Square exports), else "order". The report says which
        it used in one sentence.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    SmbkitError
        A bad option (``freq``, ``source``, ``growth``, ``kpis``, ``targets``, ``out``), or
        ``source``/``tz``/``column_map`` with data that is not a path.
    DataError
        From reading the exports, or when no KPI can be computed from the tables.
    OSError
        If ``out`` or a table cannot be written (permission, full disk); it names the file.

    Notes
    -----
    A KPI without a target gets a stated default: with :math:`B` its value in the same
    period a year earlier and :math:`g` = ``growth``,

    .. math:: T = B + s\\,g\\,|B|, \\qquad s = +1 \\text{ (higher is better)},\\; -1
        \\text{ (lower is better)}

    and no target when there is no such value. Status is
    :func:`smbkit.targets.status` with its default bands (on track within 5 % of the
    target on the bad side, at risk within 10 %, off track beyond). The scored period
    is the latest whole period of net revenue; partial periods are left out of trends,
    comparisons and cohorts (unless the data hold nothing else).

    No e-mail address appears in the report or its exported ledger: every value the
    template shows, and every text cell of the ledger, passes through
    :func:`smbkit._redact.redact` (``ana@example.com`` is shown as ``***@example.com``).

    The forecast needs at least 29 whole months of net revenue in a row (26 to fit ETS
    with a 12-month season, and a quarter to back-test it on); see
    :func:`smbkit.report._sections.forecast_section`.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "order_id": ["1", "2", "3", "4"], "customer_id": ["a", "b", "a", None],
    ...     "date": pd.to_datetime(["2025-01-03", "2025-01-20", "2025-02-02", "2025-02-27"]),
    ...     "revenue": [10.0, 30.0, 25.0, 5.0], "refunded": 0.0, "cost": 4.0,
    ...     "discount": 0.0})
    >>> html = render(orders, title="Corner shop")
    >>> html.startswith("<!DOCTYPE html>"), "<script" in html
    (True, False)
    >>> "Corner shop" in html and "Data quality" in html and "Scorecard" in html
    True
    """
    from smbkit.kpis import catalog as kpi_catalog

    check_option(FUNC, "freq", freq, FREQS)
    check_option(FUNC, "source", source, SOURCES)
    if refund_basis is not None:
        check_option(FUNC, "refund_basis", refund_basis, ["order", "issued"])
    if isinstance(growth, bool) or not isinstance(growth, (int, float)) or not (0 <= growth < 1):
        raise SmbkitError(
            f"{FUNC}: `growth` must be a number from 0 to below 1 (0.05 = 5 % better than "
            f"a year earlier), but {growth!r} was passed"
        )
    if title is not None and not isinstance(title, str):
        raise SmbkitError(f"{FUNC}: `title` must be text, got {type(title).__name__}")
    catalog = kpi_catalog().set_index("kpi")
    known = list(catalog.index)
    if kpis is not None:
        if isinstance(kpis, str):
            kpis = [kpis]
        for k in kpis:
            _check_kpi(k, known, "kpis")
    wanted_targets = _check_targets(targets, known)
    out_path = _check_out(out)
    if tables_dir is not None and Path(tables_dir).is_file():
        raise SmbkitError(f"{FUNC}: tables_dir={str(tables_dir)!r} is a file; pass a folder")

    inputs = _load(data, source=source, tz=tz, currency=currency, column_map=column_map)
    tables, currency_code = inputs.tables, inputs.currency
    wanted = list(kpis) if kpis is not None else list(DEFAULT_KPIS)
    wanted += [k for k in wanted_targets if k not in wanted]
    if kpis is None:  # the defaults: only those the tables can support, quietly
        wanted = [
            k
            for k in wanted
            if k in wanted_targets or all(t in tables for t in catalog.at[k, "tables"].split(","))
        ]
        if not wanted:
            needed = sorted({t for k in DEFAULT_KPIS for t in catalog.at[k, "tables"].split(",")})
            raise DataError(
                f"{FUNC}: none of the report's KPIs can be computed from tables {list(tables)}; "
                f"they come from the canonical tables {needed} (orders above all). Rename your "
                "tables and columns to the canonical ones, or pass kpis= to choose KPIs."
            )
    if refund_basis is None:  # the platform's own basis where the data say when refunds left
        refund_basis = "issued" if "refunds" in tables else "order"
    elif refund_basis == "issued" and "refunds" not in tables:
        raise DataError(
            f"{FUNC}: refund_basis='issued' needs the dates refunds were issued, and these "
            "data have none (no refunds table; see smbkit.io.read_orders(...).refund_dates "
            "for what each export gives); use refund_basis='order' or leave it out."
        )
    kv, chosen, skipped = _compute(tables, wanted, freq, catalog, refund_basis)
    period, partial_mode = _scored_period(kv)

    score, card = sec.scorecard_section(
        kv,
        chosen,
        period,
        partial_mode,
        freq,
        wanted_targets,
        float(growth),
        catalog,
        currency_code,
        skipped,
    )
    quality = sec.data_quality_section(
        tables, inputs.read, inputs.origin, _partial_periods(kv, freq)
    )
    quality["refund_basis"] = refund_basis_sentence(refund_basis, inputs.read)
    trends = sec.trend_section(kv, chosen, catalog, currency_code, freq)
    breakdown = sec.breakdown_section(tables, period, freq, partial_mode, currency_code)
    cohorts, cohort_table = sec.cohort_section(tables, period, freq, partial_mode)
    alignment, alignment_table = sec.alignment_section(tables)
    outlook, outlook_tables = sec.forecast_section(kv, freq, tables, currency_code)

    import smbkit

    context = {
        "title": title or f"Performance report: {inputs.name}",
        "origin": inputs.origin,
        "period": sec.period_label(period, freq),
        "period_word": sec.PERIOD_WORD[freq],
        "partial_mode": partial_mode,
        "prepared": f"{pd.Timestamp.today():%d %B %Y}",
        "version": smbkit.__version__,
        "currency": currency_code,
        "glance": _glance(
            period, partial_mode, freq, card, currency_code, tables, quality, outlook
        ),
        "quality": quality,
        "scorecard": score,
        "trends": trends,
        "forecast": outlook,
        "breakdown": breakdown,
        "cohorts": cohorts,
        "alignment": alignment,
        "definitions": _definitions(chosen, catalog, currency_code),
    }
    html = _environment().get_template(TEMPLATE).render(**context)
    if out_path is not None:
        with atomic_write(out_path) as tmp:  # never a half-written report under `out`
            tmp.write_text(html, encoding="utf-8")
    if tables_dir is not None:
        from smbkit.report._export import export_tables

        export = {"scorecard": card, "kpi_values": kv}
        if inputs.read is not None:
            export["ledger"] = redact_frame(inputs.read.ledger)
        if cohort_table is not None:
            export["cohort_retention"] = cohort_table
        if alignment_table is not None:
            export["alignment"] = alignment_table
        export.update(outlook_tables)
        export_tables(export, tables_dir)
    return html
