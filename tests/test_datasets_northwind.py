"""smbkit.datasets: the bundled Northwind Supply and the defect-rate cascade planted in it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smbkit import datasets
from smbkit.datasets import __main__ as cli
from smbkit.datasets._northwind_schema import PACKAGE
from smbkit.datasets._package import dtypes_for, render_json, table_bytes

NAME = "northwind_supply"
BUNDLE = Path(datasets.__file__).resolve().parent / NAME
FIELDS = {r["name"]: r["schema"]["fields"] for r in PACKAGE["resources"]}
KEYS = {r["name"]: r["schema"].get("primaryKey") for r in PACKAGE["resources"]}
CORRA = "SUP-03"
VACANCY = ("2024-06-03", "2024-09-27")


def _cents(x) -> np.ndarray:
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


@pytest.fixture(scope="module")
def biz():
    return datasets.load(NAME)


@pytest.fixture(scope="module")
def small():
    return datasets.generate(NAME, seed=3, scale=0.3)


@pytest.fixture(scope="module", params=["bundled", "small"])
def any_biz(request, biz, small):
    return biz if request.param == "bundled" else small


@pytest.fixture(scope="module")
def prod(biz):
    lots = biz.material_lots[["lot_id", "supplier_id"]]
    return biz.production.merge(lots, on="lot_id", validate="many_to_one")


def _rate(frame: pd.DataFrame) -> float:
    return frame["units_defective"].sum() / frame["units_produced"].sum()


# ---------------------------------------------------------------- package and files
def test_listed_and_loadable(biz):
    row = datasets.list_datasets().set_index("name").loc[NAME]
    assert row["title"] == "Northwind Supply"
    assert row["tables"].split(",") == list(FIELDS) == biz.tables
    assert biz.source == "bundled" and "manufacturer" in biz.description
    assert repr(biz).startswith("Dataset 'northwind_supply': Northwind Supply [bundled]")


def test_datapackage_json_matches_the_code_schema():
    on_disk = (BUNDLE / "datapackage.json").read_text(encoding="utf-8")
    assert on_disk == render_json(PACKAGE)
    package = json.loads(on_disk)
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "seed=0" in package["sources"][0]["title"]
    for res in package["resources"]:
        assert res["path"] == f"{res['name']}.csv.gz" and res["compression"] == "gz"
        for field in res["schema"]["fields"]:
            assert {"name", "type", "description"} <= set(field)
            if field["type"] in ("integer", "number"):
                assert field.get("unit"), f"{res['name']}.{field['name']} has no unit"
    units = {
        (r["name"], f["name"]): f.get("unit")
        for r in package["resources"]
        for f in r["schema"]["fields"]
    }
    for table in ("orders", "order_lines"):
        for col in ("revenue", "cost"):
            assert units[(table, col)] == "USD"
    assert units[("material_lots", "lead_time_days")] == "days"
    assert units[("material_lots", "quality_score")] == "score 0-100"


def test_bundle_is_small_and_equals_generate_seed_0(biz):
    size = sum(p.stat().st_size for p in BUNDLE.iterdir())
    assert size <= 1_500_000
    fresh = datasets.generate(NAME, seed=0, scale=1.0)
    for table in FIELDS:
        path = BUNDLE / f"{table}.csv.gz"
        assert path.read_bytes()[4:8] == b"\x00\x00\x00\x00", f"{path.name}: gzip mtime"
        # the files are exactly what the generator writes, and they read back as generated
        assert table_bytes(fresh[table], FIELDS[table]) == path.read_bytes(), table
        pd.testing.assert_frame_equal(biz[table], fresh[table], check_exact=True)


def test_build_writes_the_bundle_byte_for_byte(tmp_path):
    target = cli.build(NAME, directory=tmp_path / NAME)
    for path in BUNDLE.iterdir():
        assert (target / path.name).read_bytes() == path.read_bytes(), path.name


def test_cli_build_all_builds_every_generator(monkeypatch, capsys, tmp_path):
    built = []

    def fake_build(name, directory=None):
        built.append(name)
        (tmp_path / name).mkdir()
        return tmp_path / name

    monkeypatch.setattr(cli, "build", fake_build)
    assert cli.main(["build", "all"]) == 0
    assert built == list(datasets._GENERATORS)
    assert {"daily_crumb", "brightlane", NAME} <= set(built)
    assert capsys.readouterr().out.count("wrote ") == len(built)


@pytest.mark.parametrize("table", list(FIELDS))
def test_schema_conformance(any_biz, table):
    frame = any_biz[table]
    fields = FIELDS[table]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert frame.dtypes.astype(str).to_dict() == dtypes_for(fields)
    for f in fields:
        if f.get("constraints", {}).get("required"):
            assert frame[f["name"]].notna().all(), f"{table}.{f['name']} has missing values"
    if KEYS[table]:
        assert not frame.duplicated(subset=KEYS[table]).any()
    assert len(frame) > 0


def test_generate_is_deterministic_and_seed_matters(small):
    again = datasets.generate(NAME, seed=3, scale=0.3)
    for table in small:
        pd.testing.assert_frame_equal(small[table], again[table], check_exact=True)
    other = datasets.generate(NAME, seed=4, scale=0.3)
    assert not other.production["units_defective"].equals(small.production["units_defective"])
    assert not other.orders["revenue"].equals(small.orders["revenue"])


def test_scale_grows_volume_not_calendar(biz, small):
    for table in ("orders", "order_lines", "customers"):
        assert len(biz[table]) > 2 * len(small[table]), table
    assert len(biz.production) == len(small.production)  # one row per line and working day
    assert biz.production["units_produced"].sum() > 2 * small.production["units_produced"].sum()


# ------------------------------------------------------------ integrity and ranges
def test_referential_integrity(any_biz):
    b = any_biz
    assert set(b.production["lot_id"]) <= set(b.material_lots["lot_id"])
    assert set(b.material_lots["supplier_id"]) <= set(b.suppliers["supplier_id"])
    assert set(b.order_lines["order_id"]) == set(b.orders["order_id"])
    assert set(b.orders["customer_id"]) == set(b.customers["customer_id"])
    assert set(b.design_changes["product"]) <= set(b.production["product"])
    pairs = b.production[["line", "product"]].drop_duplicates()
    assert len(pairs) == 3 and pairs["line"].is_unique
    merged = b.design_changes.merge(pairs, on="line", suffixes=("", "_made"))
    assert (merged["product"] == merged["product_made"]).all()
    # a lot is used only on its own line, and only after it arrived
    used = b.production.merge(b.material_lots, on="lot_id", suffixes=("", "_lot"))
    assert (used["line"] == used["line_lot"]).all()
    assert (used["date"] > used["received_date"]).all()


def test_production_and_inspections_reconcile(any_biz):
    p, qc = any_biz.production, any_biz.qc_inspections
    assert (p["units_defective"] <= p["units_produced"]).all()
    assert (p["units_scrapped"] <= p["units_defective"]).all()
    assert (p["units_produced"] >= 0).all() and (p["units_scrapped"] >= 0).all()
    assert (p["date"].dt.day_of_week < 5).all()
    wide = qc.pivot_table(
        index=["date", "line"], columns="stage", values=["units_inspected", "defects_detected"]
    )
    wide = wide.reindex(pd.MultiIndex.from_frame(p[["date", "line"]]))
    assert not wide.isna().any().any()
    found = wide["defects_detected"]
    seen = wide["units_inspected"]
    np.testing.assert_array_equal(found.sum(axis=1).to_numpy(), p["units_defective"].to_numpy())
    np.testing.assert_array_equal(
        (found["in_process"] + found["final"]).to_numpy(), p["units_scrapped"].to_numpy()
    )
    np.testing.assert_array_equal(seen["in_process"].to_numpy(), p["units_produced"].to_numpy())
    assert (seen["final"] <= p["units_produced"].to_numpy() - found["in_process"]).all()
    np.testing.assert_array_equal(
        seen["customer"].to_numpy(), (p["units_produced"] - p["units_scrapped"]).to_numpy()
    )
    assert (qc["defects_detected"] <= qc["units_inspected"]).all()


def test_material_lots_reconcile_with_production(any_biz):
    lots = any_biz.material_lots.set_index("lot_id")
    sums = any_biz.production.groupby("lot_id")[["units_produced", "units_defective"]].sum()
    sums = sums.reindex(lots.index, fill_value=0)
    np.testing.assert_array_equal(lots["units_made"], sums["units_produced"])
    np.testing.assert_array_equal(lots["units_defective"], sums["units_defective"])
    made = lots["units_made"] > 0
    expected = lots.loc[made, "units_defective"] / lots.loc[made, "units_made"]
    np.testing.assert_allclose(lots.loc[made, "defect_rate"], expected, atol=5e-5)
    assert lots.loc[~made, "defect_rate"].isna().all()
    assert lots["quality_score"].between(0, 100).all()
    assert (lots["lead_time_days"] > 0).all()
    assert (lots["quantity_kg"] > 0).all() and (lots["price_per_kg"] > 0).all()


def test_inventory_rolls_forward(any_biz):
    inv = any_biz.inventory.sort_values(["product", "week"])
    assert (inv["units_on_hand"] >= 0).all()
    assert (inv["week"].dt.day_of_week == 0).all()
    for _, g in inv.groupby("product"):
        flow = g["units_produced"] - g["units_scrapped"] - g["units_shipped"]
        np.testing.assert_array_equal(np.diff(g["units_on_hand"]), flow.to_numpy()[1:])
    # production and shipments by week match the daily and order tables
    p = any_biz.production
    week = p["date"] - pd.to_timedelta(p["date"].dt.day_of_week, unit="D")
    made = p.groupby([week.rename("week"), "product"])["units_produced"].sum()
    lines = any_biz.order_lines.merge(any_biz.orders[["order_id", "date"]], on="order_id")
    day = lines["date"].dt.normalize()
    lweek = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).rename("week")
    shipped = lines.groupby([lweek, "product"])["quantity"].sum()
    key = pd.MultiIndex.from_frame(inv[["week", "product"]])
    np.testing.assert_array_equal(made.reindex(key, fill_value=0), inv["units_produced"])
    np.testing.assert_array_equal(shipped.reindex(key, fill_value=0), inv["units_shipped"])


def test_orders_reconcile(any_biz):
    o, lines = any_biz.orders, any_biz.order_lines
    sums = lines.assign(r=_cents(lines["revenue"]), c=_cents(lines["cost"]))
    sums = sums.assign(g=_cents(lines["unit_price"]) * lines["quantity"])
    sums = sums.groupby("order_id")[["r", "c", "g"]].sum().reindex(o["order_id"])
    np.testing.assert_array_equal(sums["r"], _cents(o["revenue"]))
    np.testing.assert_array_equal(sums["c"], _cents(o["cost"]))
    np.testing.assert_array_equal(sums["g"] - sums["r"], _cents(o["discount"]))
    assert (o["discount"] >= 0).all() and (o["refunded"] >= 0).all()
    assert (o["refunded"] <= o["revenue"]).all() and (o["revenue"] > 0).all()
    expected = np.where(
        o["refunded"] == 0,
        "completed",
        np.where(o["refunded"] == o["revenue"], "refunded", "partially_refunded"),
    )
    assert (o["status"].to_numpy() == expected).all()
    assert o["order_id"].is_monotonic_increasing and o["date"].is_monotonic_increasing
    first = o.groupby("customer_id")["date"].min()
    c = any_biz.customers.set_index("customer_id")["first_order_date"]
    pd.testing.assert_series_equal(first.sort_index(), c.sort_index(), check_names=False)
    web = o["channel"] == "web"
    assert (o.loc[web, "discount"] == 0).all() and (o.loc[~web, "discount"] > 0).all()


# ------------------------------------------------------------------- the cascade
def test_corra_lots_cause_more_defects(biz, prod):
    for line, g in prod.groupby("line"):
        bad = _rate(g[g["supplier_id"] == CORRA])
        others = [_rate(s) for sid, s in g.groupby("supplier_id") if sid != CORRA]
        assert bad > 1.4 * max(others), line
    lots = biz.material_lots
    corra = lots["supplier_id"] == CORRA
    assert lots.loc[corra, "quality_score"].mean() < lots.loc[~corra, "quality_score"].mean() - 5
    for line, g in lots.groupby("line"):
        rho = g["quality_score"].corr(g["defect_rate"], method="spearman")
        assert rho < -0.3, line  # the incoming score warns about a bad lot
    # ... yet Corra is the fastest and the cheapest: a procurement KPI of price or lead time
    # rewards the supplier that hurts quality
    lead = lots.groupby("supplier_id")["lead_time_days"].mean()
    assert lead.idxmin() == CORRA
    price = lots.pivot_table(
        index="material", columns="supplier_id", values="price_per_kg", aggfunc="mean"
    )
    assert (price.idxmin(axis=1) == CORRA).all()


def test_supplier_mix_shifts(prod):
    share = prod.assign(corra=prod["supplier_id"] == CORRA).groupby(prod["date"].dt.year)["corra"]
    share = share.mean()
    assert share[2024] > 1.8 * share[2023] and share[2025] < 0.6 * share[2024]


def _window_rate(prod, product, date, days, good_lots=True):
    g = prod[prod["product"] == product]
    if good_lots:
        g = g[g["supplier_id"] != CORRA]
    date = pd.Timestamp(date)
    before = g[(g["date"] >= date - pd.Timedelta(days=days)) & (g["date"] < date)]
    after = g[(g["date"] >= date) & (g["date"] < date + pd.Timedelta(days=days))]
    return _rate(after) / _rate(before)


def test_design_changes(biz, prod):
    changes = biz.design_changes.set_index("change_id")
    housing = changes.loc["ECN-103"]
    assert housing["product"] == "Pump housing" and housing["effect"] == "fewer defects"
    # half a year after vs before, on lots from the good suppliers (true multipliers: 0.45
    # for the housing redesign, 1.35 for the thinner bracket gauge, 1 for the cosmetic
    # change; lot-to-lot noise moves such ratios by about +-0.15).
    # The housing redesign more than halves housing defects; other parts do not follow.
    fell = _window_rate(prod, "Pump housing", housing["date"], 182)
    others = [
        _window_rate(prod, p, housing["date"], 182) for p in ("Valve body", "Mounting bracket")
    ]
    assert fell < 0.65 and min(others) > 0.7 and fell < 0.75 * min(others)
    # the cost-cutting gauge change made brackets worse
    gauge = changes.loc["ECN-102"]
    assert gauge["effect"] == "lower cost"
    assert _window_rate(prod, "Mounting bracket", gauge["date"], 140) > 1.1
    # the cosmetic change did nothing
    cosmetic = changes.loc["ECN-101"]
    assert 0.75 < _window_rate(prod, "Valve body", cosmetic["date"], 140) < 1.3


def test_defect_rate_is_explained_by_line_lot_and_design(prod):
    import statsmodels.api as sm

    p = prod[prod["units_produced"] > 0]
    after = (p["date"] >= "2024-10-14") & (p["line"] == "Line 2")
    gauge = (p["date"] >= "2024-02-12") & (p["line"] == "Line 3")
    x = pd.DataFrame(
        {
            "line2": p["line"] == "Line 2",
            "line3": p["line"] == "Line 3",
            "corra": p["supplier_id"] == CORRA,
            "housing_redesign": after,
            "bracket_gauge": gauge,
            "monday": p["date"].dt.day_of_week == 0,
        }
    ).astype(float)
    model = sm.GLM(
        p["units_defective"].astype(float),
        sm.add_constant(x),
        family=sm.families.Poisson(),
        offset=np.log(p["units_produced"].astype(float)),
    ).fit(cov_type="HC0")
    mult = np.exp(model.params)
    assert 1.5 < mult["corra"] < 2.4
    assert 0.3 < mult["housing_redesign"] < 0.6
    assert 1.15 < mult["bracket_gauge"] < 1.6
    assert 1.03 < mult["monday"] < 1.3
    assert 1.8 < mult["line2"] < 2.8 and mult["line3"] < 0.8  # base rates 5.5 %, 2.5 %, 1.5 %


def test_plant_defect_rate_rises_in_2024_then_falls(biz):
    p = biz.production
    quarterly = p.groupby(p["date"].dt.to_period("Q"))[["units_defective", "units_produced"]]
    rate = quarterly.sum().pipe(lambda s: s["units_defective"] / s["units_produced"])
    assert rate.idxmax().year == 2024
    assert rate[rate.index.year == 2023].mean() < 0.85 * rate.max()
    assert rate[-2:].mean() < 0.75 * rate.max()


def test_qc_vacancy_lets_defects_escape(biz):
    qc = biz.qc_inspections
    by_day = qc.pivot_table(
        index="date", columns="stage", values=["defects_detected", "units_inspected"], aggfunc="sum"
    )
    found = by_day["defects_detected"]
    during = found.index.to_series().between(*VACANCY).to_numpy()
    detect_in = found[during][["in_process", "final"]].sum().sum() / found[during].sum().sum()
    detect_out = found[~during][["in_process", "final"]].sum().sum() / found[~during].sum().sum()
    assert detect_in < 0.75 < 0.88 < detect_out
    shipped = by_day["units_inspected"]["customer"]
    escape_in = found["customer"][during].sum() / shipped[during].sum()
    escape_out = found["customer"][~during].sum() / shipped[~during].sum()
    assert escape_in > 3 * escape_out


def test_credits_follow_escaped_defects(biz):
    o, qc = biz.orders, biz.qc_inspections
    refunds = o.groupby(o["date"].dt.to_period("M"))["refunded"].sum()
    escaped = qc[qc["stage"] == "customer"]
    escaped = escaped.groupby(escaped["date"].dt.to_period("M"))["defects_detected"].sum()
    assert refunds.corr(escaped.reindex(refunds.index)) > 0.7
    # the credited value is of the order of the escaped parts' value
    lines = biz.order_lines
    avg_price = (lines["revenue"].sum()) / lines["quantity"].sum()
    ratio = o["refunded"].sum() / (escaped.sum() * avg_price)
    assert 0.3 < ratio < 3
