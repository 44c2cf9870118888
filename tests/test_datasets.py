"""smbkit.datasets: the API, the bundled Daily Crumb and the dynamics lessons rely on."""

from __future__ import annotations

import collections.abc
import gzip
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError, datasets
from smbkit.datasets import __main__ as cli
from smbkit.datasets._daily_crumb_schema import PACKAGE
from smbkit.datasets._package import dtypes_for, read_package, render_json, table_bytes

FIX = r"python -m smbkit\.datasets build daily_crumb"
BUNDLE = Path(datasets.__file__).resolve().parent / "daily_crumb"
FIELDS = {r["name"]: r["schema"]["fields"] for r in PACKAGE["resources"]}


def _cents(x) -> np.ndarray:
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


@pytest.fixture(scope="module")
def biz():
    return datasets.load("daily_crumb")


@pytest.fixture(scope="module")
def small():
    return datasets.generate("daily_crumb", seed=3, scale=0.1)


@pytest.fixture(scope="module", params=["bundled", "small"])
def any_biz(request, biz, small):
    return biz if request.param == "bundled" else small


# ----------------------------------------------------------------------------- API
def test_list_datasets():
    table = datasets.list_datasets()
    assert list(table.columns) == ["name", "title", "description", "tables"]
    row = table.set_index("name").loc["daily_crumb"]
    assert row["title"] == "The Daily Crumb"
    assert row["tables"].split(",") == [r["name"] for r in PACKAGE["resources"]]


def test_load_unknown_name_lists_names_and_suggests():
    with pytest.raises(
        SmbkitError,
        match=r"load: unknown dataset 'daily_crum'.*\[.*'daily_crumb'.*\]"
        r".*Did you mean 'daily_crumb'\?",
    ):
        datasets.load("daily_crum")


def test_generate_rejects_bad_arguments():
    with pytest.raises(SmbkitError, match=r"generate: unknown dataset 'northwind'.*daily_crumb"):
        datasets.generate("northwind")
    with pytest.raises(SmbkitError, match=r"`seed` must be a non-negative integer.*-1"):
        datasets.generate("daily_crumb", seed=-1)
    with pytest.raises(SmbkitError, match=r"`scale` must be a positive number.*0"):
        datasets.generate("daily_crumb", scale=0)


def test_dataset_is_a_mapping_with_attribute_access(biz):
    assert isinstance(biz, collections.abc.Mapping)
    assert biz.name == "daily_crumb" and biz.title == "The Daily Crumb"
    assert "bakery" in biz.description
    assert biz.tables == list(biz) == list(biz.keys()) == [r["name"] for r in PACKAGE["resources"]]
    assert len(biz) == 8
    assert biz.orders is biz["orders"] is dict(biz.items())["orders"]
    assert biz.source == "bundled"
    assert "orders" in dir(biz)


def test_unknown_table_messages(biz):
    with pytest.raises(
        SmbkitError,
        match=r"no table 'order'; tables are \['orders'.*"
        r"Did you mean 'orders'\?",
    ):
        biz["order"]
    with pytest.raises(AttributeError, match=r"no table 'sales'; tables are \['orders'"):
        biz.sales  # noqa: B018
    with pytest.raises(SmbkitError, match=r"dictionary: 'daily_crumb': no table 'x'; tables"):
        biz.dictionary("x")


def test_load_returns_fresh_frames():
    first = datasets.load("daily_crumb")
    first.orders.loc[0, "revenue"] = -1.0
    again = datasets.load("daily_crumb")
    assert again.orders.loc[0, "revenue"] > 0
    assert again.orders is not first.orders


def test_repr_lists_tables_with_row_counts(biz):
    text = repr(biz)
    assert text.startswith("Dataset 'daily_crumb': The Daily Crumb [bundled]")
    assert f"{len(biz.orders):,} rows" in text
    assert "surveys" in text


def test_dictionary(biz):
    d = biz.dictionary()
    assert list(d.columns) == ["table", "field", "type", "unit", "description"]
    assert len(d) == sum(len(f) for f in FIELDS.values())
    web = biz.dictionary("web")
    assert web["field"].tolist() == ["date", "sessions", "conversions"]
    revenue = d[(d["table"] == "orders") & (d["field"] == "revenue")]
    assert revenue["unit"].item() == "USD" and revenue["type"].item() == "number"
    assert d["description"].notna().all()


