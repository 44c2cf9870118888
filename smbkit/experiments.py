"""A/B tests: is variant B really better than A, and how many people does a test need?

An **A/B test** sends two versions of something (an e-mail, a web page, an offer) to two
randomly chosen groups and compares a yes/no outcome (opened, clicked, bought). Because
the groups are random, a difference bigger than chance can be credited to the version.

- :func:`ab_test` compares the two groups with a two-proportion z-test and gives the
  difference with a confidence interval, the relative lift and a plain-language verdict;
- :func:`sample_size` says how many people each group needs before the test starts;
- :func:`power` says how likely a test of a given size is to detect a given lift, and
  :func:`detectable_effect` the smallest lift a test of a given size can reliably detect.

statsmodels does the statistics (imported inside the functions).

>>> from smbkit import experiments
>>> experiments.sample_size(0.02, 0.006).n_control
9758
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest, describe_rows, require_columns

__all__ = [
    "ALTERNATIVES",
    "ABTest",
    "SampleSize",
    "ab_test",
    "detectable_effect",
    "power",
    "sample_size",
]

#: The alternative hypotheses: a difference either way, treatment above control, below.
ALTERNATIVES = ("two-sided", "larger", "smaller")


@dataclass(frozen=True)
class ABTest:
    """The result of :func:`ab_test`.

    Attributes
    ----------
    variants : DataFrame
        One row per variant, control first: ``variant, n, conversions, rate, ci_low,
        ci_high`` (rates as fractions; Wilson interval at level 1 - alpha).
    control, treatment : object
        The two variant labels.
    outcome : str
        The outcome column tested.
    control_rate, treatment_rate : float
        Share of each group with the outcome (fractions, 0.021 = 2.1 %).
    difference : float
        ``treatment_rate - control_rate`` (a fraction: 0.005 = 0.5 percentage points).
    ci_low, ci_high : float
        Confidence interval of the difference (Newcomb's hybrid score interval); one
        bound is infinite for a one-sided alternative.
    relative_lift : float
        ``difference / control_rate`` (NaN, with a note, when the control rate is 0).
    z, p_value : float
        The pooled two-proportion z statistic and its p-value (NaN, with a note, when
        every unit in both groups has the same outcome).
    alpha : float
        Significance level.
    alternative : str
        ``"two-sided"``, ``"larger"`` (treatment above control) or ``"smaller"``.
    significant : bool
        ``p_value < alpha``.
    verdict : str
        The result in plain language.
    note : str
        Caveats ("" when none).
    """

    variants: pd.DataFrame
    control: object
    treatment: object
    outcome: str
    control_rate: float
    treatment_rate: float
    difference: float
    ci_low: float
    ci_high: float
    relative_lift: float
    z: float
    p_value: float
    alpha: float
    alternative: str
    significant: bool
    verdict: str
    note: str


@dataclass(frozen=True)
class SampleSize:
    """The result of :func:`sample_size`.

    Attributes
    ----------
    n_control, n_treatment : int
        People needed in each group (rounded up).
    total : int
        ``n_control + n_treatment``.
    baseline_rate, target_rate : float
        The control group's expected rate and the rate to detect (fractions).
    effect_size : float
        Cohen's h of the two rates.
    alpha, power, ratio : float
        The inputs: significance level, power, and treatment size / control size.
    alternative : str
        The alternative hypothesis.
    """

    n_control: int
    n_treatment: int
    total: int
    baseline_rate: float
    target_rate: float
    effect_size: float
    alpha: float
    power: float
    ratio: float
    alternative: str


# ------------------------------------------------------------------------- helpers
def _fraction(func: str, arg: str, value: object, *, open_low=True, open_high=True) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed") from exc
    low_ok = x > 0 if open_low else x >= 0
    high_ok = x < 1 if open_high else x <= 1
    if not (math.isfinite(x) and low_ok and high_ok):
        lo, hi = ("(0" if open_low else "[0"), ("1)" if open_high else "1]")
        raise SmbkitError(
            f"{func}: `{arg}` must be a fraction in {lo}, {hi}, but {value!r} was passed "
            "(write 2 % as 0.02)"
        )
    return x


def _positive(func: str, arg: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed") from exc
    if not (math.isfinite(x) and x > 0):
        raise SmbkitError(f"{func}: `{arg}` must be a positive number, but {value!r} was passed")
    return x


def _cohen_h(func: str, baseline_rate, minimum_detectable_effect, alternative):
    """Validate planning inputs and return (baseline, target, Cohen's h)."""
    p1 = _fraction(func, "baseline_rate", baseline_rate)
    try:
        mde = float(minimum_detectable_effect)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `minimum_detectable_effect` must be a number, but "
            f"{minimum_detectable_effect!r} was passed"
        ) from exc
    if not math.isfinite(mde) or mde == 0:
        raise SmbkitError(
            f"{func}: `minimum_detectable_effect` must be a non-zero difference in rates "
            f"(0.005 = half a percentage point), but {minimum_detectable_effect!r} was passed"
        )
    p2 = p1 + mde
    if not 0 < p2 < 1:
        raise SmbkitError(
            f"{func}: baseline_rate + minimum_detectable_effect = {p2:g} is not a rate in "
            "(0, 1); the effect is an absolute difference (0.005 = half a point), not a "
            "relative lift"
        )
    check_option(func, "alternative", alternative, ALTERNATIVES)
    if (alternative == "larger" and mde < 0) or (alternative == "smaller" and mde > 0):
        raise SmbkitError(
            f"{func}: alternative={alternative!r} tests for a "
            f"{'rise' if alternative == 'larger' else 'fall'}, but minimum_detectable_effect "
            f"is {mde:g}; flip its sign or use alternative='two-sided'"
        )
    from statsmodels.stats.proportion import proportion_effectsize

    return p1, p2, float(proportion_effectsize(p2, p1))


# ------------------------------------------------------------------------ planning
def sample_size(
    baseline_rate: float,
    minimum_detectable_effect: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> SampleSize:
    """Return how many people each group of an A/B test needs.

    Parameters
    ----------
    baseline_rate : float
        The control group's expected rate, as a fraction (0.02 for 2 % of recipients
        buying), e.g. from past sends.
    minimum_detectable_effect : float
        The smallest *absolute* change in the rate worth detecting (0.006 = 0.6
        percentage points, from 2.0 % to 2.6 %). For a relative lift of 30 % pass
        ``0.3 * baseline_rate``.
    alpha : float, default 0.05
        Significance level: the chance of calling a difference when there is none.
    power : float, default 0.8
        The chance of detecting the effect if it is real (must exceed ``alpha``).
    ratio : float, default 1.0
        Treatment group size / control group size.
    alternative : {"two-sided", "larger", "smaller"}, default "two-sided"
        "larger" plans a one-sided test that the treatment's rate is higher.

    Returns
    -------
    SampleSize
        ``n_control``, ``n_treatment`` and ``total`` (rounded up) with the inputs and
        the effect size.

    Raises
    ------
    SmbkitError
        If a rate is not a fraction in (0, 1), the effect is zero or pushes the rate out
        of (0, 1), ``power <= alpha``, ``ratio <= 0``, the alternative is unknown or
        its direction contradicts the effect's sign.

    See Also
    --------
    power, detectable_effect, ab_test

    Notes
    -----
    The rates are compared on the arcsine scale (Cohen's h), where the variance of an
    observed rate is about :math:`1/n` whatever the rate:

    .. math::

        h = 2\\arcsin\\sqrt{p_2} - 2\\arcsin\\sqrt{p_1}, \\qquad
        n_\\text{control} = \\Big(\\frac{z_{1-\\alpha/2} + z_{1-\\beta}}{h}\\Big)^2
        \\Big(1 + \\frac{1}{\\text{ratio}}\\Big),

    with :math:`z_{1-\\alpha}` instead of :math:`z_{1-\\alpha/2}` for a one-sided test
    (statsmodels ``NormalIndPower`` solves the exact two-tailed version). Business
    meaning: decide the size *before* the test and stop there; a test too small for the
    effect you care about will often miss it.

    Examples
    --------
    >>> plan = sample_size(0.02, 0.006)          # detect 2.0 % -> 2.6 %
    >>> plan.n_control, plan.n_treatment, plan.total
    (9758, 9758, 19516)
    >>> sample_size(0.02, 0.006, alternative="larger").n_control   # one-sided: fewer
    7686
    """
    func = "sample_size"
    p1, p2, h = _cohen_h(func, baseline_rate, minimum_detectable_effect, alternative)
    a = _fraction(func, "alpha", alpha)
    pw = _fraction(func, "power", power)
    r = _positive(func, "ratio", ratio)
    if pw <= a:
        raise SmbkitError(
            f"{func}: `power` ({pw:g}) must exceed `alpha` ({a:g}); 0.8 is the usual choice"
        )
    from statsmodels.stats.power import NormalIndPower

    n1 = float(
        NormalIndPower().solve_power(
            effect_size=h, nobs1=None, alpha=a, power=pw, ratio=r, alternative=alternative
        )
    )
    n_c = math.ceil(n1 - 1e-9)
    n_t = math.ceil(n1 * r - 1e-9)
    return SampleSize(
        n_control=n_c,
        n_treatment=n_t,
        total=n_c + n_t,
        baseline_rate=p1,
        target_rate=p2,
        effect_size=h,
        alpha=a,
        power=pw,
        ratio=r,
        alternative=alternative,
    )


def power(
    baseline_rate: float,
    minimum_detectable_effect: float,
    n_control: float,
    *,
    alpha: float = 0.05,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Return the chance that an A/B test of a given size detects a given effect.

    Parameters
    ----------
    baseline_rate : float
        The control group's rate (fraction).
    minimum_detectable_effect : float
        The true absolute difference in rates to detect (0.006 = 0.6 points).
    n_control : float
        People in the control group (the treatment group has ``ratio`` times as many).
    alpha : float, default 0.05
    ratio : float, default 1.0
    alternative : {"two-sided", "larger", "smaller"}, default "two-sided"

    Returns
    -------
    float
        Power, between ``alpha`` (or ``alpha/2`` one-sided toward the wrong tail) and 1.

    Raises
    ------
    SmbkitError
        As :func:`sample_size`, or if ``n_control`` is not a positive number.

    See Also
    --------
    sample_size

    Notes
    -----
    With Cohen's h as in :func:`sample_size` and :math:`n_e = n/(1 + 1/\\text{ratio})`,
    a two-sided test has

    .. math::

        \\text{power} = \\Phi\\big(|h|\\sqrt{n_e} - z_{1-\\alpha/2}\\big)
        + \\Phi\\big(-|h|\\sqrt{n_e} - z_{1-\\alpha/2}\\big).

    Business meaning: a test with power 0.5 is a coin toss: half the time it misses a
    lift that is really there.

    Examples
    --------
    >>> round(power(0.02, 0.006, 9758), 3)
    0.8
    >>> round(power(0.02, 0.006, 3000), 2)      # a third of the size: mostly misses it
    0.34
    """
    func = "power"
    _, _, h = _cohen_h(func, baseline_rate, minimum_detectable_effect, alternative)
    n = _positive(func, "n_control", n_control)
    a = _fraction(func, "alpha", alpha)
    r = _positive(func, "ratio", ratio)
    from statsmodels.stats.power import NormalIndPower

    return float(
        NormalIndPower().power(effect_size=h, nobs1=n, alpha=a, ratio=r, alternative=alternative)
    )


def detectable_effect(
    baseline_rate: float,
    n_control: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: str = "two-sided",
) -> float:
    """Return the smallest rise in the rate a test of this size detects with this power.

    Parameters
    ----------
    baseline_rate : float
        The control group's rate (fraction).
    n_control : float
        People in the control group.
    alpha, power, ratio, alternative
        As in :func:`sample_size` (``"smaller"`` returns the smallest detectable fall,
        a negative number).

    Returns
    -------
    float
        The minimum detectable effect as an absolute difference in rates.

    Raises
    ------
    SmbkitError
        For a rate outside (0, 1), ``power <= alpha``, a non-positive size or ratio, or
        an unknown alternative.

    Notes
    -----
    Solves :func:`power` for Cohen's h, then turns h back into a rate:
    :math:`p_2 = \\sin^2(\\arcsin\\sqrt{p_1} + h/2)`.

    Examples
    --------
    >>> round(detectable_effect(0.02, 9758), 4)     # the inverse of sample_size
    0.006
    """
    func = "detectable_effect"
    p1 = _fraction(func, "baseline_rate", baseline_rate)
    n = _positive(func, "n_control", n_control)
    a = _fraction(func, "alpha", alpha)
    pw = _fraction(func, "power", power)
    r = _positive(func, "ratio", ratio)
    check_option(func, "alternative", alternative, ALTERNATIVES)
    if pw <= a:
        raise SmbkitError(f"{func}: `power` ({pw:g}) must exceed `alpha` ({a:g})")
    from statsmodels.stats.power import NormalIndPower

    h = abs(
        float(
            NormalIndPower().solve_power(
                effect_size=None,
                nobs1=n,
                alpha=a,
                power=pw,
                ratio=r,
                alternative="larger" if alternative != "two-sided" else "two-sided",
            )
        )
    )
    sign = -1.0 if alternative == "smaller" else 1.0
    angle = math.asin(math.sqrt(p1)) + sign * h / 2
    angle = min(max(angle, 0.0), math.pi / 2)
    return math.sin(angle) ** 2 - p1


# ------------------------------------------------------------------------ analysis
def _binary(func: str, data: pd.DataFrame, outcome: str) -> np.ndarray:
    col = data[outcome]
    missing = col.isna().to_numpy()
    if missing.any():
        raise DataError(
            describe_rows(
                func,
                f"have no {outcome!r} outcome",
                int(missing.sum()),
                len(data),
                int(np.argmax(missing)),
                fix="drop them or record them as 0 (no)",
            )
        )
    try:
        values = col.astype(float).to_numpy()
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"{func}: column {outcome!r} (outcome=) must hold yes/no values (True/False or "
            f"1/0), but has {col.iloc[0]!r}"
        ) from exc
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        i = int(np.argmax(bad))
        first = col.iloc[i]
        raise DataError(
            describe_rows(
                func,
                f"have a value of {outcome!r} that is not yes/no (True/False or 1/0)",
                int(bad.sum()),
                len(data),
                i,
                first.item() if hasattr(first, "item") else first,
                "an A/B test of amounts (e.g. revenue) needs a test of means, not proportions",
            )
        )
    return values


def _pts(x: float) -> str:
    return f"{100 * x:+.2f}"


def _verdict(r: dict) -> str:
    t, c = r["treatment"], r["control"]
    lift = f", {r['relative_lift']:+.0%}" if math.isfinite(r["relative_lift"]) else ""
    rates = (
        f"{r['outcome']}: {t} {r['treatment_rate']:.2%} vs {c} {r['control_rate']:.2%} "
        f"({_pts(r['difference'])} points{lift})"
    )
    if not math.isfinite(r["p_value"]):
        return f"Nothing to test on {rates}: every unit had the same outcome."
    level = f"{1 - r['alpha']:.0%}"
    lo, hi = r["ci_low"], r["ci_high"]
    if math.isinf(lo):
        interval = f"at most {_pts(hi)} points ({level} confidence bound)"
    elif math.isinf(hi):
        interval = f"at least {_pts(lo)} points ({level} confidence bound)"
    else:
        interval = f"between {_pts(lo)} and {_pts(hi)} points ({level} confidence interval)"
    p = f"p = {r['p_value']:.3g}"
    if r["significant"]:
        head = f"{t} {'beats' if r['difference'] > 0 else 'does worse than'} {c}"
        return (
            f"{head} on {rates}. A difference this large would be unlikely if the variants "
            f"were equal ({p} < {r['alpha']:g}); the true difference is probably {interval}."
        )
    if r["alternative"] == "two-sided":
        head = f"No clear winner on {rates}"
    else:
        word = "beats" if r["alternative"] == "larger" else "does worse than"
        head = f"No clear evidence that {t} {word} {c} on {rates}"
    return (
        f"{head}: a difference this size could be chance ({p} >= {r['alpha']:g}). The true "
        f"difference is probably {interval}, so an effect of that size is not ruled out; "
        "a bigger test would narrow it down."
    )


def ab_test(
    data: pd.DataFrame,
    *,
    variant: str = "variant",
    outcome: str = "converted",
    control: object = "A",
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> ABTest:
    """Compare two variants' rates of a yes/no outcome: test, interval, lift and verdict.

    Parameters
    ----------
    data : DataFrame
        One row per unit that got a variant (a recipient, a visitor), with the variant
        and a yes/no outcome.
    variant : str, default "variant"
        Column naming each row's variant; it must hold exactly two labels.
    outcome : str, default "converted"
        Column of the outcome: booleans or 1/0 (e.g. ``opened``, ``clicked``,
        ``converted``).
    control : default "A"
        The control variant's label; the other label is the treatment.
    alpha : float, default 0.05
        Significance level.
    alternative : {"two-sided", "larger", "smaller"}, default "two-sided"
        "larger" asks only whether the treatment's rate is *higher* (decide this before
        looking at the data).

    Returns
    -------
    ABTest
        Per-variant table, difference (treatment - control) with its confidence interval,
        relative lift, z, p-value, ``significant``, a plain-language ``verdict`` and a
        ``note``.

    Raises
    ------
    DataError
        If a column is missing, the variant column does not hold exactly two labels or
        has missing values, or the outcome is missing or not yes/no.
    SmbkitError
        If ``control`` is not one of the labels, ``alpha`` is not in (0, 1) or the
        alternative is unknown.

    See Also
    --------
    sample_size, power

    Notes
    -----
    With :math:`x_i` conversions out of :math:`n_i` in the treatment (1) and control
    (0), :math:`\\hat p_i = x_i/n_i` and the pooled rate
    :math:`\\bar p = (x_0 + x_1)/(n_0 + n_1)`, the two-proportion z-test
    (statsmodels ``proportions_ztest``) uses

    .. math::

        z = \\frac{\\hat p_1 - \\hat p_0}
        {\\sqrt{\\bar p (1 - \\bar p)\\,(1/n_0 + 1/n_1)}},

    with the p-value from the standard normal distribution. The interval for
    :math:`p_1 - p_0` is Newcomb's hybrid score interval (statsmodels
    ``confint_proportions_2indep(method="newcomb")``), which behaves well for the small
    rates of e-mail and web tests; the relative lift is
    :math:`(\\hat p_1 - \\hat p_0)/\\hat p_0`. In rare borderline cases the interval and
    the test disagree about 0; the ``note`` then says so. Business meaning: a
    "significant" result says the lift is unlikely to be chance; the interval says how
    big it plausibly is, which is what a roll-out decision needs.

    Examples
    --------
    >>> test = pd.DataFrame({"variant": ["A"] * 1000 + ["B"] * 1000,
    ...                      "converted": [1] * 20 + [0] * 980 + [1] * 38 + [0] * 962})
    >>> result = ab_test(test)
    >>> round(result.difference, 3), round(result.p_value, 3), result.significant
    (0.018, 0.016, True)
    >>> result.verdict[:61]
    'B beats A on converted: B 3.80% vs A 2.00% (+1.80 points, +90'
    """
    func = "ab_test"
    if not isinstance(data, pd.DataFrame):
        raise SmbkitError(f"{func}: `data` must be a DataFrame, got {type(data).__name__}")
    require_columns(func, list(data.columns), variant=variant, outcome=outcome)
    check_option(func, "alternative", alternative, ALTERNATIVES)
    a = _fraction(func, "alpha", alpha)
    labels_missing = data[variant].isna().to_numpy()
    if labels_missing.any():
        raise DataError(
            describe_rows(
                func,
                f"have no variant ({variant!r})",
                int(labels_missing.sum()),
                len(data),
                int(np.argmax(labels_missing)),
                fix="drop units that were never assigned",
            )
        )
    labels = list(pd.unique(data[variant]))
    if len(labels) != 2:
        raise DataError(
            f"{func}: column {variant!r} (variant=) must hold exactly two variants, but has "
            f"{len(labels)}: {labels[:6]!r}; filter the data to the two you want to compare"
        )
    if control not in labels:
        hint = closest(str(control), [str(v) for v in labels])
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        raise SmbkitError(
            f"{func}: `control` must be one of the variants {labels!r}, but {control!r} was "
            f"passed.{tail}"
        )
    treatment = labels[1] if labels[0] == control else labels[0]
    y = _binary(func, data, outcome)
    groups = data[variant].to_numpy()
    is_t = groups == treatment
    n1, n0 = int(is_t.sum()), int((~is_t).sum())
    x1, x0 = int(y[is_t].sum()), int(y[~is_t].sum())
    p1, p0 = x1 / n1, x0 / n0

    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        proportion_confint,
        proportions_ztest,
    )

    notes = []
    pooled = (x0 + x1) / (n0 + n1)
    if pooled in (0.0, 1.0):
        z = p_value = math.nan
        notes.append(f"every unit has {outcome} = {int(pooled)}, so there is no variation to test")
    else:
        z, p_value = (
            float(v) for v in proportions_ztest([x1, x0], [n1, n0], alternative=alternative)
        )
    two_sided = alternative == "two-sided"
    lo, hi = confint_proportions_2indep(
        x1, n1, x0, n0, method="newcomb", compare="diff", alpha=a if two_sided else 2 * a
    )
    lo, hi = float(lo), float(hi)
    if alternative == "larger":
        hi = math.inf
    elif alternative == "smaller":
        lo = -math.inf
    if p0 == 0:
        lift = math.nan
        notes.append("the control rate is 0, so a relative lift is undefined")
    else:
        lift = (p1 - p0) / p0
    significant = bool(math.isfinite(p_value) and p_value < a)
    if math.isfinite(p_value) and significant != (lo > 0 or hi < 0):
        notes.append(
            "borderline: the test and the interval disagree about whether the difference "
            "could be 0; treat the result as inconclusive"
        )
    ci_g = [proportion_confint(x, n, alpha=a, method="wilson") for x, n in ((x0, n0), (x1, n1))]
    table = pd.DataFrame(
        {
            "variant": [control, treatment],
            "n": [n0, n1],
            "conversions": [x0, x1],
            "rate": [p0, p1],
            "ci_low": [float(c[0]) for c in ci_g],
            "ci_high": [float(c[1]) for c in ci_g],
        }
    )
    fields = dict(
        control=control,
        treatment=treatment,
        outcome=outcome,
        control_rate=p0,
        treatment_rate=p1,
        difference=p1 - p0,
        ci_low=lo,
        ci_high=hi,
        relative_lift=lift,
        z=z,
        p_value=p_value,
        alpha=a,
        alternative=alternative,
        significant=significant,
    )
    return ABTest(variants=table, verdict=_verdict(fields), note="; ".join(notes), **fields)
