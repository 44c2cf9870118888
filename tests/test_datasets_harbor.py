"""smbkit.datasets: the bundled Harbor & Co web shop, its funnel, returns and A/B test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smbkit import datasets
from smbkit.datasets import __main__ as cli
from smbkit.datasets import _harbor_co as sim
from smbkit.datasets._harbor_co_schema import AB_DATE, AB_TRUTH, PACKAGE
from smbkit.datasets._package import dtypes_for, render_json, table_bytes

NAME = "harbor_co"
BUNDLE = Path(datasets.__file__).resolve().parent / NAME
FIELDS = {r["name"]: r["schema"]["fields"] for r in PACKAGE["resources"]}
KEYS = {r["name"]: r["schema"].get("primaryKey") for r in PACKAGE["resources"]}
FUNNEL = ["sessions", "product_views", "add_to_carts", "checkouts", "conversions"]


def _cents(x) -> np.ndarray:
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


@pytest.fixture(scope="module")
def biz():
    return datasets.load(NAME)


@pytest.fixture(scope="module")
def small():
    return datasets.generate(NAME, seed=3, scale=0.25)


@pytest.fixture(scope="module", params=["bundled", "small"])
def any_biz(request, biz, small):
    return biz if request.param == "bundled" else small


# ---------------------------------------------------------------- package and files
def test_listed_and_loadable(biz):
    row = datasets.list_datasets().set_index("name").loc[NAME]
    assert row["title"] == "Harbor & Co"
    assert row["tables"].split(",") == list(FIELDS) == biz.tables
    assert biz.source == "bundled" and "web shop" in biz.description
    assert repr(biz).startswith("Dataset 'harbor_co': Harbor & Co [bundled]")
    assert NAME in datasets._GENERATORS


def test_datapackage_json_matches_the_code_schema():
    on_disk = (BUNDLE / "datapackage.json").read_text(encoding="utf-8")
    assert on_disk == render_json(PACKAGE)
    package = json.loads(on_disk)
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "seed=0" in package["sources"][0]["title"]
    for res in package["resources"]:
        assert res["path"] == f"{res['name']}.csv.gz" and res["compression"] == "gz"
        assert res["schema"]["primaryKey"], res["name"]
        for field in res["schema"]["fields"]:
            assert {"name", "type", "description"} <= set(field)
            if field["type"] in ("integer", "number"):
                assert field.get("unit"), f"{res['name']}.{field['name']} has no unit"
            if field["type"] == "number":
                assert field["unit"] == "USD", field["name"]
    units = {
        (r["name"], f["name"]): f.get("unit")
        for r in package["resources"]
        for f in r["schema"]["fields"]
    }
    assert units[("returns", "handling_minutes")] == "minutes"
    assert units[("web", "sessions")] == "count"
    # the data dictionary states the A/B test's true rates
    ab = next(r for r in package["resources"] if r["name"] == "email_ab_test")
    assert "2 % (A) vs 2.6 % (B)" in ab["description"]
    assert AB_DATE in package["description"]


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


@pytest.mark.parametrize("table", list(FIELDS))
def test_schema_conformance(any_biz, table):
    frame = any_biz[table]
    fields = FIELDS[table]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert frame.dtypes.astype(str).to_dict() == dtypes_for(fields)
    for f in fields:
        if f.get("constraints", {}).get("required"):
            assert frame[f["name"]].notna().all(), f"{table}.{f['name']} has missing values"
    assert not frame.duplicated(subset=KEYS[table]).any(), f"{table}: key repeats"
    assert len(frame) > 0


def test_generate_is_deterministic_and_seed_matters(small):
    again = datasets.generate(NAME, seed=3, scale=0.25)
    for table in small:
        pd.testing.assert_frame_equal(small[table], again[table], check_exact=True)
    other = datasets.generate(NAME, seed=4, scale=0.25)
    assert not other.web["sessions"].equals(small.web["sessions"])
    assert not other.email_ab_test["converted"].equals(small.email_ab_test["converted"])


def test_scale_grows_volume_not_calendar(biz, small):
    for table in ("orders", "returns", "email_ab_test"):
        assert len(biz[table]) > 3 * len(small[table]), table
    assert len(biz.web) == len(small.web) == 731 * 6  # one row per day and channel
    assert len(biz.campaigns) == len(small.campaigns) == 731 * 3
    assert biz.web["sessions"].sum() > 3 * small.web["sessions"].sum()
    assert biz.campaigns["spend"].sum() > 3 * small.campaigns["spend"].sum()


# --------------------------------------------------------------- funnel and traffic
def test_funnel_is_monotone(any_biz):
    w = any_biz.web
    values = w[FUNNEL].to_numpy()
    assert (values >= 0).all()
    steps = np.diff(values, axis=1)
    bad = (steps > 0).any(axis=1)
    assert not bad.any(), f"{bad.sum()} rows break the funnel, e.g. {w[bad].iloc[0].to_dict()}"
    assert w["date"].min() == pd.Timestamp("2024-01-01")
    assert w["date"].max() == pd.Timestamp("2025-12-31")
    assert sorted(w["channel"].unique()) == sorted(sim.CHANNELS)


def test_conversions_are_the_orders(any_biz):
    o, w = any_biz.orders, any_biz.web
    per = o.groupby([o["date"].dt.normalize().rename("date"), "channel"]).size()
    web = w.set_index(["date", "channel"])["conversions"]
    per = per.reindex(web.index, fill_value=0)
    np.testing.assert_array_equal(web.to_numpy(), per.to_numpy())
    assert len(o) == w["conversions"].sum()


def test_sessions_come_from_clicks(any_biz):
    w = any_biz.web.set_index(["date", "channel"])["sessions"]
    c = any_biz.campaigns
    assert sorted(c["channel"].unique()) == ["email", "paid_search", "paid_social"]
    for ch in ("paid_search", "paid_social", "email"):
        camp = c[c["channel"] == ch].set_index("date")
        sessions = w.xs(ch, level="channel").reindex(camp.index)
        assert (sessions <= camp["clicks"]).all(), ch
        assert (camp["clicks"] <= camp["impressions"]).all() or ch == "email"
    paid = c[c["channel"] != "email"]
    assert (paid["spend"] > 0).all() and (paid["impressions"] > 0).all()
    # e-mails go out on Tuesdays (the newsletter) and on the first day of a sale
    email = c[c["channel"] == "email"]
    sent = email.loc[email["impressions"] > 0, "date"]
    sale_starts = pd.to_datetime([a for a, _, _ in sim.SALES])
    assert ((sent.dt.day_of_week == 1) | sent.isin(sale_starts)).all()
    assert len(sent) >= 104
    # the list grows with the customer base
    assert sent.iloc[-1] > sent.iloc[0]
    delivered = email.set_index("date")["impressions"]
    assert delivered[sent.iloc[-1]] > 1.5 * delivered[sent.iloc[0]]


def test_growth_and_gift_season(biz):
    w = biz.web
    by_year = w.groupby(w["date"].dt.year)["sessions"].sum()
    assert by_year[2025] > 1.15 * by_year[2024]
    month = w.groupby(w["date"].dt.to_period("M"))["sessions"].sum()
    for year in (2024, 2025):
        m = month[month.index.year == year]
        assert m.iloc[10:].min() > m.iloc[:10].max()  # November-December peak
    daily = w.groupby("date")["sessions"].sum()
    for bf in sim.BLACK_FRIDAY:
        bf = pd.Timestamp(bf)
        weeks_before = daily[[bf - pd.Timedelta(weeks=k) for k in (2, 3, 4)]].mean()
        assert daily[bf] > 1.6 * weeks_before


def test_checkout_redesign_lifts_the_last_step(biz):
    w = biz.web
    after = w["date"] >= sim.CHECKOUT_REDESIGN
    rate = w.groupby(after)[["checkouts", "conversions"]].sum()
    rate = rate["conversions"] / rate["checkouts"]
    assert 0.04 < rate[True] - rate[False] < 0.08
    # the steps before checkout do not move
    carts = w.groupby(after)[["product_views", "add_to_carts"]].sum()
    carts = carts["add_to_carts"] / carts["product_views"]
    assert abs(carts[True] - carts[False]) < 0.01


def test_channels_convert_differently(biz):
    w = biz.web.groupby("channel")[["sessions", "conversions"]].sum()
    rate = w["conversions"] / w["sessions"]
    assert rate.idxmax() == "email" and rate.idxmin() == "paid_social"
    c = biz.campaigns.groupby("channel")["spend"].sum()
    orders = biz.orders["channel"].value_counts()
    cpa = c / orders.reindex(c.index)
    assert cpa["paid_social"] > cpa["paid_search"] > cpa["email"]


# --------------------------------------------------------------- orders and money
def test_orders_money_and_customers(any_biz):
    o = any_biz.orders
    assert (o["revenue"] > 0).all() and (o["cost"] > 0).all()
    assert (o["discount"] >= 0).all()
    assert o["order_id"].is_monotonic_increasing and o["date"].is_monotonic_increasing
    assert set(o["location"].unique()) == set(sim.REGIONS)
    # discounts: sale days for everybody, a welcome code for some new paid-social customers
    sale_days = pd.DatetimeIndex(
        np.concatenate([pd.date_range(a, b).to_numpy() for a, b, _ in sim.SALES])
    )
    on_sale = o["date"].dt.normalize().isin(sale_days)
    assert (o.loc[on_sale, "discount"] > 0).all()
    off_sale = o[~on_sale & (o["discount"] > 0)]
    assert (off_sale["channel"] == "paid_social").all() and len(off_sale) > 0
    # a customer keeps one shipping region; numbers follow first purchase (old base first)
    assert o.drop_duplicates(["customer_id", "location"])["customer_id"].is_unique
    first = o.groupby("customer_id")["date"].min()
    number = first.index.str.slice(2).astype(int)
    scale = 1.0 if any_biz.source == "bundled" else 0.25  # the `small` fixture's scale
    existing = int(round(sim.N_EXISTING * scale))
    newer = first[number > existing].sort_index()
    assert newer.is_monotonic_increasing
    returning = o.groupby("customer_id").size()
    assert 0.2 < (returning > 1).mean() < 0.5


def test_returns_reconcile_with_orders(any_biz):
    o, r = any_biz.orders, any_biz.returns
    assert r["order_id"].is_unique and set(r["order_id"]) <= set(o["order_id"])
    assert r["date"].is_monotonic_increasing and r["date"].max() <= pd.Timestamp("2025-12-31")
    merged = r.merge(o, on="order_id", validate="one_to_one", suffixes=("", "_order"))
    assert (merged["date"] > merged["date_order"].dt.normalize()).all()
    np.testing.assert_array_equal(_cents(merged["refund"]), _cents(merged["refunded"]))
    assert (_cents(o["refunded"]) <= _cents(o["revenue"])).all()
    assert (o.loc[~o["order_id"].isin(r["order_id"]), "refunded"] == 0).all()
    expected = np.where(
        o["refunded"] == 0,
        "completed",
        np.where(o["refunded"] == o["revenue"], "refunded", "partially_refunded"),
    )
    assert (o["status"].to_numpy() == expected).all()
    assert 0.05 < len(r) / len(o) < 0.10
    assert set(r["reason"]) == set(sim.REASONS)
    assert (r["handling_minutes"] >= 1).all()


def test_returns_portal_pilot(any_biz):
    r = any_biz.returns
    pilot = r["date"] >= sim.PILOT_START
    assert (r.loc[~pilot, "process"] == "manual").all()
    share = (r.loc[pilot, "process"] == "self_service").mean()
    n = pilot.sum()
    assert abs(share - sim.PILOT_SHARE) < 4 * np.sqrt(0.25 / n)  # a random half
    during = r[pilot].groupby("process")["handling_minutes"].mean()
    assert during["self_service"] < 0.5 * during["manual"]
    # randomised: the two arms see the same mix of reasons
    mix = pd.crosstab(r.loc[pilot, "process"], r.loc[pilot, "reason"], normalize="index")
    assert (mix.diff().abs().iloc[1] < 0.08).all()


# ------------------------------------------------------------------------- A/B test
def test_ab_test_structure(any_biz):
    ab = any_biz.email_ab_test
    assert (ab["sent_date"] == pd.Timestamp(AB_DATE)).all()
    assert set(ab["variant"]) == {"A", "B"}
    counts = ab["variant"].value_counts()
    assert abs(counts["A"] - counts["B"]) <= 1  # an exact 50/50 split
    assert not (ab["clicked"] & ~ab["opened"]).any()
    assert not (ab["converted"] & ~ab["clicked"]).any()
    assert ((ab["revenue"] > 0) == ab["converted"]).all()
    # every recipient is on the list: a customer account of the shop
    assert ab["recipient_id"].str.fullmatch(r"C-\d{6}").all()
    camp = any_biz.campaigns
    delivered = camp[(camp["channel"] == "email") & (camp["date"] == pd.Timestamp(AB_DATE))]
    assert delivered["impressions"].item() == len(ab)


@pytest.mark.parametrize("metric", ["opened", "clicked", "converted"])
def test_ab_rates_are_near_the_documented_truth(any_biz, metric):
    ab = any_biz.email_ab_test
    for variant, truth in AB_TRUTH.items():
        x = ab.loc[ab["variant"] == variant, metric]
        p = truth[metric]
        se = np.sqrt(p * (1 - p) / len(x))
        assert abs(x.mean() - p) < 4 * se, (variant, metric, x.mean(), p)
    assert AB_TRUTH["B"][metric] > AB_TRUTH["A"][metric]  # a real lift in B


def test_ab_converters_have_their_email_orders(any_biz):
    ab, o = any_biz.email_ab_test, any_biz.orders
    sent = pd.Timestamp(AB_DATE)
    window = o[
        (o["channel"] == "email")
        & (o["date"] >= sent)
        & (o["date"] < sent + pd.Timedelta(days=7))
        & o["customer_id"].isin(ab.loc[ab["converted"], "recipient_id"])
    ]
    conv = ab[ab["converted"]].set_index("recipient_id")["revenue"]
    assert window["customer_id"].is_unique
    matched = window.set_index("customer_id")["revenue"].reindex(conv.index)
    np.testing.assert_array_equal(_cents(matched), _cents(conv))
    # the test's clicks and orders are part of the e-mail funnel in `web`
    w = any_biz.web
    email_week = w[(w["channel"] == "email") & w["date"].between(sent, sent + pd.Timedelta(days=6))]
    assert email_week["sessions"].sum() >= ab["clicked"].sum()
    assert email_week["conversions"].sum() >= ab["converted"].sum()
