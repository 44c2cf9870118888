"""The live dashboard a client sees: one page, no code, filters that update every panel.

:func:`build` lays out, for a business's tables (the bundled Daily Crumb by default) or
its read exports: KPI tiles with status against targets and the change on the month before
and on the same month a year earlier; KPI trends; the revenue mix by channel and location;
cohort retention; which marketing metrics lead sales; and a what-if on the net revenue
target. Location, channel and months filters re-run the same smbkit functions on the
matching orders (:func:`smbkit.kpis.compute`, :func:`smbkit.targets.scorecard` through the
report's scorecard, :func:`smbkit.customers.cohort_retention`), so every number is the
tested one. ``dashboard/dashboard.ipynb`` calls :func:`from_environment`, and
``make dashboard`` / ``smbkit dashboard`` serve it with Voila.

ipywidgets, matplotlib and seaborn are imported inside the functions.

>>> import smbkit.dashboard as d
>>> d.TILE_KPIS[:3]
('revenue', 'orders', 'average_order_value')
"""

from __future__ import annotations

import html
import io
import math
import os
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._redact import redact

__all__ = ["ENV_VAR", "TILE_KPIS", "TREND_KPIS", "Dashboard", "build", "from_environment"]

#: Environment variable naming the client's order exports (several joined by os.pathsep).
ENV_VAR = "SMBKIT_DATA"
#: KPIs shown as tiles, in order (those the data cannot support are left out, with a note).
TILE_KPIS = (
    "revenue",
    "orders",
    "average_order_value",
    "gross_margin",
    "new_customers",
    "retention_rate",
    "active_customers",
    "refund_rate",
)
#: KPIs drawn as trend charts.
TREND_KPIS = (
    "revenue",
    "orders",
    "average_order_value",
    "gross_margin",
    "new_customers",
    "retention_rate",
)
ALL = ""  # the dropdown value meaning "no filter"
FREQ = "M"

_CSS = """
<style>
.smb-dash { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
            color: #1f2933; }
.smb-dash h1 { font-size: 1.6rem; margin: .2rem 0; }
.smb-h2 { font-size: 1.2rem; font-weight: 600; border-bottom: 2px solid #0072b2;
          padding-bottom: .15rem; margin: 1.4rem 0 .5rem; }
.smb-muted { color: #616e7c; font-size: .9rem; }
.smb-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
             gap: .7rem; margin-right: 6px; }
.smb-tile .target { margin-left: .3rem; }
.smb-tile { border: 1px solid #d9dee4; border-top-width: 5px; border-radius: 6px;
            padding: .55rem .75rem; background: #fff; line-height: 1.35; }
.smb-tile .label { font-size: .9rem; color: #3e4c59; font-weight: 600; }
.smb-tile .value { font-size: 1.55rem; font-weight: 700; white-space: nowrap;
                   font-variant-numeric: tabular-nums; }
.smb-tile .status { font-size: .85rem; font-weight: 600; }
.smb-tile .line { font-size: .85rem; color: #3e4c59; }
.smb-tile .num { white-space: nowrap; }
.tone-good { color: #1b7a3a; } .tone-bad { color: #b42318; }
.tone-mixed { color: #8a5300; } .tone-neutral { color: #616e7c; }
.smb-message { background: #fff4e5; border-left: 4px solid #d55e00; padding: .5rem .8rem;
               font-size: 1rem; }
.smb-busy { color: #0072b2; font-weight: 600; }
.smb-spin { display: inline-block; width: .9em; height: .9em; border: 2px solid #0072b2;
            border-right-color: transparent; border-radius: 50%;
            animation: smb-spin .8s linear infinite; vertical-align: -2px; }
@keyframes smb-spin { to { transform: rotate(360deg); } }
.smb-table { border-collapse: collapse; font-size: .9rem; }
.smb-table th, .smb-table td { border-bottom: 1px solid #d9dee4; padding: .25rem .5rem;
                               text-align: left; vertical-align: top; }
.smb-table th { background: #f3f5f7; }
.smb-table td.num { text-align: right; white-space: nowrap; }
.smb-wrap { overflow-x: auto; max-width: calc(100vw - 48px); }
.smb-dash .widget-html-content { line-height: 1.45; white-space: normal; }
.smb-table th { white-space: nowrap; }
.smb-cohort td { text-align: center; min-width: 2.6rem; white-space: nowrap; }
</style>
"""


