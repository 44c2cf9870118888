"""The bundled CDNOW data: the raw file kept whole, with its data dictionary and attribution.

The raw file is not in the repository (tests run offline), but its SHA-256 is: the bundled
table is written back in the raw file's fixed-width layout and must hash to exactly the
file lifetimes 0.11.3 ships, so not one row, digit or space was lost or changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smbkit import DataError, datasets
from smbkit.datasets import _cdnow
from smbkit.datasets._package import render_json

BUNDLE = Path(datasets.__file__).resolve().parent / "cdnow"


@pytest.fixture(scope="module")
def cdnow():
    return datasets.load("cdnow")


def _raw_text(t: pd.DataFrame) -> str:
    """The transactions in lifetimes' CDNOW_master.txt layout (header, fixed width, CRLF)."""
    body = (
        " "
        + t["customer_id"].astype(str)
        + " "
        + t["date"].dt.strftime("%Y%m%d")
        + " "
        + t["quantity"].map("{:2d}".format)
        + " "
        + t["revenue"].map("{:7.2f}".format)
    )
    lines = [" customer_id  date number_of_cds  dollar_value", *body.tolist()]
    return "\r\n".join(lines) + "\r\n"


def test_listed_with_attribution(cdnow):
    row = datasets.list_datasets().set_index("name").loc["cdnow"]
    assert row["title"] == "CDNOW"
    assert row["tables"].split(",") == ["transactions", "orders"] == cdnow.tables
    package = cdnow._package
    assert "Fader" in package["description"] and "Hardie" in package["description"]
    assert "Counting your customers the easy way" in package["description"]
    assert "Marketing Science" in package["description"]
    sources = " ".join(s["title"] + s.get("description", "") for s in package["sources"])
    assert "23,570" in sources and "brucehardie.com" in package["sources"][0]["path"]
    assert _cdnow.RAW_SHA256 in sources
    assert "licence" in package["licenses"][0]["title"].lower()


def test_datapackage_json_matches_the_code_schema():
    text = (BUNDLE / "datapackage.json").read_text(encoding="utf-8")
    assert text == render_json(_cdnow.PACKAGE)
    assert json.loads(text)["name"] == "cdnow"


def test_bundle_reproduces_the_raw_file_byte_for_byte(cdnow):
    # SHA-256 of lifetimes-0.11.3's lifetimes/datasets/CDNOW_master.txt
    text = _raw_text(cdnow.transactions)
    assert hashlib.sha256(text.encode("ascii")).hexdigest() == _cdnow.RAW_SHA256


def test_row_count_customers_and_totals(cdnow):
    t = cdnow.transactions
    # Hardie, "Notes on the CDNOW Master Data Set" (brucehardie.com/notes/026/): the cohort
    # of 23,570 individuals who first bought in Q1 1997, followed to the end of June 1998.
    assert t["customer_id"].nunique() == 23_570
    assert len(t) == 69_659  # records in the raw file (lines less the header)
    first = t.groupby("customer_id")["date"].min()
    assert first.min() == pd.Timestamp("1997-01-01")
    assert first.max() <= pd.Timestamp("1997-03-31")
    assert t["date"].max() == pd.Timestamp("1998-06-30")
    # sums over the raw file, measured with an independent reader (awk) on the raw text
    assert t["quantity"].sum() == 167_881
    assert round(t["revenue"].sum(), 2) == pytest.approx(2_500_315.63, abs=0.005)


def test_quirks_are_kept_and_documented(cdnow):
    t = cdnow.transactions
    same_day = t.duplicated(["customer_id", "date"]).sum()
    exact = t.duplicated().sum()
    zero = (t["revenue"] == 0).sum()
    assert (same_day, exact, zero) == (2_068, 255, 80)
    d = cdnow.dictionary("transactions").set_index("field")
    assert "several records on the same day" in d.loc["date", "description"]
    assert d.loc["quantity", "unit"] == "CDs" and d.loc["revenue", "unit"] == "USD"
    for text in ("2,068", "255", "80 records"):
        assert text in _cdnow.__doc__