def test_generated_source(small):
    assert small.source == "generated(seed=3, scale=0.1)"


# ------------------------------------------------------------- files and schema
def test_datapackage_json_matches_the_code_schema():
    on_disk = (BUNDLE / "datapackage.json").read_text(encoding="utf-8")
    assert on_disk == render_json(PACKAGE)
    package = json.loads(on_disk)
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "seed=0" in package["sources"][0]["title"]
    for res in package["resources"]:
        assert res["format"] == "csv" and res["compression"] == "gz"
        assert res["path"] == f"{res['name']}.csv.gz"
        for field in res["schema"]["fields"]:
            assert {"name", "type", "description"} <= set(field)
            if field["type"] == "number" and field["name"] != "satisfaction":
                assert field["unit"] == "USD", field["name"]


def test_bundle_is_small_and_deterministic(biz):
    size = sum(p.stat().st_size for p in BUNDLE.iterdir())
    assert size < 5_000_000
    for path in BUNDLE.glob("*.csv.gz"):
        raw = path.read_bytes()
        assert raw[4:8] == b"\x00\x00\x00\x00", f"{path.name}: gzip mtime must be 0"
    # rewriting the small tables from the loaded frames gives the same bytes
    for table in ("web", "financials", "employees", "surveys"):
        assert table_bytes(biz[table], FIELDS[table]) == (BUNDLE / f"{table}.csv.gz").read_bytes()


@pytest.mark.parametrize("table", list(FIELDS))
def test_schema_conformance(any_biz, table):
    frame = any_biz[table]
    fields = FIELDS[table]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert frame.dtypes.astype(str).to_dict() == dtypes_for(fields)
    for f in fields:
        if f.get("constraints", {}).get("required"):
            assert frame[f["name"]].notna().all(), f"{table}.{f['name']} has missing values"
    key = next(r for r in PACKAGE["resources"] if r["name"] == table)["schema"].get("primaryKey")
    if key:
        assert not frame.duplicated(subset=key).any()


def test_bundled_equals_generated(biz):
    fresh = datasets.generate("daily_crumb", seed=0, scale=1.0)
    for table in biz:
        money = [f["name"] for f in FIELDS[table] if f.get("unit") == "USD"]
        pd.testing.assert_frame_equal(
            biz[table].drop(columns=money), fresh[table].drop(columns=money), check_exact=True
        )
        for col in money:  # to the cent
            np.testing.assert_array_equal(_cents(biz[table][col]), _cents(fresh[table][col]))


def test_generate_is_deterministic(small):
    again = datasets.generate("daily_crumb", seed=3, scale=0.1)
    for table in small:
        pd.testing.assert_frame_equal(small[table], again[table], check_exact=True)
    other = datasets.generate("daily_crumb", seed=4, scale=0.1)
    assert not other.orders["revenue"].equals(small.orders["revenue"])
    assert not other.marketing["likes"].equals(small.marketing["likes"])


def _copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "daily_crumb"
    shutil.copytree(BUNDLE, target)
    return target


def _rewrite(path: Path, edit) -> None:
    text = gzip.decompress(path.read_bytes()).decode()
    path.write_bytes(gzip.compress(edit(text).encode(), mtime=0))


def test_load_rejects_a_file_whose_columns_differ(tmp_path):
    root = _copy_bundle(tmp_path)
    frame = pd.read_csv(root / "web.csv.gz", dtype=str)
    buf = io.StringIO()
    frame.drop(columns="conversions").assign(visits="1").to_csv(buf, index=False)
    (root / "web.csv.gz").write_bytes(gzip.compress(buf.getvalue().encode(), mtime=0))
    with pytest.raises(
        DataError,
        match=r"table 'web' of dataset 'daily_crumb'.*missing columns "
        r"\['conversions'\], extra columns \['visits'\];.*" + FIX,
    ):
        read_package(root, "daily_crumb", datasets._fix("daily_crumb"))


def test_load_rejects_reordered_columns(tmp_path):
    root = _copy_bundle(tmp_path)
    _rewrite(
        root / "web.csv.gz",
        lambda t: t.replace("date,sessions,conversions", "date,conversions,sessions", 1),
    )
    with pytest.raises(
        DataError,
        match=r"'web'.*in the order \['date', 'conversions', "
        r"'sessions'\].*" + FIX,
    ):
        read_package(root, "daily_crumb", datasets._fix("daily_crumb"))


