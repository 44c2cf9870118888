"""smbkit.datasets: the bundled Brightlane and the churn warning signs planted in it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smbkit import datasets
from smbkit.datasets import __main__ as cli
from smbkit.datasets._brightlane_schema import PACKAGE
from smbkit.datasets._package import dtypes_for, render_json, table_bytes

NAME = "brightlane"
BUNDLE = Path(datasets.__file__).resolve().parent / NAME
FIELDS = {r["name"]: r["schema"]["fields"] for r in PACKAGE["resources"]}
KEYS = {r["name"]: r["schema"].get("primaryKey") for r in PACKAGE["resources"]}
FIRST, LAST = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-01")
LIST_PRICE = {"starter": 15.0, "growth": 29.0, "enterprise": 49.0}  # per seat, before 2025


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.to_timestamp()


@pytest.fixture(scope="module")
def biz():
    return datasets.load(NAME)


@pytest.fixture(scope="module")
def small():
    return datasets.generate(NAME, seed=3, scale=0.2)


@pytest.fixture(scope="module", params=["bundled", "small"])
def any_biz(request, biz, small):
    return biz if request.param == "bundled" else small


def _panel(biz) -> pd.DataFrame:
    """One row per account-month: usage, tickets, segment, churn month, next-month churn."""
    t = biz.tickets.assign(month=_month(biz.tickets["date"]))
    tickets = t.groupby(["account_id", "month"]).size().rename("tickets")
    p = biz.usage.merge(tickets, on=["account_id", "month"], how="left")
    p["tickets"] = p["tickets"].fillna(0).astype(int)
    p = p.merge(biz.accounts[["account_id", "segment", "churn_date"]], on="account_id")
    p["churn_month"] = _month(p["churn_date"])
    p["months_to_churn"] = (p["churn_month"].dt.year - p["month"].dt.year) * 12 + (
        p["churn_month"].dt.month - p["month"].dt.month
    )
    p["churns_next_month"] = (p["months_to_churn"] == 1).astype(int)
    return p.sort_values(["account_id", "month"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def panel(biz):
    return _panel(biz)


# ---------------------------------------------------------------- package and files
def test_listed_and_loadable(biz):
    row = datasets.list_datasets().set_index("name").loc[NAME]
    assert row["title"] == "Brightlane"
    assert row["tables"].split(",") == list(FIELDS) == biz.tables
    assert biz.source == "bundled" and "software-as-a-service" in biz.description
    assert repr(biz).startswith("Dataset 'brightlane': Brightlane [bundled]")


def test_datapackage_json_matches_the_code_schema():
    on_disk = (BUNDLE / "datapackage.json").read_text(encoding="utf-8")
    assert on_disk == render_json(PACKAGE)
    package = json.loads(on_disk)
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "seed=0" in package["sources"][0]["title"]
    units = {}
    for res in package["resources"]:
        assert res["path"] == f"{res['name']}.csv.gz" and res["compression"] == "gz"
        for field in res["schema"]["fields"]:
            assert {"name", "type", "description"} <= set(field)
            if field["type"] in ("integer", "number"):
                assert field.get("unit"), f"{res['name']}.{field['name']} has no unit"
            units[(res["name"], field["name"])] = field.get("unit")
    assert units[("subscriptions", "mrr")] == units[("marketing", "spend")] == "USD"
    assert units[("usage", "engagement_score")] == "score 0-100"
    assert units[("tickets", "resolution_hours")] == "hours"


def test_bundle_is_small_and_equals_generate_seed_0(biz):
    size = sum(p.stat().st_size for p in BUNDLE.iterdir())
    assert size <= 1_500_000
    fresh = datasets.generate(NAME, seed=0, scale=1.0)
    for table in FIELDS:
        path = BUNDLE / f"{table}.csv.gz"
        assert path.read_bytes()[4:8] == b"\x00\x00\x00\x00", f"{path.name}: gzip mtime"
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
    assert not frame.duplicated(subset=KEYS[table]).any()
    assert len(frame) > 0


def test_generate_is_deterministic_and_seed_matters(small):
    again = datasets.generate(NAME, seed=3, scale=0.2)
    for table in small:
        pd.testing.assert_frame_equal(small[table], again[table], check_exact=True)
    other = datasets.generate(NAME, seed=4, scale=0.2)
    assert len(other.accounts) != len(small.accounts) or not other.accounts.equals(small.accounts)
    assert not other.marketing["spend"].equals(small.marketing["spend"])


def test_scale_grows_rows(biz, small):
    for table in ("accounts", "subscriptions", "usage", "tickets"):
        assert len(biz[table]) > 3 * len(small[table]), table
    assert len(biz.marketing) == len(small.marketing)  # one row per month and channel
    assert biz.marketing["spend"].sum() > 3 * small.marketing["spend"].sum()


# ------------------------------------------------------------ integrity and ranges
def test_referential_integrity_and_months(any_biz):
    a = any_biz.accounts.set_index("account_id")
    s, u, t = any_biz.subscriptions, any_biz.usage, any_biz.tickets
    assert set(s["account_id"]) == set(a.index)  # every account was billed in the window
    assert set(t["account_id"]) <= set(a.index)
    # usage has exactly the subscription rows, in the same order
    pd.testing.assert_frame_equal(
        s[["account_id", "month"]], u[["account_id", "month"]], check_exact=True
    )
    assert s["month"].between(FIRST, LAST).all() and (s["month"].dt.day == 1).all()
    # one row per month from the later of signup and 2023-01 to the churn month (or 2025-12)
    start = _month(a["signup_date"]).clip(lower=FIRST).astype(s["month"].dtype)
    end = _month(a["churn_date"]).fillna(LAST).astype(s["month"].dtype)
    months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    span = s.groupby("account_id")["month"].agg(["min", "max", "size"]).reindex(a.index)
    pd.testing.assert_series_equal(span["min"], start, check_names=False)
    pd.testing.assert_series_equal(span["max"], end, check_names=False)
    np.testing.assert_array_equal(span["size"], months)


def test_accounts(any_biz):
    a = any_biz.accounts
    assert a["account_id"].is_monotonic_increasing and a["signup_date"].is_monotonic_increasing
    assert (a["signup_date"] >= "2021-01-01").all() and (a["signup_date"] <= "2025-12-31").all()
    churned = a.dropna(subset=["churn_date"])
    assert (churned["churn_date"] >= churned["signup_date"]).all()
    assert churned["churn_date"].between("2023-01-01", "2025-12-31").all()
    assert set(a["segment"]) == {"smb", "mid_market", "enterprise"}


def test_subscriptions_and_usage_ranges(any_biz):
    s, u = any_biz.subscriptions, any_biz.usage
    assert (s["seats"] >= 1).all() and (s["mrr"] > 0).all()
    price = s["plan"].map(LIST_PRICE) * np.where(s["month"] >= "2025-01-01", 1.08, 1.0)
    per_seat = s["mrr"] / s["seats"]
    assert (per_seat <= price + 0.01).all() and (per_seat >= 0.74 * price).all()
    assert (u["active_users"] >= 0).all() and (u["active_users"] <= s["seats"]).all()
    assert (u["sessions"] >= 0).all() and (u["feature_events"] >= 0).all()
    assert u["engagement_score"].between(0, 100).all()
    assert u["engagement_score"].std() > 5


def test_engagement_score_follows_its_formula(any_biz):
    u = any_biz.usage
    seats = any_biz.subscriptions["seats"]
    users = u["active_users"].astype(float)
    per_user = users.where(users > 0)
    depth = (u["feature_events"] / (60 * per_user)).clip(upper=1)
    freq = (u["sessions"] / (16 * per_user)).clip(upper=1)
    score = (100 * (0.5 * users / seats + 0.3 * depth + 0.2 * freq)).fillna(0)
    expected = np.floor(score + 0.5).astype(int)
    np.testing.assert_array_equal(u["engagement_score"], expected)


def test_tickets(any_biz):
    t = any_biz.tickets.merge(any_biz.accounts, on="account_id")
    assert t["ticket_id"].is_monotonic_increasing and t["date"].is_monotonic_increasing
    assert (t["date"] >= t["signup_date"]).all() and (t["date"] >= FIRST).all()
    end = _month(t["churn_date"]) + pd.offsets.MonthBegin(1)  # service runs to month end
    assert (t["date"] < end.fillna(pd.Timestamp("2026-01-01"))).all()
    assert (t["resolution_hours"] > 0).all()
    slow = t.groupby("priority")["resolution_hours"].median()
    assert slow["urgent"] < slow["high"] < slow["normal"] < slow["low"]


def test_marketing_funnel(any_biz):
    m, a = any_biz.marketing, any_biz.accounts
    assert len(m) == 36 * 4 and (m["spend"] > 0).all()
    assert (m["signups"] <= m["leads"]).all()
    new = a[a["signup_date"] >= FIRST]
    counted = new.groupby([_month(new["signup_date"]), "acquisition_channel"]).size()
    key = pd.MultiIndex.from_frame(m[["month", "channel"]])
    np.testing.assert_array_equal(counted.reindex(key, fill_value=0), m["signups"])


def test_business_size(biz):
    s = biz.subscriptions
    monthly = s.groupby("month").agg(accounts=("account_id", "size"), mrr=("mrr", "sum"))
    assert monthly["accounts"].iloc[-1] > 2 * monthly["accounts"].iloc[0]  # growing
    churned = biz.accounts["churn_date"].dropna()
    per_month = churned.groupby(_month(churned)).size().reindex(monthly.index, fill_value=0)
    logo_churn = per_month / monthly["accounts"]
    assert 0.01 < logo_churn.mean() < 0.045  # 12-42 % of accounts a year, as in SMB SaaS


# ------------------------------------------------------- churn has warning signs
def test_churners_had_more_tickets_and_less_engagement_before(panel):
    before = panel[panel["months_to_churn"].between(1, 3)]
    retained = panel[panel["churn_date"].isna()]
    # within a segment (ticket rates differ by segment); the gap is about 14 points of
    # engagement, less certain for the few dozen enterprise accounts that churned
    for segment, gap in (("smb", 8), ("mid_market", 8), ("enterprise", 5)):
        b = before[before["segment"] == segment]
        r = retained[retained["segment"] == segment]
        assert b["account_id"].nunique() >= 25, segment
        assert b["tickets"].mean() > 1.5 * r["tickets"].mean(), segment
        assert b["engagement_score"].mean() < r["engagement_score"].mean() - gap, segment


def test_usage_declines_into_churn(panel):
    # churners' active users one month before the churn month vs four months before
    users = panel[panel["churn_date"].notna()].pivot_table(
        index="account_id", columns="months_to_churn", values="active_users"
    )
    both = users[[1, 4]].dropna()
    both = both[both[4] > 0]
    assert len(both) > 100
    assert (both[1] / both[4]).median() < 0.8
    # retained accounts over the same kind of gap hold steady
    r = panel[panel["churn_date"].isna()].copy()
    r["ahead"] = r.groupby("account_id")["active_users"].shift(-3)
    r = r[r["active_users"] > 0].dropna(subset=["ahead"])
    assert (r["ahead"] / r["active_users"]).median() > 0.9


def test_logistic_regression_of_next_month_churn(panel):
    import statsmodels.api as sm

    p = panel.copy()
    p["engagement_change"] = p.groupby("account_id")["engagement_score"].diff()
    p = p[p["month"] < LAST].dropna(subset=["engagement_change"])
    x = sm.add_constant(
        pd.DataFrame(
            {
                "log_tickets": np.log1p(p["tickets"]),
                "engagement": p["engagement_score"],
                "engagement_change": p["engagement_change"],
            }
        ).astype(float)
    )
    fit = sm.Logit(p["churns_next_month"].astype(float), x).fit(disp=0)
    assert fit.params["log_tickets"] > 0.3 and fit.pvalues["log_tickets"] < 1e-6
    assert fit.params["engagement"] < -0.02 and fit.pvalues["engagement"] < 1e-6
    # the model ranks next month's churners well above the rest (AUC via ranks)
    score = fit.predict(x)
    y = p["churns_next_month"].to_numpy()
    ranks = score.rank().to_numpy()
    auc = (ranks[y == 1].sum() - y.sum() * (y.sum() + 1) / 2) / (y.sum() * (1 - y).sum())
    assert auc > 0.75


def test_alignment_report_finds_tickets_and_engagement_leading_churn(biz):
    from smbkit.analysis import alignment_report

    s, t, u = biz.subscriptions, biz.tickets, biz.usage
    months = pd.Index(sorted(s["month"].unique()))
    churn = biz.accounts["churn_date"].dropna()
    data = pd.DataFrame(
        {
            "date": months,
            "churned_accounts": churn.groupby(_month(churn)).size().reindex(months, fill_value=0),
            "tickets": t.groupby(_month(t["date"])).size().reindex(months, fill_value=0),
            "mean_engagement": u.groupby("month")["engagement_score"].mean().reindex(months),
        }
    ).reset_index(drop=True)
    report = alignment_report(
        data,
        outcome="churned_accounts",
        candidates=["tickets", "mean_engagement"],
        freq="M",
        max_lag=3,
    ).set_index("candidate")
    assert (report["verdict"] == "leading indicator").all(), report[["verdict", "best_lag"]]
    assert report["best_lag"].between(1, 3).all()
    assert report.loc["tickets", "correlation_at_best_lag"] > 0.4
    assert report.loc["mean_engagement", "correlation_at_best_lag"] < -0.2  # engagement falls
