"""parse_datetimes refuses implausible dates in every format it reads.

No test depends on today's date beyond what stays true for decades: the far-future cases are
computed from today, and ``'99`` stays a future two-digit year until 2099.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from smbkit import DataError
from smbkit.io import read_ga4
from smbkit.io._dates import PLAUSIBLE_DATES, DateWindow, parse_datetimes


def parse(*cells: str, **kwargs):
    values = pd.Series(list(cells), dtype="str")
    rows = pd.Series(range(2, 2 + len(cells)))
    kwargs.setdefault("tz", "UTC")
    return parse_datetimes(
        values, func="read_orders", file="f.csv", column="Date", rows=rows, **kwargs
    )


def test_window_is_one_documented_constant():
    assert PLAUSIBLE_DATES == DateWindow(earliest_year=1970, years_ahead=10)
    assert PLAUSIBLE_DATES.latest_year(today=date(2030, 6, 1)) == 2040
    assert PLAUSIBLE_DATES.latest_year() == date.today().year + 10


@pytest.mark.parametrize(
    ("good", "value", "dayfirst"),
    [
        ("2024-03-05", "0001-01-01", None),  # ISO
        ("2024-03-05", "1900-01-01 00:00:00", None),
        ("2024-03-05T10:00:00Z", "9999-12-31T23:59:59Z", None),
        ("2024-03-05 10:00:00", "0000-00-00 00:00:00", None),  # MySQL / WooCommerce "no date"
        ("03/05/2024", "12/30/1899", False),  # slashed (Excel's day zero)
        ("05.03.2024", "31.12.9999", True),
        ("05 Mar 2024", "01 Jan 0001", None),  # text month
        ("05 March 2024", "31 December 9999", None),
        ("20240305", "19000101", None),  # compact, as GA4 writes
    ],
)
def test_placeholder_years_are_refused_in_every_format(good, value, dayfirst):
    with pytest.raises(
        DataError,
        match=rf"read_orders: f.csv row 3, column 'Date': '{value}' is not a plausible date "
        r"\(a placeholder that systems write for 'no date'; dates are read from 1970 to "
        r"\d{4}, 1 such cells\). Enter the real date in the source system",
    ):
        parse(good, value, dayfirst=dayfirst)


def test_before_1970_and_far_future():
    with pytest.raises(DataError, match=r"'1969-12-31' is not a plausible date \(before 1970;"):
        parse("1970-01-01", "1969-12-31")
    ahead = date.today().year + PLAUSIBLE_DATES.years_ahead
    with pytest.raises(
        DataError,
        match=rf"row 2, column 'Date': '{ahead + 1}0101' is not a plausible date \(more than 10 "
        rf"years ahead; dates are read from 1970 to {ahead}, 2 such cells\)",
    ):
        parse(f"{ahead + 1}0101", "20240101", f"{ahead + 2}0101")
    edges = parse("1970-01-01", f"{ahead}-12-31").values
    assert edges.tolist() == [pd.Timestamp("1970-01-01"), pd.Timestamp(f"{ahead}-12-31")]


def test_two_digit_years_in_the_future_are_refused():
    with pytest.raises(
        DataError,
        match=r"f.csv row 3, column 'Date': '12/31/99' has a 2-digit year, which would be 2099, "
        r"in the future \(1 such cells\); the century cannot be guessed. Export the file with "
        r"four-digit years",
    ):
        parse("01/15/24", "12/31/99", dayfirst=False)
    with pytest.raises(DataError, match=r"'31/12/99 10:00' has a 2-digit year, which would be"):
        parse("31/12/99 10:00")  # day first, with a time
    past = parse("01/15/24", "12/31/23", dayfirst=False).values
    assert past.tolist() == [pd.Timestamp("2024-01-15"), pd.Timestamp("2023-12-31")]


def test_implausible_year_is_named_before_the_day_month_question():
    # 01/01/1900 and 02/03/2024 could be read either way; the placeholder is the real problem
    with pytest.raises(DataError, match=r"'01/01/1900' is not a plausible date \(a placeholder"):
        parse("02/03/2024", "01/01/1900")


def test_no_cells_give_no_dates():
    empty = parse_datetimes(
        pd.Series([], dtype="str"),
        func="read_ga4",
        file="f.csv",
        column="Date",
        rows=pd.Series([], dtype="int64"),
        tz="local",
    )
    assert empty.values.dtype == "datetime64[us]" and len(empty.values) == 0
    assert empty.warnings == []


def test_a_reader_refuses_a_placeholder_date(tmp_path):
    path = tmp_path / "ga4_daily.csv"
    path.write_text(
        "# Start date: 20260501\n# End date: 20260502\nDate,Sessions,Key events\n"
        "20260501,120,3\n19000101,95,2\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DataError,
        match=r"read_ga4: ga4_daily.csv row 5, column 'Date': '19000101' is not a plausible",
    ):
        read_ga4(path)