def test_load_rejects_a_value_of_the_wrong_type(tmp_path):
    root = _copy_bundle(tmp_path)
    # "x" in front of the first day's session count makes it "x1234", not an integer
    _rewrite(root / "web.csv.gz", lambda t: t.replace("\n2024-03-01,", "\n2024-03-01,x", 1))
    with pytest.raises(DataError, match=r"table 'web'.*does not fit its schema.*" + FIX):
        read_package(root, "daily_crumb", datasets._fix("daily_crumb"))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-(10**9), 10**9),
            st.one_of(st.none(), st.integers(0, 99)),
            st.text(alphabet='ab ,"é', max_size=5),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_csv_round_trip_is_exact(tmp_path_factory, rows):
    # money in whole cents, a nullable count and awkward text survive writing and reading
    fields = [
        {
            "name": "money",
            "type": "number",
            "unit": "USD",
            "decimals": 2,
            "constraints": {"required": True},
        },
        {"name": "count", "type": "integer"},
        {"name": "label", "type": "string", "constraints": {"required": True}},
    ]
    frame = pd.DataFrame(
        {
            "money": [r[0] / 100 for r in rows],
            "count": pd.array([r[1] for r in rows], dtype="Int64"),
            "label": pd.array([r[2] if r[2] else "-" for r in rows], dtype="string"),
        }
    )
    root = tmp_path_factory.mktemp("pkg")
    package = {
        "name": "t",
        "resources": [
            {"name": "t", "path": "t.csv.gz", "compression": "gz", "schema": {"fields": fields}}
        ],
    }
    (root / "t.csv.gz").write_bytes(table_bytes(frame, fields))
    (root / "datapackage.json").write_text(render_json(package))
    _, tables = read_package(root, "t", "fix")
    pd.testing.assert_frame_equal(tables["t"], frame, check_exact=True)
    assert table_bytes(frame, fields) == table_bytes(tables["t"], fields)


def test_cli_list_and_errors(capsys, tmp_path):
    assert cli.main(["list"]) == 0
    assert "daily_crumb: The Daily Crumb (tables: orders,order_lines" in capsys.readouterr().out
    assert cli.main(["build", "northwnd"]) == 2
    assert "build: unknown dataset 'northwnd'" in capsys.readouterr().err


# ------------------------------------------------------------- reconciliations
def test_order_lines_sum_to_orders(any_biz):
    o, lines = any_biz.orders, any_biz.order_lines
    assert set(lines["order_id"]) == set(o["order_id"])
    sums = lines.assign(
        r=_cents(lines["revenue"]),
        c=_cents(lines["cost"]),
        g=_cents(lines["unit_price"]) * lines["quantity"],
    )
    sums = sums.groupby("order_id")[["r", "c", "g"]].sum().reindex(o["order_id"])
    np.testing.assert_array_equal(sums["r"].to_numpy(), _cents(o["revenue"]))
    np.testing.assert_array_equal(sums["c"].to_numpy(), _cents(o["cost"]))
    # discount = list value - revenue
    np.testing.assert_array_equal(
        sums["g"].to_numpy() - sums["r"].to_numpy(), _cents(o["discount"])
    )
    assert (lines["quantity"] >= 1).all()


def test_refunds_and_status(any_biz):
    o = any_biz.orders
    assert (o["discount"] >= 0).all() and (o["refunded"] >= 0).all()
    assert (o["refunded"] <= o["revenue"]).all() and (o["revenue"] > 0).all()
    expected = np.where(
        o["refunded"] == 0,
        "completed",
        np.where(o["refunded"] == o["revenue"], "refunded", "partially_refunded"),
    )
    assert (o["status"].to_numpy() == expected).all()


def test_customers_consistent_with_orders(any_biz):
    o, c = any_biz.orders, any_biz.customers
    known = o.dropna(subset=["customer_id"])
    assert set(known["customer_id"]) == set(c["customer_id"])
    first = known.groupby("customer_id")["date"].min()
    first_day = c.set_index("customer_id")["first_order_date"].dt.normalize()
    pd.testing.assert_series_equal(
        first.dt.normalize().sort_index(), first_day.sort_index(), check_names=False
    )
    assert set(any_biz.surveys["customer_id"].dropna()) <= set(c["customer_id"])


