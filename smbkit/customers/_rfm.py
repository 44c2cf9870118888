"""RFM: recency, frequency and monetary value per customer, scored 1-5, with named segments."""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError
from smbkit.customers._cohorts import load_segmented, segment_columns
from smbkit.customers._common import day_after, load_table, no_customers, timestamp
from smbkit.kpis._engine import to_frame

__all__ = ["SEGMENTS", "rfm", "rfm_segments", "score"]

#: Segment rules on the recency score R and the frequency score F (both 1-5), in the
#: order they are shown. Every (R, F) pair falls in exactly one segment (a test checks).
#: (segment, R scores, F scores, who they are, what to do)
_RULES = (
    (
        "Champions",
        (4, 5),
        (4, 5),
        "bought recently and buy often",
        "thank and reward them; ask for reviews and referrals; no discounts needed",
    ),
    (
        "Loyal",
        (3,),
        (4, 5),
        "buy often, but not in the last little while",
        "keep them close: loyalty perks, early access, a personal note",
    ),
    (
        "Potential loyalists",
        (3, 4, 5),
        (2, 3),
        "recent customers with a few purchases",
        "build the habit: a membership, a bundle, a reason to come back soon",
    ),
    (
        "New customers",
        (4, 5),
        (1,),
        "first purchase was recent",
        "welcome them; make the second purchase easy (the hardest one to win)",
    ),
    (
        "Need attention",
        (3,),
        (1,),
        "one purchase, a while ago",
        "a reminder with something new before they forget the business",
    ),
    (
        "At risk",
        (1, 2),
        (3, 4, 5),
        "used to buy often, have not bought for a long time",
        "win them back personally: ask what changed, make a strong offer",
    ),
    (
        "Hibernating",
        (2,),
        (1, 2),
        "few purchases, long ago",
        "low-cost reminders only; do not spend much",
    ),
    (
        "Lost",
        (1,),
        (1, 2),
        "few purchases, longest ago",
        "leave them out of paid campaigns; learn why they left",
    ),
)

#: Segment names in display order.
SEGMENTS: tuple[str, ...] = tuple(rule[0] for rule in _RULES)

#: _SEGMENT_CODE[r, f] is the index in SEGMENTS of the segment of scores (r, f).
_SEGMENT_CODE = np.full((6, 6), -1, dtype="int64")
for _code, _rule in enumerate(_RULES):
    for _r in _rule[1]:
        for _f in _rule[2]:
            _SEGMENT_CODE[_r, _f] = _code


def rfm_segments() -> pd.DataFrame:
    """Return the segment rules of :func:`rfm`: which R and F scores make each segment.

    Returns
    -------
    DataFrame
        One row per segment, in display order: ``segment``, ``r_scores`` and ``f_scores``
        (the recency and frequency scores, 1-5, it covers, as text), ``who`` (a
        description) and ``action`` (a typical way to target it).

    Examples
    --------
    >>> from smbkit.customers import rfm_segments
    >>> rfm_segments().loc[0, ["segment", "r_scores", "f_scores"]].tolist()
    ['Champions', '4-5', '4-5']
    """

    def _span(scores: tuple[int, ...]) -> str:
        return str(scores[0]) if len(scores) == 1 else f"{scores[0]}-{scores[-1]}"

    return pd.DataFrame(
        [
            {"segment": s, "r_scores": _span(r), "f_scores": _span(f), "who": w, "action": a}
            for s, r, f, w, a in _RULES
        ]
    ).astype("string")


