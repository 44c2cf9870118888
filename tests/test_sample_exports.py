"""The bundled sample client export: recognised, reconciled, rebuilt byte for byte."""

from __future__ import annotations

import csv
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smbkit import SmbkitError, datasets
from smbkit.datasets import _sample_exports
from smbkit.io import read_orders


@functools.cache
def _read():
    return read_orders(datasets.sample_export_paths("shopify"), tz="America/New_York")


def _raw_rows():
    rows = []
    for path in datasets.sample_export_paths("shopify"):
        with open(path, newline="", encoding="utf-8") as f:
            rows.extend(csv.DictReader(f))
    return rows


def test_paths_are_two_overlapping_bundled_files():
    paths = datasets.sample_export_paths("shopify")
    assert [p.name for p in paths] == ["shopify_orders_1.csv", "shopify_orders_2.csv"]
    assert all(p.is_file() for p in paths)
    assert sum(p.stat().st_size for p in paths) < 500_000  # "a few hundred KB at most"
    assert (paths[0].parent / "README.md").read_text(encoding="utf-8").count("synthetic")


def test_unknown_layout_is_refused():
    with pytest.raises(SmbkitError, match="sample_export_paths: .*`layout`.*'square' was passed"):
        datasets.sample_export_paths("square")


def test_layout_is_recognised():
    assert _read().source.startswith("shopify (recognised")


def test_ledger_reconciles_to_the_cent():
    res = _read()
    led = res.ledger
    moved = led[led["action"].isin(["kept", "excluded"])]
    assert int(moved["rows"].sum()) == res.raw_rows == len(_raw_rows())
    assert moved["amount"].sum() == pytest.approx(res.raw_amount, abs=0.005)
    # the raw total, summed independently from the files' Total column
    raw = 0.0
    for row in _raw_rows():
        text = row["Total"].replace("$", "").replace(",", "")
        raw += float(text) if text else 0.0
    assert res.raw_amount == pytest.approx(raw, abs=0.005)


def test_every_planted_fault_is_in_the_ledger():
    res = _read()
    led = res.ledger.set_index(["action", "reason"])["rows"]
    for reason in [
        "duplicate across exports",
        "test order",
        "voided",
        "cancelled",
        "not paid (pending or authorized)",
    ]:
        assert led.get(("excluded", reason), 0) > 0, reason
    assert led.get(("repaired", "money text parsed ($, separators, parentheses)"), 0) > 0
    assert led.get(("repaired", "order fields filled down"), 0) > 0
    data = res.data
    assert (data["refunded"] > 0).any() and (data["status"] == "refunded").any()
    assert (data["status"] == "partially_refunded").any()
    assert data["customer_id"].isna().any()  # guests kept
    assert data["order_id"].is_unique  # multi-row orders and the overlap counted once
    offsets = {r["Created at"][-5:] for r in _raw_rows()}
    assert {"-0500", "-0400"} <= offsets  # daylight saving inside the files
    notes = [r["Notes"] for r in _raw_rows()]
    assert any("\n" in n for n in notes) and any(n.startswith("=") for n in notes)


def test_duplicates_are_exactly_the_overlap_orders():
    rows = _raw_rows()
    first = {r["Name"] for r in rows[: _first_file_rows()]}
    second = [r for r in rows[_first_file_rows() :]]
    overlap_rows = sum(r["Name"] in first for r in second)
    led = _read().ledger.set_index(["action", "reason"])["rows"]
    assert led[("excluded", "duplicate across exports")] == overlap_rows > 0


def _first_file_rows() -> int:
    path = datasets.sample_export_paths("shopify")[0]
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_rebuild_is_byte_identical(tmp_path):
    written = _sample_exports.write(tmp_path)
    for new, bundled in zip(written, datasets.sample_export_paths("shopify"), strict=True):
        assert new.name == bundled.name
        assert new.read_bytes() == bundled.read_bytes()


@pytest.mark.slow
def test_another_seed_gives_other_files():
    assert _sample_exports.build(seed=1) != _sample_exports.build()


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_any_seed_reconciles_and_keeps_its_faults(tmp_path, seed):
    folder = tmp_path / str(seed)
    paths = _sample_exports.write(folder, seed=seed)
    res = read_orders(paths, tz="America/New_York")
    led = res.ledger
    moved = led[led["action"].isin(["kept", "excluded"])]
    assert int(moved["rows"].sum()) == res.raw_rows
    assert moved["amount"].sum() == pytest.approx(res.raw_amount, abs=0.005)
    reasons = set(led.loc[led["action"] == "excluded", "reason"])
    assert {"duplicate across exports", "test order", "voided", "cancelled"} <= reasons
