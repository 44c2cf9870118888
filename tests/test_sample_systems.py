"""Brightlane's bundled CRM, analytics and project exports: rebuilt byte for byte, read
cleanly, in agreement with the subscriptions, and holding their planted truths."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from smbkit import datasets
from smbkit.datasets import _sample_systems
from smbkit.io import read_deals, read_events, read_tasks

ZONE = "America/New_York"
INTERNAL = {"users": ["qa-bot"], "domains": ["brightlane.example"]}


@functools.cache
def _brightlane():
    return datasets.load("brightlane")


@functools.cache
def _deals():
    return read_deals(datasets.sample_export_paths("hubspot"), tz=ZONE)


@functools.cache
def _events():
    return read_events(datasets.sample_export_paths("mixpanel"), tz=ZONE, internal=INTERNAL)


@functools.cache
def _tasks():
    return read_tasks(datasets.sample_export_paths("asana"))


def _paths():
    return [
        p
        for layout in ("hubspot", "mixpanel", "asana")
        for p in datasets.sample_export_paths(layout)
    ]


def test_bundled_files_are_small_and_named():
    assert [p.name for p in _paths()] == [
        "hubspot_deals_2025-05-31.csv",
        "hubspot_deals_2025-06-30.csv",
        "mixpanel_events.json",
        "asana_onboarding.csv",
    ]
    assert sum(p.stat().st_size for p in _paths()) < 300_000


def test_rebuild_is_byte_identical(tmp_path):
    written = _sample_systems.write(tmp_path)
    for new, bundled in zip(written, _paths(), strict=True):
        assert new.name == bundled.name
        assert new.read_bytes() == bundled.read_bytes(), new.name


def test_deals_are_read_with_overlap_and_changed_versions():
    res = _deals()
    assert res.source.startswith("hubspot")
    led = res.ledger.set_index(["action", "reason"])["rows"]
    assert led[("excluded", "duplicate across exports")] > 0
    assert led[("excluded", "older version of a deal replaced by a later export")] > 0
    assert res.data["deal_id"].is_unique
    assert set(res.data["outcome"]) == {"won", "lost", "open"}


def test_won_deals_are_new_subscriptions():
    b = _brightlane()
    deals = _deals().data
    won = deals[deals["outcome"] == "won"].set_index("account")
    first = b.subscriptions.groupby("account_id")["month"].min()
    assert (first.loc[won.index] == won["closed"].dt.to_period("M").dt.to_timestamp()).all()
    acc = b.accounts.set_index("account_id")
    assert set(acc.loc[won.index, "segment"]) <= {"mid_market", "enterprise"}
    assert (acc.loc[won.index, "signup_date"] == won["closed"].dt.normalize()).all()
    mrr = b.subscriptions.sort_values("month").groupby("account_id")["mrr"].first()
    assert won["amount"].to_numpy() == pytest.approx(12 * mrr.loc[won.index].to_numpy())
    # open deals of real accounts sign up after the last export, except one: created in
    # February, open in the May export, won in June, but the June export only covers
    # deals created from March (the planted disagreement)
    open_ = deals[(deals["outcome"] == "open") & deals["account"].str.startswith("BL-")]
    assert len(open_) > 0
    stale = open_[(acc.loc[open_["account"], "signup_date"] <= "2025-06-30").to_numpy()]
    assert len(stale) == 1
    assert stale["created"].iloc[0] < pd.Timestamp("2025-03-01")
    assert stale["source_file"].iloc[0] == "hubspot_deals_2025-05-31.csv"


def test_partner_deals_win_most():
    deals = _deals().data
    closed = deals[deals["outcome"] != "open"]
    rate = (closed["outcome"] == "won").groupby(closed["source"]).mean()
    assert rate.idxmax() == "Partner referral"
    assert rate["Partner referral"] > 2 * rate["Organic search"]


def test_events_ledger_and_active_accounts_only():
    res = _events()
    led = res.ledger.set_index(["action", "reason"])["rows"]
    assert led[("excluded", "duplicate event")] == _sample_systems.N_DUPLICATES
    assert led[("excluded", "internal or test user")] > 0
    assert led[("repaired", "anonymous event linked to its user by device id")] == 3
    ev = res.data
    assert ev["user_id"].isna().sum() > 0  # anonymous-only visitors stay
    users = ev.dropna(subset=["user_id"])
    month = users["time"].dt.to_period("M").dt.to_timestamp()
    pairs = pd.MultiIndex.from_arrays([users["user_id"].str.split(".").str[0], month])
    subs = pd.MultiIndex.from_frame(_brightlane().subscriptions[["account_id", "month"]])
    assert pairs.isin(subs).all(), "events only in months the account pays for"


def test_weekly_active_users_fall_before_july_churn():
    ev = _events().data.dropna(subset=["user_id"])
    ev = ev.assign(
        account=ev["user_id"].str.split(".").str[0], week=ev["time"].dt.to_period("W-SUN")
    )
    weekly = ev.pivot_table(
        index="account", columns="week", values="user_id", aggfunc="nunique", fill_value=0
    )
    weekly = weekly.iloc[:, 1:-1]  # the export's first and last weeks are cut short
    assert weekly.shape[1] == 8
    may, june = weekly.iloc[:, :4].mean(axis=1), weekly.iloc[:, -4:].mean(axis=1)
    churn = _brightlane().accounts.set_index("account_id")["churn_date"].reindex(weekly.index)
    july = churn.dt.to_period("M") == pd.Period("2025-07")
    stayed = churn.isna()
    # over each group, total weekly active users of June's full weeks vs May's
    assert june[july].sum() / may[july].sum() - 1 < -0.2
    assert june[stayed].sum() / may[stayed].sum() - 1 > -0.1


def test_tasks_belong_to_won_accounts():
    tasks = _tasks().data
    account = tasks["name"].str.split(":").str[0]
    signup = _brightlane().accounts.set_index("account_id")["signup_date"]
    assert signup.loc[account].between("2025-04-01", "2025-06-30").all()
    assert set(signup.loc[account].index) >= set(
        signup[signup.between("2025-04-01", "2025-06-30")].index.intersection(
            _deals().data["account"]
        )
    )
    assert tasks["due"].isna().any() and tasks["due"].notna().any()
    assert (~tasks["done"]).any()