# --------------------------------------------------------------------------- helpers


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _signed_pct(value: float) -> str:
    return f"{100 * value:+.1f} %" if _finite(value) else "–"


def _change(now: float, before: float) -> float:
    if not (_finite(now) and _finite(before)) or before == 0:
        return float("nan")
    return (now - before) / abs(before)


def _svg(fig) -> bytes:
    """The figure as SVG (sharp at any screen density), without a date in it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _currency(orders: pd.DataFrame) -> str:
    if "currency" in orders.columns:
        found = orders["currency"].dropna().unique()
        if len(found) == 1:
            return str(found[0])
    return "USD"


def _months(orders: pd.DataFrame) -> list[pd.Timestamp]:
    first = orders["date"].min().to_period("M").to_timestamp()
    last = orders["date"].max().to_period("M").to_timestamp()
    return list(pd.date_range(first, last, freq="MS"))


def _say(text: str) -> str:
    return redact(" ".join(str(text).split()))


# --------------------------------------------------------------------------- the view


class Dashboard:
    """The dashboard built by :func:`build` (reachable as ``widget.dashboard``).

    Attributes
    ----------
    controls : dict
        ``"location"`` and ``"channel"`` (Dropdowns; ``""`` means all) and ``"months"``
        (SelectionRangeSlider of month starts).
    tiles : DataFrame
        The last tiles shown: ``kpi, label, period, value, unit, previous, year_ago,
        change_previous, change_year, target, status``; empty when the selection has no
        orders.
    orders : DataFrame
        The orders of the current location and channel (all dates).
    message : str
        The sentence shown when the selection cannot be shown ("" otherwise).
    widget : ipywidgets.VBox
        The whole page.
    seconds : float
        How long the last update took.
    """

    def __init__(self, tables, *, read, origin: str, name: str, targets, growth):
        import ipywidgets as w

        from smbkit.kpis import catalog
        from smbkit.report.sections import plain_label, refund_basis_sentence

        orders = tables.get("orders")
        if orders is None or not isinstance(orders, pd.DataFrame):
            raise SmbkitError(
                "build: the dashboard needs an orders table (a pandas DataFrame under "
                f"'orders'); the tables are {sorted(tables)}"
            )
        if "date" not in orders.columns or not pd.api.types.is_datetime64_any_dtype(orders["date"]):
            raise DataError("build: the orders need a `date` column of dates")
        if orders.empty or orders["date"].isna().all():
            raise DataError("build: the orders table has no dated rows to show")
        self.tables = dict(tables)
        self.targets = dict(targets or {})
        self.growth = float(growth)
        self.currency = _currency(orders)
        self.basis = "issued" if "refunds" in tables else "order"
        self.catalog = catalog().set_index("kpi")
        self._cache: dict = {}
        self._alignment = None
        self._hold = False
        self.tiles = pd.DataFrame()
        self.orders = orders
        self.message = ""
        self.seconds = float("nan")
        self.months = _months(orders)

        def options(col: str, everything: str):
            if col not in orders.columns or not orders[col].notna().any():
                return [(everything, ALL)]
            values = sorted(str(v) for v in orders[col].dropna().unique())
            return [(everything, ALL)] + [(plain_label(v), v) for v in values]

        narrow = {"description_width": "70px"}
        loc_opts = options("location", "All locations")
        ch_opts = options("channel", "All channels")
        self.controls = {
            "location": w.Dropdown(
                options=loc_opts,
                value=ALL,
                description="Location",
                style=narrow,
                disabled=len(loc_opts) == 1,
                layout=w.Layout(width="250px"),
            ),
            "channel": w.Dropdown(
                options=ch_opts,
                value=ALL,
                description="Channel",
                style=narrow,
                disabled=len(ch_opts) == 1,
                layout=w.Layout(width="250px"),
            ),
            "months": w.SelectionRangeSlider(
                options=[(f"{m:%b %Y}", m) for m in self.months],
                index=(0, self._default_end()),
                description="Months",
                continuous_update=False,
                style=narrow,
                layout=w.Layout(width="460px"),
            ),
        }
        self._status = w.HTML(layout=w.Layout(min_width="180px"))
        self._message = w.HTML()
        self._tiles = w.HTML(layout=w.Layout(width="100%"))
        grid = "repeat(auto-fill, minmax(340px, 1fr))"
        self._trend_images = {
            k: w.Image(format="svg+xml", layout=w.Layout(width="100%", height="auto", margin="0"))
            for k in TREND_KPIS
        }
        self._trends = w.GridBox(
            list(self._trend_images.values()),
            layout=w.Layout(grid_template_columns=grid, grid_gap="8px 16px"),
        )
        self._mix_images = {
            k: w.Image(format="svg+xml", layout=w.Layout(width="100%", height="auto", margin="0"))
            for k in ("channel", "location")
        }
        self._mix = w.GridBox(
            list(self._mix_images.values()),
            layout=w.Layout(grid_template_columns=grid, grid_gap="8px 16px"),
        )
        self._cohorts = w.HTML(layout=w.Layout(width="100%"))
        self._align = w.HTML(layout=w.Layout(width="100%"))
        self._whatif = w.VBox()
        self._whatif_image = w.Image(format="svg+xml", layout=w.Layout(width="100%"))
        self._whatif_image.layout.max_width = "760px"
        self._trends_note = w.HTML()

        def h2(text: str):
            return w.HTML(f'<div class="smb-h2">{html.escape(text)}</div>')

        header = w.HTML(
            _CSS + '<div class="smb-dash">'
            f"<h1>{html.escape(_say(name))}: performance dashboard</h1>"
            f'<div class="smb-muted">Data: {html.escape(_say(origin))}. '
            f"{html.escape(refund_basis_sentence(self.basis, read))} "
            "Tiles show the last month of the selected months; the revenue mix and "
            "cohorts cover the selected months.</div></div>"
        )
        filters = w.HBox(
            [*self.controls.values(), self._status],
            layout=w.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 12px"),
        )
        self._body = w.VBox(
            [
                h2("Key figures"),
                self._tiles,
                h2("Trends by month"),
                self._trends_note,
                self._trends,
                h2("Revenue mix"),
                self._mix,
                h2("Customer cohorts: share still buying"),
                self._cohorts,
                h2("Which marketing metrics lead sales (whole business, by week)"),
                self._align,
                h2("What if: the net revenue target"),
                self._whatif,
            ]
        )
        self.widget = w.VBox(
            [header, filters, self._message, self._body],
            layout=w.Layout(padding="0 12px", max_width="1400px"),
        )
        self.widget.add_class("smb-dash")
        self.widget.dashboard = self
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    # ------------------------------------------------------------------ selection

    def _default_end(self) -> int:
        """The latest whole month (the last month is often still running)."""
        last = self.orders["date"].max()
        month_end = self.months[-1] + pd.offsets.MonthEnd(0)
        whole = last.normalize() >= month_end.normalize()
        return len(self.months) - 1 if whole or len(self.months) == 1 else len(self.months) - 2

    def select(self, *, location=None, channel=None, months=None) -> str:
        """Set several filters at once and update once; return the sentence shown ("" if fine).

        An unknown location, channel or month is not applied: the dashboard says which
        values exist, in a sentence, and keeps the current view.
        """
        wanted = {"location": location, "channel": channel}
        for key, value in wanted.items():
            if value is None:
                continue
            valid = [v for _, v in self.controls[key].options]
            if value not in valid:
                names = ", ".join(label for label, _ in self.controls[key].options)
                return self._show_message(
                    f"There is no {key} {value!r} in these data; choose one of: {names}."
                )
        if months is not None:
            try:
                start, end = (pd.Timestamp(m).to_period("M").to_timestamp() for m in months)
            except (TypeError, ValueError):
                return self._show_message(
                    f"The months must be a pair of dates such as ('2024-01', '2024-12'), "
                    f"not {months!r}."
                )
            if start not in self.months or end not in self.months or start > end:
                return self._show_message(
                    f"The months must run forward within {self.months[0]:%b %Y} to "
                    f"{self.months[-1]:%b %Y}; {start:%b %Y} to {end:%b %Y} is outside that."
                )
        self._hold = True
        try:
            for key, value in wanted.items():
                if value is not None:
                    self.controls[key].value = value
            if months is not None:
                self.controls["months"].value = (start, end)
        finally:
            self._hold = False
        self.update()
        return self.message

    def _on_change(self, _change=None) -> None:
        if not self._hold:
            self.update()

    def _show_message(self, text: str) -> str:
        self.message = _say(text)
        self._message.value = f'<div class="smb-message">{html.escape(self.message)}</div>'
        return self.message

    def _clear_message(self) -> None:
        self.message = ""
        self._message.value = ""

    def update(self) -> None:
        """Re-run every panel for the current filters; problems become one sentence."""
        start = time.perf_counter()
        self._status.value = (
            '<span class="smb-busy"><span class="smb-spin"></span> Updating…</span>'
        )
        try:
            self._refresh()
        except SmbkitError as exc:
            self._show_empty(f"This selection cannot be shown: {exc}")
        except Exception as exc:  # a bug: say so plainly, keep the page
            self._show_empty(
                "Something went wrong while updating the dashboard, so its panels are "
                "hidden. Try another selection; if it happens again, tell your consultant "
                f"({type(exc).__name__}: {exc})."
            )
        finally:
            self.seconds = time.perf_counter() - start
            self._status.value = ""

    def _show_empty(self, text: str) -> None:
        self.tiles = pd.DataFrame()
        self._show_message(text)
        self._body.layout.display = "none"

    # ------------------------------------------------------------------ computing

    def _rows(self, location: str, channel: str) -> dict[str, pd.DataFrame]:
        orders = self.tables["orders"]
        mask = pd.Series(True, index=orders.index)
        if location != ALL:
            mask &= orders["location"].astype("str") == location
        if channel != ALL:
            mask &= orders["channel"].astype("str") == channel
        rows = orders[mask] if location != ALL or channel != ALL else orders
        tables = {"orders": rows}
        refunds = self.tables.get("refunds")
        if refunds is not None:
            kept = pd.Index(rows["order_id"].unique())
            tables["refunds"] = refunds[kept.get_indexer(refunds["order_id"]) >= 0]
        return tables

    def _kpis(self, location: str, channel: str):
        """KPI values of one location and channel, all months (cached)."""
        key = ("kpis", location, channel)
        if key not in self._cache:
            from smbkit import kpis

            tables = self._rows(location, channel)
            frames, skipped = [], []
            try:
                frames = [
                    kpis.compute(
                        tables,
                        kpis=list(TILE_KPIS),
                        freq=FREQ,
                        currency=self.currency,
                        refund_basis=self.basis,
                    )
                ]
            except DataError:  # one KPI's data is unusable: keep the others
                for kpi in TILE_KPIS:
                    try:
                        frames.append(
                            kpis.compute(
                                tables,
                                kpis=[kpi],
                                freq=FREQ,
                                currency=self.currency,
                                refund_basis=self.basis,
                            )
                        )
                    except DataError:
                        skipped.append(self.catalog.at[kpi, "label"])
            if not frames:
                raise DataError("no KPI can be computed from these orders")
            kv = pd.concat(frames, ignore_index=True)
            self._cache[key] = (tables, kv, skipped)
        return self._cache[key]

    def _segment_revenue(self, location, channel, col, value) -> pd.DataFrame:
        key = ("mix", location, channel, col, value)
        if key not in self._cache:
            from smbkit import kpis

            tables = self._rows(location, channel)
            rows = tables["orders"]
            part = {"orders": rows[rows[col].astype("str") == value]}
            if "refunds" in tables:
                kept = pd.Index(part["orders"]["order_id"].unique())
                part["refunds"] = tables["refunds"][
                    kept.get_indexer(tables["refunds"]["order_id"]) >= 0
                ]
            self._cache[key] = kpis.compute(
                part, kpis=["revenue"], freq=FREQ, currency=self.currency, refund_basis=self.basis
            )
        return self._cache[key]

    def _refresh(self) -> None:
        location = self.controls["location"].value
        channel = self.controls["channel"].value
        first, last = self.controls["months"].value
        first, last = pd.Timestamp(first), pd.Timestamp(last)
        tables = self._rows(location, channel)
        self.orders = tables["orders"]
        where = self._describe(location, channel)
        span = f"{first:%b %Y} to {last:%b %Y}"
        in_range = self.orders[
            (self.orders["date"] >= first) & (self.orders["date"] < last + pd.DateOffset(months=1))
        ]
        if self.orders.empty:
            self._show_empty(
                f"There are no orders for {where}: choose another location or channel."
            )
            return
        if in_range.empty:
            self._show_empty(
                f"There are no orders for {where} from {span}: choose other months, or another "
                "location or channel."
            )
            return
        tables, kv, skipped = self._kpis(location, channel)
        self._draw_tiles(kv, last, skipped)
        self._draw_trends(kv, first, last)
        self._draw_mix(location, channel, first, last)
        self._draw_cohorts(tables, first, last)
        self._draw_alignment()
        self._draw_whatif(kv, last)
        self._clear_message()
        self._body.layout.display = None

    def _describe(self, location: str, channel: str) -> str:
        from smbkit.report.sections import plain_label

        parts = []
        if location != ALL:
            parts.append(plain_label(location))
        if channel != ALL:
            parts.append(f"the {plain_label(channel)} channel")
        return " in ".join(reversed(parts)) if parts else "the whole business"

    # ------------------------------------------------------------------ panels

    def _draw_tiles(self, kv: pd.DataFrame, period: pd.Timestamp, skipped) -> None:
        from smbkit.plots import STATUS_COLOURS
        from smbkit.report.sections import fmt_value, scorecard_section

        chosen = [k for k in TILE_KPIS if k in set(kv["kpi"])]
        row = kv[(kv["kpi"] == "revenue") & (kv["period"] == period)]
        partial = bool(row["partial"].iloc[0]) if len(row) else False
        section, card = scorecard_section(
            kv,
            chosen,
            period,
            partial,
            FREQ,
            self.targets,
            self.growth,
            self.catalog,
            self.currency,
            list(skipped),
        )
        before = period - pd.DateOffset(months=1)
        year_ago = period - pd.DateOffset(months=12)
        records, cells = [], []
        for r, c in zip(section["rows"], card.itertuples(index=False), strict=True):
            s = kv[kv["kpi"] == r["kpi"]].set_index("period")["value"]
            value = float(s.get(period, float("nan")))
            previous = float(s.get(before, float("nan")))
            polarity = self.catalog.at[r["kpi"], "polarity"]
            unit = self.catalog.at[r["kpi"], "unit"]
            ch_prev = _change(value, previous)
            ch_year = _change(value, float(c.same_period_last_year))
            records.append(
                {
                    "kpi": r["kpi"],
                    "label": r["label"],
                    "period": period,
                    "value": value,
                    "unit": unit.replace("USD", self.currency),
                    "previous": previous,
                    "year_ago": float(c.same_period_last_year),
                    "change_previous": ch_prev,
                    "change_year": ch_year,
                    "target": float(c.target),
                    "status": r["status"],
                }
            )

            def tone(change, polarity=polarity):
                if not _finite(change) or change == 0:
                    return "tone-neutral"
                return "tone-good" if (change > 0) == (polarity == "higher") else "tone-bad"

            colour = STATUS_COLOURS.get(r["status"], "#e0e0e0")
            target = (
                f' <span class="num target">target {html.escape(r["target"])}</span>'
                if r["target"] not in {"–", ""}
                else ""
            )
            trend = r["trend"]
            cells.append(
                f'<div class="smb-tile" data-kpi="{r["kpi"]}" style="border-top-color:{colour}">'
                f'<div class="label">{html.escape(r["label"])}</div>'
                f'<div class="value">{html.escape(fmt_value(value, unit, self.currency))}</div>'
                f'<div class="status"><span style="background:{colour};padding:0 .35rem;'
                f'border-radius:3px">{html.escape(r["status"])}</span>{target}</div>'
                f'<div class="line">vs {before:%b %Y}: <span class="{tone(ch_prev)}">'
                f"{_signed_pct(ch_prev)}</span></div>"
                f'<div class="line">vs {year_ago:%b %Y}: <span class="{tone(ch_year)}">'
                f"{_signed_pct(ch_year)}</span></div>"
                f'<div class="line">12-month trend: <span class="tone-{trend["tone"]}">'
                f"{trend['arrow']} {html.escape(trend['verdict'] or trend['movement'])}"
                "</span></div></div>"
            )
        self.tiles = pd.DataFrame(records)
        note = (
            f'<div class="smb-muted">Left out (the data cannot support them): '
            f"{html.escape(', '.join(skipped))}.</div>"
            if skipped
            else ""
        )
        when = f"{period:%B %Y}" + (" (not yet complete)" if partial else "")
        self._tiles.value = (
            f'<div class="smb-muted">{html.escape(when)} for '
            f"{html.escape(self._describe(self.controls['location'].value, self.controls['channel'].value))}. "
            "Targets: yours where set, otherwise the same month last year "
            f"{100 * self.growth:.0f} % better.</div>"
            f'<div class="smb-tiles">{"".join(cells)}</div>{note}'
        )

    def _figure(self, width=4.4, height=2.8):
        from matplotlib.figure import Figure

        return Figure(figsize=(width, height))

    def _draw_trends(self, kv, first, last) -> None:
        import matplotlib
        import matplotlib.dates as mdates

        from smbkit.plots import kpi_trend, set_theme

        shown = kv[(kv["period"] >= first) & (kv["period"] <= last)]
        notes = []
        with matplotlib.rc_context():
            set_theme("notebook")
            matplotlib.rcParams.update(
                {"axes.titlesize": 12, "axes.labelsize": 10.5, "xtick.labelsize": 9.5}
            )
            matplotlib.rcParams.update({"ytick.labelsize": 9.5})
            for kpi, image in self._trend_images.items():
                data = shown[(shown["kpi"] == kpi) & ~shown["partial"] & shown["value"].notna()]
                if len(data) < 2 or kpi not in set(kv["kpi"]):
                    image.layout.display = "none"
                    notes.append(self.catalog.at[kpi, "label"])
                    continue
                image.layout.display = None
                key = ("trend", id(kv), kpi, first, last)  # kv is cached: its id is stable
                if key in self._cache:
                    image.value = self._cache[key]
                    continue
                fig = self._figure()
                ax = fig.add_subplot()
                kpi_trend(data, kpi, ax=ax)
                label = self.catalog.at[kpi, "label"]
                ax.set_title(f"{label} by month")
                ax.set_xlabel("Month")
                locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
                locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
                ax.xaxis.set_major_locator(locator)
                ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
                # fixed margins: as tight as tight_layout here, without its extra draw
                fig.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.21)
                image.value = self._cache[key] = _svg(fig)
        self._trends_note.value = (
            f'<div class="smb-muted">Not drawn (fewer than two whole months in the selection): '
            f"{html.escape(', '.join(notes))}.</div>"
            if notes
            else '<div class="smb-muted">Whole months only: a month still running is left '
            "out, so it does not look like a collapse.</div>"
        )

    def _draw_mix(self, location, channel, first, last) -> None:
        import matplotlib
        import matplotlib.ticker
        import seaborn as sns

        from smbkit.plots import set_theme
        from smbkit.report.sections import fmt_money, plain_label

        orders = self.tables["orders"]
        span = f"{first:%b %Y}–{last:%b %Y}"
        for col, image in self._mix_images.items():
            if col not in orders.columns or not orders[col].notna().any():
                image.layout.display = "none"
                continue
            rows = self._rows(location, channel)["orders"]
            values = sorted(str(v) for v in rows[col].dropna().unique())
            totals = {}
            for value in values:
                kv = self._segment_revenue(location, channel, col, value)
                inside = kv[(kv["period"] >= first) & (kv["period"] <= last)]
                totals[plain_label(value)] = float(inside["value"].sum())
            mix = pd.Series(totals).sort_values(ascending=False)
            if mix.empty:
                image.layout.display = "none"
                continue
            image.layout.display = None
            total = float(mix.sum())
            with matplotlib.rc_context():
                set_theme("notebook")
                matplotlib.rcParams.update(
                    {"axes.titlesize": 12, "axes.labelsize": 10.5, "xtick.labelsize": 9.5}
                )
                fig = self._figure(height=1.5 + 0.42 * len(mix))
                ax = fig.add_subplot()
                frame = mix.rename_axis("name").reset_index(name="amount")
                sns.barplot(data=frame, y="name", x="amount", color="#0072b2", ax=ax)
                ax.set_title(f"Net revenue by {col}\n{span}")
                ax.set_ylabel("")
                big = mix.max() >= 10_000
                scale, word = (1000, f"thousand {self.currency}") if big else (1, self.currency)
                ax.set_xlabel(f"Net revenue ({word})")
                ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
                ax.xaxis.set_major_formatter(
                    matplotlib.ticker.FuncFormatter(lambda v, _p, s=scale: f"{v / s:,.0f}")
                )
                ax.set_xlim(0, max(float(mix.max()), 1.0) * 1.9)  # room for the labels
                for i, amount in enumerate(mix):
                    share = f"{100 * amount / total:.0f} %" if total else "–"
                    ax.text(
                        amount,
                        i,
                        f" {fmt_money(amount, self.currency)} ({share})",
                        va="center",
                        fontsize=9.5,
                    )
                fig.tight_layout(pad=0.5)
                image.value = _svg(fig)

    def _draw_cohorts(self, tables, first, last) -> None:
        from smbkit.report.sections import cohort_section

        rows = tables["orders"]
        upto = rows[rows["date"] < last + pd.DateOffset(months=1)]
        section, _table = cohort_section({"orders": upto}, last, FREQ, True)
        if not section["available"]:
            self._cohorts.value = (
                f'<div class="smb-muted">No cohort view: {html.escape(section["reason"])}.</div>'
            )
            return
        head = "".join(f"<th>{a}</th>" for a in section["ages"])
        body = []
        for r in section["rows"]:
            cells = "".join(
                f'<td style="background:{c["colour"]}">{html.escape(c["text"])}</td>'
                for c in r["cells"]
            )
            body.append(
                f"<tr><th>{html.escape(r['cohort'])}</th>"
                f'<td class="num">{html.escape(r["customers"])}</td>{cells}</tr>'
            )
        note = (
            " Only part of revenue has a customer id, so read these as a sample."
            if section["low_coverage"]
            else ""
        )
        self._cohorts.value = (
            '<div class="smb-muted">Customers grouped by the month of their first order '
            "(latest 12 cohorts up to the last selected month); each cell is the share who "
            f"bought again that many months later. On average {section['average_next']} buy "
            f"again the next month; {section['coverage']} of revenue is tied to a customer."
            f"{note}</div>"
            '<div class="smb-wrap"><table class="smb-table smb-cohort">'
            f"<thead><tr><th>first order</th><th>customers</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )

    def _draw_alignment(self) -> None:
        if self._alignment is None:  # whole business, slow: once per dashboard
            from smbkit.report.sections import alignment_section

            section, _table = alignment_section(self.tables)
            self._alignment = section
        section = self._alignment
        if not section["available"]:
            self._align.value = f'<div class="smb-muted">No alignment check: {html.escape(section["reason"])}.</div>'
            return
        lead = ", ".join(section["leading"]) or "none"
        body = "".join(
            f"<tr><td>{html.escape(r['metric'])}</td><td>{html.escape(r['verdict'])}</td>"
            f'<td class="num">{html.escape(r["lag"])}</td><td>{html.escape(r["confidence"])}'
            f"</td><td>{html.escape(r['explanation'])}</td></tr>"
            for r in section["rows"]
        )
        self._align.value = (
            f'<div class="smb-muted">Over {section["weeks"]} weeks of the whole business '
            "(marketing is not recorded by location or channel). Leading indicators, which "
            f"move before sales do: <b>{html.escape(lead)}</b>.</div>"
            '<div class="smb-wrap"><table class="smb-table"><thead><tr><th>metric</th>'
            "<th>verdict</th><th>lead (weeks)</th><th>confidence</th><th>why</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )

    def _draw_whatif(self, kv, last) -> None:
        from smbkit.widgets import target_whatif

        s = kv[(kv["kpi"] == "revenue") & ~kv["partial"] & (kv["period"] <= last)]
        s = s[s["value"].notna()]
        if len(s) < 2:
            self._whatif.children = [
                self._html_muted("The what-if needs at least two whole months of net revenue.")
            ]
            return
        history = pd.DataFrame({"period": s["period"], "Net revenue": s["value"]})
        view = target_whatif(
            history, kpi="Net revenue", date="period", unit=self.currency, deadline_months=12
        )
        view.image.layout.display = "none"  # shown sharper below, as SVG
        for control in view.controls.values():
            control.style.description_width = "170px"

        def sharpen(_change=None, view=view):
            self._whatif_image.value = _svg(view.figure)

        view.image.observe(sharpen, names="value")
        sharpen()
        self._whatif_view = view
        self._whatif.children = [
            self._html_muted(
                "Move the target and deadline: the growth a month they need, against the "
                "current trend."
            ),
            view.widget,
            self._whatif_image,
        ]

    def _html_muted(self, text):
        import ipywidgets as w

        return w.HTML(f'<div class="smb-muted">{html.escape(text)}</div>')


# --------------------------------------------------------------------------- builders


def build(tables=None, *, read=None, targets=None, growth: float = 0.05):
    """Build the client dashboard: KPI tiles, trends, mix, cohorts, alignment and a what-if.

    Parameters
    ----------
    tables : Mapping of str to DataFrame, optional
        Canonical tables (``orders`` at least; ``marketing`` for the alignment check), e.g.
        ``smbkit.datasets.load("daily_crumb")`` (the default).
    read : smbkit.io.ReadResult, optional
        Orders read from a client's exports (:func:`smbkit.io.read_orders`); instead of
        ``tables``.
    targets : mapping, optional
        KPI id -> target for the month shown (a number in the KPI's unit) or a
        :class:`smbkit.targets.Goal`; other KPIs get "the same month last year, ``growth``
        better".
    growth : float, default 0.05

    Returns
    -------
    ipywidgets.VBox
        The page. ``widget.dashboard`` is the :class:`Dashboard` (``.controls``,
        ``.tiles``, ``.message``, ``.select(...)``).

    Raises
    ------
    SmbkitError
        Both ``tables`` and ``read`` given, or no orders table.
    DataError
        Orders without dates.

    Notes
    -----
    A filter change keeps the orders of the chosen location and channel and calls
    :func:`smbkit.kpis.compute` on them (cached per location and channel); the tiles are
    the report's scorecard (:func:`smbkit.targets.scorecard`) for the last selected month.
    The alignment check (:func:`smbkit.analysis.alignment_report`) runs once, on the whole
    business.
    """
    return _build(tables, read=read, targets=targets, growth=growth, files=None)


def _build(tables, *, read, targets, growth, files):
    if tables is not None and read is not None:
        raise SmbkitError("build: pass `tables` or `read`, not both")
    name, origin = "Your business", "your tables"
    if read is not None:
        tables = {"orders": read.data}
        if getattr(read, "refunds", None) is not None:
            tables["refunds"] = read.refunds
        origin = f"{files or 'an export'}, read as {read.source}"
        name = "Your shop"
    elif tables is None:
        from smbkit import datasets

        tables = datasets.load("daily_crumb")
    if not isinstance(tables, Mapping):
        raise SmbkitError(
            "build: `tables` must map table names to DataFrames (e.g. "
            f"smbkit.datasets.load('daily_crumb')), got {type(tables).__name__}"
        )
    title = getattr(tables, "title", None)
    if title:
        name, origin = title, f"the bundled example dataset {title} (synthetic data)"
    view = Dashboard(
        dict(tables), read=read, origin=origin, name=name, targets=targets, growth=growth
    )
    return view.widget


def from_environment():
    """Build the dashboard for the notebook: exports named by ``SMBKIT_DATA``, else the bakery.

    Never raises: a problem (an unreadable export, say) is shown as one paragraph in
    place of the dashboard, so a client never sees a traceback.

    Returns
    -------
    ipywidgets.Widget
    """
    import ipywidgets as w

    paths = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    try:
        if paths:
            from smbkit.io import read_orders

            read = read_orders([Path(p) for p in paths])
            names = ", ".join(Path(p).name for p in paths)
            return _build(None, read=read, targets=None, growth=0.05, files=names)
        return build()
    except (SmbkitError, OSError) as exc:
        text = f"The dashboard could not be built: {exc}"
    except Exception as exc:  # a bug; the page still says something useful
        text = (
            "The dashboard could not be built because of a problem in smbkit; please "
            f"report it ({type(exc).__name__}: {exc})."
        )
    return w.HTML(_CSS + f'<div class="smb-message">{html.escape(_say(text))}</div>')