def test_web_conversions_are_online_orders(any_biz):
    o, w = any_biz.orders, any_biz.web
    online = o[o["channel"] == "online"].groupby(o["date"].dt.normalize()).size()
    per_day = online.reindex(w["date"], fill_value=0)
    np.testing.assert_array_equal(w["conversions"].to_numpy(), per_day.to_numpy())
    launch = pd.Timestamp("2024-03-01")
    assert w["date"].min() == launch
    first_online = o.loc[o["channel"] == "online", "date"].min()
    assert launch <= first_online < launch + pd.Timedelta(days=7)
    assert (w["sessions"] >= w["conversions"]).all()


def test_financials_reconcile(any_biz):
    o, f = any_biz.orders, any_biz.financials.set_index("month")
    month = o["date"].dt.to_period("M").dt.to_timestamp()
    net = pd.Series(_cents(o["revenue"]) - _cents(o["refunded"])).groupby(month.to_numpy()).sum()
    cost = pd.Series(_cents(o["cost"])).groupby(month.to_numpy()).sum()
    np.testing.assert_array_equal(_cents(f["revenue"]), net.reindex(f.index).to_numpy())
    assert (_cents(f["cogs"]) >= cost.reindex(f.index).to_numpy()).all()
    np.testing.assert_array_equal(
        _cents(f["net_income"]),
        _cents(f["revenue"]) - _cents(f["cogs"]) - _cents(f["operating_expenses"]),
    )
    d = {
        k: np.diff(_cents(f[k]))
        for k in ("cash", "accounts_receivable", "inventory", "accounts_payable")
    }
    flow = (
        _cents(f["net_income"])
        + _cents(f["depreciation"])
        - _cents(f["capex"])
        + _cents(f["financing"])
    )[1:]
    np.testing.assert_array_equal(
        d["cash"], flow - d["accounts_receivable"] - d["inventory"] + d["accounts_payable"]
    )
    assert (f["cash"] >= 0).all()
    assert (f["accounts_receivable"] >= 0).all() and (f["depreciation"] > 0).all()
    # receivables exist only once catering (invoiced) starts
    assert (f.loc[:"2024-08-01", "accounts_receivable"] == 0).all()


def test_marketing_missing_not_zero(any_biz):
    m = any_biz.marketing
    assert sorted(m["channel"].unique()) == ["email", "print", "search", "social"]
    social, search = m[m["channel"] == "social"], m[m["channel"] == "search"]
    others = m[m["channel"] != "social"]
    assert social[["followers", "likes", "shares"]].notna().all().all()
    assert others[["followers", "likes", "shares"]].isna().all().all()
    assert search["local_search_visits"].notna().all()
    assert m.loc[m["channel"] != "search", "local_search_visits"].isna().all()
    assert m.loc[m["channel"] == "print", "clicks"].isna().all()
    assert (m["spend"] >= 0).all()


# ----------------------------------------------------------------- dynamics
def test_volume_and_guests(biz):
    o = biz.orders
    assert 100_000 <= len(o) <= 200_000
    store = o[o["channel"] == "in_store"]
    assert 0.30 <= store["customer_id"].isna().mean() <= 0.45
    assert o.loc[o["channel"] != "in_store", "customer_id"].notna().all()
    ident_2025 = o[(o["date"].dt.year == 2025) & o["customer_id"].notna()]
    assert 60 <= len(ident_2025) / 365 <= 150


def test_opening_hours_and_weekly_pattern(biz):
    o = biz.orders
    hour = o["date"].dt.hour
    assert hour.between(7, 17).all()
    sunday = o["date"].dt.day_of_week == 6
    assert hour[sunday].between(8, 13).all()  # short Sunday: 8 to 14 h
    daily = o.groupby(o["date"].dt.normalize()).size()
    by_dow = daily.groupby(daily.index.day_of_week).mean()
    assert by_dow[5] > 1.25 * by_dow[[0, 1, 2, 3]].mean()  # Saturday busiest
    closed = pd.to_datetime(["2023-12-25", "2024-01-01", "2024-11-28"])
    assert not o["date"].dt.normalize().isin(closed).any()


