"""Property tests for the money parser and pseudonymize."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.io import parse_money, pseudonymize, read_orders
from smbkit.io._money import format_money, parse_money_column
from smbkit.io._privacy import normalize_ids

IO = Path(__file__).resolve().parent / "fixtures" / "io"

cents = st.integers(min_value=-(10**11), max_value=10**11)


@settings(max_examples=200, deadline=None)
@given(cents, st.booleans(), st.sampled_from(["$", "€", "£", ""]))
def test_format_then_parse_round_trips(c, parentheses, symbol):
    value = c / 100
    text = format_money(value, symbol=symbol, parentheses=parentheses)
    assert parse_money(text) == pytest.approx(value, abs=1e-9)
    assert parse_money(text + "  ") == parse_money(text)  # trailing spaces (Excel)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_parentheses_mean_negative(c):
    body = f"{c / 100:,.2f}"
    assert parse_money(f"({body})") == -parse_money(body) < 0
    assert parse_money(f"$({body})") == parse_money(f"-${body}") == parse_money(f"({body})")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**10))
def test_decimal_comma_round_trips(c):
    dotted = f"{c / 100:,.2f}"
    comma = dotted.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_money(comma, decimal=",") == parse_money(dotted)


def test_known_formats():
    # DATA_INTAKE.md's examples
    assert parse_money("$1,234.50") == 1234.5
    assert parse_money("(45.00)") == -45.0
    assert parse_money("$(250.00)") == -250.0
    assert parse_money("-$0.95") == -0.95
    assert parse_money("$1,149.00 ") == 1149.0
    assert parse_money("1.234,56", decimal=",") == 1234.56
    for bad in ("N/A", "12.5%", "", "1,23.4"):
        with pytest.raises(ValueError, match="cannot read"):
            parse_money(bad)


def test_column_decides_once():
    rows = pd.Series([2, 3, 4])
    col = parse_money_column(
        pd.Series(["0,25", "1.234,00", ""]), func="f", file="a.csv", column="Fee", rows=rows
    )
    assert col.decimal == "," and col.values.tolist()[:2] == [0.25, 1234.0]
    assert pd.isna(col.values.iloc[2])  # blank stays missing
    with pytest.raises(DataError, match=r"f: a.csv row 3, column 'Fee': cannot read 'x1'"):
        parse_money_column(
            pd.Series(["1", "x1"]), func="f", file="a.csv", column="Fee", rows=pd.Series([2, 3])
        )


KEY = "correct horse battery staple"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.emails(), min_size=1, max_size=30, unique_by=str.lower))
def test_pseudonymize_is_deterministic_and_injective(emails):
    df = pd.DataFrame({"email": emails})
    one = pseudonymize(df, ["email"], key=KEY)
    two = pseudonymize(df.iloc[::-1], ["email"], key=KEY).iloc[::-1]
    assert one["email"].tolist() == two["email"].tolist()  # stable across calls and order
    assert one["email"].nunique() == len(emails)  # distinct addresses in, distinct out
    other = pseudonymize(df, ["email"], key=KEY + "!")
    assert (one["email"] != other["email"]).all()
    assert one["email"].str.fullmatch(r"anon_[0-9a-f]{16}").all()
    assert df["email"].tolist() == emails  # input not mutated


def test_pseudonymize_missing_and_errors():
    df = pd.DataFrame({"email": ["ana@example.com", None], "n": [1, 2]})
    out = pseudonymize(df, ["email"], key=KEY)
    assert out["email"].isna().tolist() == [False, True]
    assert out["n"].tolist() == [1, 2]
    with pytest.raises(SmbkitError, match=r"pseudonymize: key has 5 characters; use a secret"):
        pseudonymize(df, ["email"], key="short")
    with pytest.raises(SmbkitError, match=r"pseudonymize: key has 0 characters"):
        pseudonymize(df, ["email"], key="")
    with pytest.raises(DataError, match=r"pseudonymize: column 'mail' \(column=\) is not in"):
        pseudonymize(df, ["mail"], key=KEY)


PADDING = st.text(alphabet=" \t\n\u00a0\u3000\u2003", max_size=3)


@settings(max_examples=100, deadline=None)
@given(st.integers(-(2**53), 2**53), PADDING, PADDING)
def test_the_same_id_gets_the_same_pseudonym_whatever_its_dtype(n, left, right):
    frame = pd.DataFrame(
        {
            "int": pd.Series([n, None], dtype="Int64"),
            "float": [float(n), np.nan],  # a gap in the column makes pandas read floats
            "text": pd.Series([str(n), None], dtype="str"),
            "padded": [f"{left}{n}{right}", None],  # object column, spaces from Excel
            "numpy": pd.Series([np.int64(n), pd.NA], dtype=object),
        }
    )
    out = pseudonymize(frame, list(frame.columns), key=KEY)
    assert set(out.iloc[0]) == {out.iloc[0, 0]}  # one pseudonym across all five dtypes
    assert out.iloc[0, 0].startswith("anon_")
    assert out.iloc[1].isna().all()  # missing stays missing, in every dtype
    assert pseudonymize(pd.DataFrame({"x": [n]}), ["x"], key=KEY).iloc[0, 0] == out.iloc[0, 0]


def test_different_ids_stay_different():
    frame = pd.DataFrame({"id": ["1001", "1001.5", "01001", "cus_AbC", "cus_abc", 1001.5]})
    out = pseudonymize(frame, ["id"], key=KEY)["id"]
    assert out.iloc[1] == out.iloc[5]  # 1001.5 as text and as a number
    assert out.iloc[:5].nunique() == 5  # leading zeros and case of plain ids matter


def test_normalize_ids_is_the_one_rule():
    values = pd.Series([" Ana@Example.COM ", "Cus_AbC ", 7, 7.0, True, None, ""], dtype=object)
    assert normalize_ids(values).tolist() == [
        "ana@example.com",
        "Cus_AbC",
        "7",
        "7",
        "1",
        np.nan,
        "",
    ]


def test_emails_keyed_by_read_orders_join_with_pseudonymize(tmp_path):
    text = (IO / "shopify_orders.csv").read_text(encoding="utf-8")
    path = tmp_path / "orders_export.csv"
    path.write_text(text.replace(",ana@example.com,", ", Ana@Example.COM ,", 1))
    orders = read_orders(path, key=KEY).data.set_index("order_id")["customer_id"]
    customers = pd.DataFrame({"email": ["ana@example.com", "ANA@EXAMPLE.COM\t", "ben@example.com"]})
    keyed = pseudonymize(customers, ["email"], key=KEY)["email"]
    assert orders["#1001"] == orders["#1005"] == keyed[0] == keyed[1]  # one customer
    assert orders["#1002"] == keyed[2]
