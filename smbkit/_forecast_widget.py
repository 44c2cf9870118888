"""The forecast explorer widget (re-exported by :mod:`smbkit.widgets`).

A thin view over :func:`smbkit.forecast.forecast` and :func:`smbkit.forecast.backtest`:
pick a model, a horizon and an interval level; see the fan chart, the numbers, and whether
the model beat the seasonal naive forecast when it was tested on the past.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from smbkit import forecast as fc_mod
from smbkit._errors import SmbkitError
from smbkit._validation import check_option
from smbkit._widget_common import fmt_amount, png_bytes

__all__ = ["LEVELS", "ForecastExplorer", "forecast_explorer"]

#: Interval levels offered by the explorer.
LEVELS = (0.5, 0.8, 0.9, 0.95)
_LABELS = {
    "naive": "Naive (last value)",
    "seasonal_naive": "Seasonal naive (same season last cycle)",
    "drift": "Drift (last value + average change)",
    "ses": "Simple exponential smoothing",
    "ets": "Exponential smoothing with trend and season (ETS)",
    "sarimax": "Seasonal ARIMA (airline model)",
}


class ForecastExplorer:
    """The view returned by :func:`forecast_explorer`.

    Attributes
    ----------
    controls : dict
        ``"model"`` (Dropdown of model ids), ``"horizon"`` (IntSlider, periods) and
        ``"level"`` (Dropdown of interval levels).
    result : DataFrame
        The last forecast (``date, forecast, lower, upper`` with ``.attrs``), from
        :func:`smbkit.forecast.forecast`.
    backtest : smbkit.forecast.Backtest or None
        The last back-test of the chosen model against the benchmark at the chosen horizon
        (None when the history is too short for it; ``backtest_note`` says why).
    summary : ipywidgets.HTML
        The numbers shown under the controls.
    figure : matplotlib.figure.Figure
        The fan chart, redrawn on every change.
    widget : ipywidgets.VBox
        The whole view (displaying this object displays it).
    """

    def __init__(
        self,
        series,
        *,
        unit,
        origins,
        history_periods,
        seasonal_periods,
        seed,
        controls,
        summary,
        image,
        widget,
        figure,
    ):
        self._series = series
        self.unit = unit
        self.origins = origins
        self.history_periods = history_periods
        self.seasonal_periods = seasonal_periods
        self.seed = seed
        self.controls = controls
        self.summary = summary
        self.image = image
        self.widget = widget
        self.figure = figure
        self.result: pd.DataFrame | None = None
        self.backtest: fc_mod.Backtest | None = None
        self.backtest_note = ""
        self._cache: dict[tuple, fc_mod.Backtest | str] = {}
        for w in controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def compute(self) -> pd.DataFrame:
        """Forecast with the controls' current values (no back-test, no drawing)."""
        c = self.controls
        return fc_mod.forecast(
            self._series,
            horizon=int(c["horizon"].value),
            model=c["model"].value,
            level=float(c["level"].value),
            seasonal_periods=self.seasonal_periods,
            seed=self.seed,
        )

    def run_backtest(self) -> fc_mod.Backtest | str:
        """Back-test the chosen model at the chosen horizon (cached); a reason if impossible."""
        c = self.controls
        key = (c["model"].value, int(c["horizon"].value), float(c["level"].value))
        if key not in self._cache:
            try:
                self._cache[key] = fc_mod.backtest(
                    self._series,
                    horizon=key[1],
                    origins=self.origins,
                    models=[key[0]],
                    seasonal_periods=self.seasonal_periods,
                    level=key[2],
                    seed=self.seed,
                )
            except SmbkitError as exc:  # too little history for this horizon: say so
                self._cache[key] = str(exc)
        return self._cache[key]

    def update(self) -> None:
        """Recompute the forecast and back-test, rewrite the summary, redraw the chart."""
        self.result = self.compute()
        bt = self.run_backtest()
        if isinstance(bt, str):
            self.backtest, self.backtest_note = None, bt
        else:
            self.backtest, self.backtest_note = bt, ""
        self.summary.value = self._summary_html()
        self._draw()

    def _summary_html(self) -> str:
        fc, u = self.result, self.unit
        a = fc.attrs
        name = self._series.name if self._series.name is not None else "value"
        last = fc.iloc[-1]
        steps = {12: "months", 4: "quarters", 52: "weeks", 7: "days"}.get(
            fc_mod._period_of(self._series.index.freq), "periods"
        )
        text = (
            f"<b>{html.escape(a['spec'])}</b> forecast of {html.escape(str(name))} for "
            f"{last['date']:%b %Y} ({len(fc)} {steps} ahead): "
            f"<b>{fmt_amount(float(last['forecast']), u)}</b>, {a['level']:.0%} interval "
            f"{fmt_amount(float(last['lower']), u)} to {fmt_amount(float(last['upper']), u)}.<br>"
            f"Total over the {len(fc)} {steps}: {fmt_amount(float(fc['forecast'].sum()), u)}. "
            f"Interval method: {html.escape(a['interval_method'])}."
        )
        bt = self.backtest
        if bt is None:
            text += f"<br>Back-test not possible: {html.escape(self.backtest_note)}"
        else:
            s = bt.summary.set_index("model")
            model = a["model"]
            row = s.loc[model]
            head = (
                f"<br>Back-test ({len(bt.origins)} origins, {bt.horizon} {steps} ahead): "
                f"MASE {row['mase']:.2f}, MAE {fmt_amount(float(row['mae']), u)}, "
                f"interval coverage {row['coverage']:.0%} (aim: {bt.level:.0%})."
            )
            if model == bt.benchmark:
                verdict = " This is the benchmark: the bar the other models must beat."
            else:
                bench = s.loc[bt.benchmark, "mase"]
                beats = bt.beats_benchmark(model)
                word = "beats" if beats else "does <b>not</b> beat"
                verdict = (
                    f" It {word} the {bt.benchmark.replace('_', ' ')} benchmark (MASE {bench:.2f})."
                )
            text += head + verdict
        warned = a["warnings"] + (bt.warnings if bt is not None else ())
        if warned:
            text += f"<br><i>The optimiser reported: {html.escape(warned[0])}</i>"
        return text

    def _draw(self) -> None:
        from smbkit.plots._forecast import plot_forecast

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        history = self._series.iloc[-self.history_periods :]
        plot_forecast(history, self.result, ax=ax, unit=self.unit)
        fig.autofmt_xdate()
        fig.subplots_adjust(left=0.12, right=0.98, top=0.9, bottom=0.2)
        self.image.value = png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def forecast_explorer(
    series: pd.Series,
    *,
    horizon: int = 12,
    model: str = "ets",
    level: float = 0.9,
    models: Sequence[str] = fc_mod.MODELS,
    origins: int = 3,
    unit: str | None = None,
    history_periods: int = 36,
    seasonal_periods: int | None = None,
    seed: int = 0,
) -> ForecastExplorer:
    """Build a forecast explorer: choose a model, a horizon and a level; see the fan chart.

    Parameters
    ----------
    series : Series
        The history, as for :func:`smbkit.forecast.forecast` (e.g. monthly revenue).
    horizon : int, default 12
        The starting horizon, in periods (the slider runs from 1 to at least 24).
    model : str, default "ets"
        The starting model, one of ``models``.
    level : float, default 0.9
        The starting interval level, one of :data:`LEVELS`.
    models : sequence of str, default all of :data:`smbkit.forecast.MODELS`
        The models offered.
    origins : int, default 3
        Back-test origins (see :func:`smbkit.forecast.backtest`); few keep it quick.
    unit : str, optional
        The values' unit for labels (e.g. "USD").
    history_periods : int, default 36
        How many recent periods of history the chart shows.
    seasonal_periods : int, optional
        As for :func:`smbkit.forecast.forecast`.
    seed : int, default 0
        As for :func:`smbkit.forecast.forecast`.

    Returns
    -------
    ForecastExplorer
        ``.controls`` (``model``, ``horizon``, ``level``), ``.result`` (the forecast
        table), ``.backtest`` (:class:`smbkit.forecast.Backtest` or None), ``.summary``
        (HTML), ``.figure``.

    Raises
    ------
    SmbkitError, DataError
        For an unknown model or level, a bad number, or a series :func:`forecast` refuses.

    Notes
    -----
    Every number shown comes from :func:`smbkit.forecast.forecast` and
    :func:`smbkit.forecast.backtest`; the widget only reads its controls.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.widgets import forecast_explorer
    >>> y = pd.Series([10.0, 12, 11, 13, 14, 13, 15, 16],
    ...               index=pd.date_range("2025-01-01", periods=8, freq="MS"))
    >>> ui = forecast_explorer(y, model="naive", horizon=2, models=["naive", "drift"])
    >>> ui.result["forecast"].tolist()
    [16.0, 16.0]
    >>> ui.controls["model"].value = "drift"
    >>> ui.result["forecast"].round(2).tolist()
    [16.86, 17.71]
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    func = "forecast_explorer"
    models = [models] if isinstance(models, str) else list(dict.fromkeys(models))
    if not models:
        raise SmbkitError(f"{func}: `models` is empty; offer at least one of {fc_mod.MODELS!r}")
    for m in models:
        check_option(func, "models", m, fc_mod.MODELS)
    check_option(func, "model", model, models)
    check_option(func, "level", level, LEVELS)
    for arg, v, least in (
        ("horizon", horizon, 1),
        ("origins", origins, 1),
        ("history_periods", history_periods, 1),
    ):
        fc_mod._whole(func, arg, v, least)
    series = fc_mod._series(func, series)
    style = {"description_width": "120px"}
    layout = w.Layout(width="560px")
    controls = {
        "model": w.Dropdown(
            options=[(_LABELS[m], m) for m in models],
            value=model,
            description="Model",
            style=style,
            layout=layout,
        ),
        "horizon": w.IntSlider(
            value=int(horizon),
            min=1,
            max=max(24, int(horizon)),
            description="Horizon (periods)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "level": w.Dropdown(
            options=[(f"{lv:.0%}", lv) for lv in LEVELS],
            value=level,
            description="Interval",
            style=style,
            layout=layout,
        ),
    }
    summary = w.HTML()
    image = w.Image(format="png")
    box = w.VBox([*controls.values(), summary, image])
    return ForecastExplorer(
        series,
        unit=unit,
        origins=int(origins),
        history_periods=int(history_periods),
        seasonal_periods=seasonal_periods,
        seed=int(seed),
        controls=controls,
        summary=summary,
        image=image,
        widget=box,
        figure=Figure(figsize=(8, 3.8)),
    )