def test_yearly_seasonality_and_holidays(biz):
    o = biz.orders
    daily = o.groupby(o["date"].dt.normalize()).size()
    for year in (2023, 2024, 2025):
        months = (
            daily[daily.index.year == year]
            .groupby(daily[daily.index.year == year].index.month)
            .mean()
        )
        assert months[12] > months[[10, 11]].mean()  # December peak
        assert months[[7, 8]].mean() < months[[5, 6, 9]].mean()  # summer dip
        # the last shopping days before Christmas beat the same weekdays earlier in December
        eve = pd.Timestamp(f"{year}-12-23")
        same_weekday = daily[[eve - pd.Timedelta(weeks=k) for k in (1, 2, 3)]]
        assert daily[eve] > 1.2 * same_weekday.mean()


def test_lifecycle_inflection_in_2023_2024(biz):
    from scipy.optimize import curve_fit

    f = biz.financials
    y = f["revenue"].to_numpy()
    t = np.arange(len(y), dtype=float)

    def logistic(t, k, t0, s):
        return k / (1 + np.exp(-(t - t0) / s))

    (k, t0, s), _ = curve_fit(logistic, t, y, p0=[y.max(), 24.0, 6.0], maxfev=10_000)
    inflection = f["month"].iloc[int(round(t0))]
    assert pd.Timestamp("2023-01-01") <= inflection <= pd.Timestamp("2024-12-01")
    yearly = biz.orders.groupby(biz.orders["date"].dt.year)["revenue"].sum()
    growth = yearly.pct_change()
    assert growth[2025] < growth[2024] < growth[2023]  # growth slows into maturity


def test_launch_dates(biz):
    o = biz.orders
    first = o.groupby(["location", "channel"])["date"].min().dt.normalize()
    assert first[("Riverside", "in_store")] == pd.Timestamp("2023-09-09")
    assert o.loc[o["channel"] == "online", "date"].min().normalize() == pd.Timestamp("2024-03-01")
    catering = o[o["channel"] == "catering"]
    assert catering["date"].min().normalize() >= pd.Timestamp("2024-09-03")
    assert catering["revenue"].mean() > 10 * o.loc[o["channel"] == "in_store", "revenue"].mean()
    assert len(catering) < 0.02 * len(o)
    seg = biz.customers.set_index("customer_id")["segment"]
    assert (seg[catering["customer_id"].unique()] == "business").all()
    assert (catering["location"] == "Old Town").all()


def test_promotions_lift_orders(biz):
    o = biz.orders
    daily = o[o["channel"] != "catering"].groupby(o["date"].dt.normalize())
    orders, discount = daily.size(), daily["discount"].sum()
    promo_days = discount[discount > 0].index
    assert 8 <= len(promo_days) / 4 <= 60  # a few promo periods a year
    lifts = []
    for start in ("2022-05-16", "2023-05-15", "2024-05-13", "2025-05-12"):
        s = pd.Timestamp(start)
        during = orders[s : s + pd.Timedelta(days=6)].sum()
        around = (
            orders[s - pd.Timedelta(days=14) : s - pd.Timedelta(days=8)].sum()
            + orders[s + pd.Timedelta(days=14) : s + pd.Timedelta(days=20)].sum()
        ) / 2
        lifts.append(during / around)
    assert np.mean(lifts) > 1.1


def test_price_increases(biz):
    lines = biz.order_lines.merge(biz.orders[["order_id", "date"]], on="order_id")
    latte = lines[lines["product"] == "Latte"].groupby(lines["date"].dt.to_period("M"))
    prices = latte["unit_price"].max()
    assert prices[pd.Period("2023-03")] < prices[pd.Period("2023-05")]
    assert prices[pd.Period("2025-02")] < prices[pd.Period("2025-04")]
    assert lines["category"].nunique() == 5 and 20 <= lines["product"].nunique() <= 30
    margin = lines.groupby("category")[["revenue", "cost"]].sum()
    margin = 1 - margin["cost"] / margin["revenue"]
    assert margin["coffee"] > margin["pastry"] > margin["cake"]