def test_types(cdnow):
    assert cdnow.transactions.dtypes.astype(str).to_dict() == {
        "customer_id": "string",
        "date": "datetime64[ns]",
        "quantity": "int64",
        "revenue": "float64",
    }
    assert (cdnow.transactions["customer_id"].str.len() == 5).all()


def test_orders_are_the_transactions_in_canonical_form(cdnow):
    t, o = cdnow.transactions, cdnow.orders
    assert list(o.columns) == ["order_id", "date", "customer_id", "revenue", "refunded"]
    assert o["order_id"].is_unique and o["order_id"].iloc[0] == "CD-00001"
    assert o["order_id"].iloc[-1] == "CD-69659"
    pd.testing.assert_frame_equal(
        o[["date", "customer_id", "revenue"]], t[["date", "customer_id", "revenue"]]
    )
    assert (o["refunded"] == 0).all()


def test_kpis_run_on_the_orders(cdnow):
    from smbkit import kpis

    out = kpis.compute(
        {"orders": cdnow.orders}, kpis=["revenue", "orders", "new_customers"], freq="Q"
    )
    new = out[out["kpi"] == "new_customers"].set_index("period")["value"]
    assert new.loc[pd.Timestamp("1997-01-01")] == 23_570
    assert new.drop(pd.Timestamp("1997-01-01")).eq(0).all()
    revenue = out[out["kpi"] == "revenue"]["value"].sum()
    assert revenue == pytest.approx(cdnow.transactions["revenue"].sum())


def test_read_raw_with_and_without_header():
    header = " customer_id  date number_of_cds  dollar_value\r\n"
    body = " 00001 19970101  1   11.77\r\n 00002 19970112  5   77.00\r\n"
    with_header = _cdnow.read_raw((header + body).encode())
    without = _cdnow.read_raw(body.replace("\r\n", "\n").encode())
    pd.testing.assert_frame_equal(with_header, without)
    assert with_header["customer_id"].tolist() == ["00001", "00002"]
    assert with_header["quantity"].tolist() == [1, 5]
    assert with_header["revenue"].tolist() == [11.77, 77.0]


def test_read_raw_from_a_path(tmp_path):
    path = tmp_path / "CDNOW_master.txt"
    path.write_bytes(b" 00007 19970301  2   30.00\r\n")
    assert _cdnow.read_raw(path)["date"].tolist() == [pd.Timestamp("1997-03-01")]


def test_read_raw_rejects_a_malformed_file():
    with pytest.raises(DataError, match=r"read_raw: 1 of 2 records do not have 4 fields.*record 2"):
        _cdnow.read_raw(b"00001 19970101 1 11.77\n00002 19970112 5\n")
    with pytest.raises(DataError, match=r"read_raw: 1 records have a negative.*not the CDNOW"):
        _cdnow.read_raw(b"00001 19970101 1 -11.77\n")


def test_build_refuses_another_file(tmp_path):
    path = tmp_path / "CDNOW_master.txt"
    path.write_bytes(b" 00001 19970101  1   11.77\r\n")
    with pytest.raises(DataError, match=r"build: .* has SHA-256 [0-9a-f]{64}, not " + "eff6889e"):
        _cdnow.build(path, tmp_path / "out")


def test_build_writes_the_bundle_byte_for_byte(cdnow, tmp_path):
    raw = tmp_path / "CDNOW_master.txt"
    raw.write_bytes(_raw_text(cdnow.transactions).encode("ascii"))
    target = _cdnow.build(raw, tmp_path / "cdnow")
    for name in ("datapackage.json", "transactions.csv.gz", "orders.csv.gz"):
        assert (target / name).read_bytes() == (BUNDLE / name).read_bytes(), name


def test_bundle_is_small():
    size = sum(p.stat().st_size for p in BUNDLE.iterdir())
    assert size < 1.5e6


def test_load_is_offline_and_fresh(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("load tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    a = datasets.load("cdnow")
    b = datasets.load("cdnow")
    assert a.transactions is not b.transactions
    a.transactions.loc[0, "revenue"] = -1.0
    assert b.transactions.loc[0, "revenue"] == pytest.approx(11.77)
    assert np.isfinite(b.transactions["revenue"]).all()