def score(values, *, higher_is_better: bool = True) -> np.ndarray:
    """Score values 1-5 by the share of customers they beat.

    Parameters
    ----------
    values : array-like of float
        One value per customer (no missing values).
    higher_is_better : bool, default True
        False for recency in days, where fewer days since the last purchase is better.

    Returns
    -------
    numpy.ndarray of int64
        ``1 + floor(5 * b / n)``, with ``b`` the number of customers strictly worse and
        ``n`` the number of customers: between 1 and 5; equal values get equal scores, the
        worst value scores 1, and a better value never scores lower.

    Notes
    -----
    .. math:: s_i = 1 + \\left\\lfloor 5 \\, \\frac{|\\{j : v_j \\text{ worse than } v_i\\}|}{n}
              \\right\\rfloor

    Quintile scores, written so that ties cannot be split by row order: when half the
    customers bought once, they all score 1 for frequency, and the next score starts
    above them.

    Examples
    --------
    >>> from smbkit.customers import score
    >>> score([1, 1, 1, 2, 5]).tolist()
    [1, 1, 1, 4, 5]
    >>> score([3, 30, 300], higher_is_better=False).tolist()
    [4, 2, 1]
    """
    v = np.asarray(values, dtype="float64")
    if v.ndim != 1 or np.isnan(v).any():
        raise SmbkitError(
            "score: `values` must be a one-dimensional array of numbers without missing values"
        )
    n = len(v)
    if n == 0:
        return np.array([], dtype="int64")
    ordered = np.sort(v)
    if higher_is_better:
        worse = np.searchsorted(ordered, v, side="left")  # strictly smaller
    else:
        worse = n - np.searchsorted(ordered, v, side="right")  # strictly larger
    return (1 + (5 * worse) // n).astype("int64")


def rfm(
    transactions,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    monetary: str = "revenue",
    as_of=None,
    by=None,
) -> pd.DataFrame:
    """Compute recency, frequency and monetary value per customer, their 1-5 scores and segment.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction or order (pandas or polars DataFrame, polars LazyFrame or
        DuckDB relation). Rows without a customer id (guests) are left out.
    customer_id, date : str
        Columns with the customer id and the transaction's date.
    monetary : str, default "revenue"
        Column with the transaction's value (0 or more), in the data's currency.
    as_of : date, optional
        The day the analysis is made: recency is counted back from it and later
        transactions are ignored. Default: the last date in the data.
    by : str or list of str, optional
        Segment column(s) (``"location"``, ``"channel"``, a client...): recency,
        frequency and money are measured on each customer's transactions *in the
        segment*, and scored against the other customers of the same segment. A customer
        who buys in two shops has a row in each; a missing segment value is a segment of
        its own.

    Returns
    -------
    DataFrame
        One row per customer, sorted by id: ``customer_id``, ``recency_days`` (days from
        the last purchase to ``as_of``), ``frequency`` (number of transactions),
        ``monetary`` (total value), ``r_score``, ``f_score``, ``m_score`` (1-5, 5 best;
        see :func:`score`), ``rfm_score`` (the three scores as text, e.g. ``"545"``) and
        ``segment`` (categorical, in the order of :func:`rfm_segments`). With ``by``: the
        ``by`` columns come first, one row per segment and customer, sorted by segment (a
        missing value last), then id.

    Raises
    ------
    SmbkitError
        If ``as_of`` cannot be read or is before the first transaction.
    DataError
        If a column is missing, a date is missing or unreadable, a value is missing or
        negative, or no row has a customer id.

    Notes
    -----
    Each measure is scored against the other customers (:func:`score`): 5 means better
    than at least 80 % of customers. The segment depends on R and F only (M follows F
    closely in most businesses and is kept as a score for targeting within a segment):

    ======================  ===========  ===========
    segment                 R scores     F scores
    ======================  ===========  ===========
    Champions               4-5          4-5
    Loyal                   3            4-5
    Potential loyalists     3-5          2-3
    New customers           4-5          1
    Need attention          3            1
    At risk                 1-2          3-5
    Hibernating             2            1-2
    Lost                    1            1-2
    ======================  ===========  ===========

    Business meaning: **segmentation and targeting**. Not every customer deserves the
    same message or the same spend; RFM sorts them by what they have actually done.

    See Also
    --------
    rfm_segments : the rules above, with a suggested action for each segment.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import rfm
    >>> t = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b", "c", "d", "d", "e", "e", "e", "e"],
    ...     "date": pd.to_datetime(["2024-01-02", "2024-02-01", "2024-03-30", "2024-01-10",
    ...                             "2024-03-25", "2024-02-10", "2024-03-01", "2024-01-03",
    ...                             "2024-01-05", "2024-01-10", "2024-01-12"]),
    ...     "revenue": [20.0, 25.0, 30.0, 15.0, 40.0, 10.0, 12.0, 30.0, 30.0, 30.0, 30.0]})
    >>> rfm(t)[["customer_id", "recency_days", "frequency", "rfm_score", "segment"]]
      customer_id  recency_days  frequency rfm_score              segment
    0           a             0          3       544            Champions
    1           b            80          1       111                 Lost
    2           c             5          1       413        New customers
    3           d            29          2       332  Potential loyalists
    4           e            78          4       255              At risk

    Per shop, each customer scored against the shop's other customers:

    >>> t["shop"] = ["x", "y", "x", "x", "x", "y", "y", "y", "y", "y", "y"]
    >>> rfm(t, by="shop")[["shop", "customer_id", "recency_days", "frequency", "monetary"]]
      shop customer_id  recency_days  frequency  monetary
    0    x           a             0          2      50.0
    1    x           b            80          1      15.0
    2    x           c             5          1      40.0
    3    y           a            58          1      25.0
    4    y           d            29          2      22.0
    5    y           e            78          4     120.0
    """
    func = "rfm"
    cutoff = timestamp(func, "as_of", as_of)
    reserved = {
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "r_score",
        "f_score",
        "m_score",
        "rfm_score",
        "segment",
    }
    by = segment_columns(func, transactions, "transactions", by, reserved)
    checks = dict(
        table="transactions",
        customer=customer_id,
        date=date,
        value=monetary,
        value_problem="have a negative value",
        value_fix="a purchase is worth 0 or more; record returns in a separate table",
    )
    if by:
        src = load_segmented(func, transactions, by=by, **checks)
    else:
        src = load_table(func, transactions, **checks)
    if cutoff is None:
        cutoff = src.last_day
    if cutoff < src.first_day:
        raise SmbkitError(
            f"{func}: `as_of` {cutoff.date()} is before the first transaction "
            f"({src.first_day.date()}); there is nothing to score"
        )
    known = src.lf.filter(~nw.col("customer").is_null(), nw.col("date") < day_after(cutoff))
    keys = [f"__seg{i}" for i in range(len(by))]
    table = to_frame(
        known.group_by(*keys, "customer").agg(
            nw.col("date").max().alias("last"),
            nw.len().alias("frequency"),
            nw.col("value").sum().alias("monetary"),
        )
    )
    if table.empty:
        raise no_customers(func, "transactions", customer_id)
    for key in keys:
        if pd.api.types.is_object_dtype(table[key]) or pd.api.types.is_string_dtype(table[key]):
            table[key] = table[key].astype("str")
    order = [*keys, "customer"]
    table = table.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)
    last = pd.to_datetime(table["last"]).astype("datetime64[ns]").dt.normalize()
    recency = ((cutoff - last) // pd.Timedelta(days=1)).to_numpy(dtype="int64")
    frequency = table["frequency"].to_numpy(dtype="int64")
    monetary_total = table["monetary"].to_numpy(dtype="float64")
    if keys:
        # Each customer is scored against the other customers of her segment.
        groups = table.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        r, f, m = (np.zeros(len(table), dtype="int64") for _ in range(3))
        for g in np.unique(groups):
            rows = groups == g
            r[rows] = score(recency[rows], higher_is_better=False)
            f[rows] = score(frequency[rows])
            m[rows] = score(monetary_total[rows])
    else:
        r = score(recency, higher_is_better=False)
        f = score(frequency)
        m = score(monetary_total)
    return pd.DataFrame(
        {
            **{column: table[key] for key, column in zip(keys, by, strict=True)},
            "customer_id": table["customer"],
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary_total,
            "r_score": r,
            "f_score": f,
            "m_score": m,
            "rfm_score": pd.Series(100 * r + 10 * f + m).astype("string"),
            "segment": pd.Categorical.from_codes(_SEGMENT_CODE[r, f], categories=list(SEGMENTS)),
        }
    )