def test_cohorts_decay_with_a_loyal_core(biz):
    o = biz.orders.dropna(subset=["customer_id"])
    c = biz.customers.set_index("customer_id")

    def month_number(dates: pd.Series) -> np.ndarray:
        return (dates.dt.year * 12 + dates.dt.month).to_numpy()

    cohort = pd.Series(month_number(c["first_order_date"]), index=c.index)
    age = month_number(o["date"]) - cohort.reindex(o["customer_id"]).to_numpy()
    active = pd.DataFrame({"c": o["customer_id"].to_numpy(), "age": age})
    in_2023 = cohort[(cohort >= 2023 * 12 + 1) & (cohort <= 2023 * 12 + 6)]
    sub = active[active["c"].isin(in_2023.index)].drop_duplicates()
    retention = sub.groupby("age")["c"].nunique() / len(in_2023)
    assert retention[1] > retention[6] > retention[12] > retention[24] > 0.02
    span = o.groupby("customer_id")["date"].agg(["min", "max"])
    assert ((span["max"] - span["min"]).dt.days > 3 * 365).sum() > 30  # the loyal core


def test_refund_rate(biz):
    o = biz.orders
    assert 0.008 <= (o["refunded"] > 0).mean() <= 0.02
    assert (o["status"] == "partially_refunded").sum() > 100


def test_staff_turnover(biz):
    e = biz.employees
    assert e["exit_date"].notna().sum() > 10
    assert (e["exit_date"].dropna() >= e.loc[e["exit_date"].notna(), "hire_date"]).all()
    active_2025 = e["exit_date"].isna() | (e["exit_date"] >= "2025-01-01")
    assert active_2025.sum() > e[e["hire_date"] < "2022-02-01"].shape[0]  # headcount grew
    foh = e[e["department"] == "front_of_house"]
    start, end = pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")
    exits = foh["exit_date"].between(start, end).sum()
    headcount = (foh["hire_date"] <= end) & (foh["exit_date"].isna() | (foh["exit_date"] >= start))
    assert 0.4 <= exits / 2 / (headcount.sum() / 2) <= 0.9  # 40-70 %+ a year, roughly
    left = e["exit_date"].notna()
    assert e.loc[left, "satisfaction"].mean() < e.loc[~left, "satisfaction"].mean()
    assert e["satisfaction"].between(1, 5).all()


def _weekly_diff(series: pd.Series) -> pd.Series:
    return series.resample("W").sum().iloc[1:-1].diff()


def test_local_search_leads_sales_and_likes_do_not(biz):
    o, m = biz.orders, biz.marketing
    sales = _weekly_diff((o["revenue"] - o["refunded"]).set_axis(o["date"]))
    search = m[m["channel"] == "search"].set_index("date")["local_search_visits"].astype(float)
    likes = m[m["channel"] == "social"].set_index("date")["likes"].astype(float)
    d_search, d_likes = _weekly_diff(search), _weekly_diff(likes)
    r_search = [sales.corr(d_search.shift(k)) for k in range(5)]
    r_likes = [sales.corr(d_likes.shift(k)) for k in range(5)]
    assert r_search[2] > 0.3
    assert r_search[2] > r_search[0] + 0.2
    assert max(abs(r) for r in r_likes) < 0.15
    # likes still trend up with the business: a vanity metric that looks good
    yearly = likes.groupby(likes.index.year).sum()
    assert yearly.is_monotonic_increasing


def test_surveys(biz):
    s = biz.surveys
    assert 300 <= len(s) <= 2500
    assert s["nps_score"].between(0, 10).all() and s["csat_score"].between(1, 5).all()
    assert s["customer_id"].isna().any() and s["comment"].isna().any()
    nps = 100 * ((s["nps_score"] >= 9).mean() - (s["nps_score"] <= 6).mean())
    assert 30 <= nps <= 50
    by_q = s.groupby(s["date"].dt.to_period("Q"))["nps_score"].apply(
        lambda x: 100 * ((x >= 9).mean() - (x <= 6).mean())
    )
    assert by_q.max() - by_q.min() > 10
    text = s["comment"].fillna("").str.lower()
    queue = text.str.contains("queue|line|busy")
    late = text.str.contains("late|not ready|past the slot")
    assert not late[s["date"] < "2024-03-01"].any()
    assert late.sum() > 5
    busy = (s["date"].dt.month == 12) | s["date"].between("2023-09-09", "2023-12-17")
    assert queue[busy].mean() > 1.5 * queue[~busy].mean()
    detractor = s["nps_score"] <= 6
    assert detractor[queue | late].mean() > detractor[~(queue | late)].mean()
