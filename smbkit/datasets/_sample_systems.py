"""Build the bundled sample exports of Brightlane's other systems: CRM, analytics, projects.

Brightlane (the SaaS business of :mod:`smbkit.datasets._brightlane`) runs three tools
beside its billing system. The files in ``smbkit/datasets/sample_exports/`` are what a
consultant would be sent from them; they are made from Brightlane's bundled accounts,
subscriptions and usage, so that they AGREE with the subscriptions, and written in each
tool's export layout. Nothing in them is about a real person or company.

``hubspot_deals_2025-05-31.csv``, ``hubspot_deals_2025-06-30.csv`` (HubSpot deals)
    Brightlane's sales team works mid-market and enterprise accounts (small businesses
    sign up on their own and never reach the CRM); it started using HubSpot on
    2025-01-01. Every mid-market or enterprise account whose signup date falls in 2025 and
    whose deal was created on or after 2025-01-01 has one deal: created ``cycle`` days
    before the signup (lognormal, median CYCLE_DAYS by segment), won on the signup date,
    worth 12 x the account's first month's MRR (annual contract value). Deals of accounts
    that sign up after an export's date are open in it, at a stage set by how far their
    cycle has run. Lost deals (prospects ``P-nnnnn``) are added per lead source: after
    each won deal, Poisson((1 - w) / w) lost deals with the same source, where the deal
    win rate ``w`` = WIN_FACTOR x Brightlane's lead-to-signup CONVERSION of that channel.
    The first file holds deals created January-May 2025 as of 31 May, the second deals
    created March-June 2025 as of 30 June: deals of March-May are in both, and those that
    moved on in June (open in May, won or lost by June) appear in two versions.

``mixpanel_events.json`` (Mixpanel raw export, JSON lines, May-June 2025)
    One "active day" event per user and day for a seeded sample of accounts: every
    account that churned in July 2025 (N_CHURN_JULY at most), N_STAY accounts still
    paying at the end of 2025, and N_CHURN_MAY accounts that churned in May 2025 (their
    events stop with May). An account's users are ``<account_id>.u<k>`` (at most
    USERS_MAX). Brightlane's monthly ``usage`` (April-July 2025) is placed mid-month and
    interpolated by day, so that use changes gradually: user k, with a seeded "keenness"
    u_k ~ U(0, 1), is a user on a day while u_k < active_users / seats (adoption), and is
    active that weekday with probability ``min(0.5, sessions / active_users /
    DAY_DIVISOR)``, on a weekend day with a tenth of that. Events only fall in months the
    account has a ``subscriptions`` row.
    Planted: N_DUPLICATES events sent twice (same ``$insert_id``); staff and QA events
    (``ana@brightlane.example``, ``qa-bot``); anonymous visitors ``$device:<id>``, three
    of whom log in later (their device then carries a user id), the rest never do.

``asana_onboarding.csv`` (Asana project export "Customer onboarding")
    For every account won in a deal from April to June 2025 (whatever the CRM exports
    show), four tasks: kickoff call,
    data import, team training (due 3, 14 and 21 days after signup) and a "send welcome
    pack" task with no due date. Tasks finish a lognormal number of days after creation;
    enterprise imports run longer. Tasks not finished by the export date (2025-06-30) are
    open, some of them overdue.

The planted truths a lesson can find:

- **Partner deals win more.** The CRM's win rate by lead source follows Brightlane's
  channel conversion: partner referrals win about half their closed deals, organic
  (content) deals under a fifth.
- **Falling weekly active users come before churn.** Brightlane's accounts run into
  trouble before they leave: usage falls 1-3 months before the churn month. In the
  events, the accounts that churned in July 2025 lost about a quarter of their weekly
  active users from May to June (total over the group, full weeks), while the accounts
  that stayed kept theirs. With a few users per account the sample is noisy: over seeds
  the July churners' fall ranges from 0 to a third (typically about 17 %) while the
  stayers stay within about 10 %; EVENT_SEED_OFFSET picks a typical draw (-25 % vs -4 %).
- **Won deals = new subscriptions.** Every won deal's company is an account whose first
  subscription month is the deal's close month; open deals at 30 June are the accounts
  that sign up in July and later. Where the systems disagree: mid-market and enterprise
  accounts that signed up in early 2025 from deals created before the CRM went live have
  no deal, and small-business signups never do. And one deal, created in February 2025,
  is open "Contract sent" in the May export and missing from the June export (which only
  covers deals created from March), although the account has paid since June: the
  combined CRM data show it open, the billing system shows a customer.

Rebuild the files, byte for byte, with ``python -m smbkit.datasets._sample_systems``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit.datasets._brightlane import CHANNELS, CONVERSION

__all__ = ["FILES", "SEED", "build", "write"]

SEED = 2225
ZONE = "America/New_York"
CRM_START = pd.Timestamp("2025-01-01")
SNAPSHOTS = (pd.Timestamp("2025-05-31 23:59"), pd.Timestamp("2025-06-30 23:59"))
EXPORT_CREATED = (("2025-01-01", "2025-06-01"), ("2025-03-01", "2025-07-01"))
CYCLE_DAYS = {"mid_market": 35.0, "enterprise": 60.0}
CYCLE_SD = 0.4
WIN_FACTOR = 2.5
SOURCES = {
    "paid_search": "Paid search",
    "content": "Organic search",
    "outbound": "Outbound",
    "partner": "Partner referral",
}
OWNERS = ("Dana Ortiz", "Sam Lee", "Priya Nair")
OPEN_STAGES = (
    ("Appointment scheduled", 0.2),
    ("Qualified to buy", 0.4),
    ("Presentation scheduled", 0.6),
    ("Decision maker bought-in", 0.8),
    ("Contract sent", 0.9),
)
EVENT_WINDOW = ("2025-05-01", "2025-07-01")
EVENT_SEED_OFFSET = 7  # see "Falling weekly active users" in the module docstring
DAY_DIVISOR = 100  # sessions per user a month -> chance of an active weekday
CONTEXT = ("2025-04-01", "2025-08-01")  # usage months interpolated into the window
N_CHURN_JULY, N_STAY, N_CHURN_MAY = 12, 18, 2
USERS_MAX = 6
N_DUPLICATES = 6
EVENT_NAMES = ("Report Viewed", "Task Created", "Dashboard Shared")
EVENT_P = (0.55, 0.35, 0.10)
TASK_EXPORT = pd.Timestamp("2025-06-30")
ONBOARDING = (  # name, section, due days after signup (None: no due date), median days
    ("Kickoff call", "Kickoff", 3, 2.0),
    ("Send welcome pack", "Kickoff", None, 1.0),
    ("Data import", "Implementation", 14, 10.0),
    ("Team training", "Training", 21, 16.0),
)
CSMS = ("Lee Okafor", "Mia Chen")

FILES = (
    "hubspot_deals_2025-05-31.csv",
    "hubspot_deals_2025-06-30.csv",
    "mixpanel_events.json",
    "asana_onboarding.csv",
)
DEAL_HEADER = [
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Pipeline",
    "Amount",
    "Currency",
    "Close Date",
    "Create Date",
    "Deal owner",
    "Deal probability",
    "Associated Company",
    "Original Source Type",
    "Last Modified Date",
]
TASK_HEADER = [
    "Task ID",
    "Created At",
    "Completed At",
    "Last Modified",
    "Name",
    "Section/Column",
    "Assignee",
    "Assignee Email",
    "Start Date",
    "Due Date",
    "Tags",
    "Notes",
    "Projects",
    "Parent task",
]


def _csv(header, rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _minute(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d %H:%M")


def _deals(b, rng) -> pd.DataFrame:
    """Every deal with its eventual outcome and dates (before any snapshot)."""
    acc = b.accounts
    first = b.subscriptions.sort_values("month").groupby("account_id").first()
    sales = acc[acc["segment"].isin(list(CYCLE_DAYS)) & (acc["signup_date"] >= CRM_START)]
    sales = sales.sort_values(["signup_date", "account_id"]).reset_index(drop=True)
    median = sales["segment"].map(CYCLE_DAYS).to_numpy(dtype=float)
    cycle = np.round(median * np.exp(rng.normal(0, CYCLE_SD, len(sales))), 2)
    hours = rng.integers(9, 17, len(sales))
    closed = sales["signup_date"] + pd.to_timedelta(hours, unit="h")
    won = pd.DataFrame(
        {
            "account": sales["account_id"].to_numpy(),
            "source": sales["acquisition_channel"].to_numpy(),
            "created": (closed - pd.to_timedelta(cycle, unit="D")).dt.floor("min"),
            "closed": closed,
            "amount": (12 * first.loc[sales["account_id"], "mrr"]).round(2).to_numpy(),
            "outcome": "won",
        }
    )
    won = won[won["created"] >= CRM_START]
    won = won[won["created"] < pd.Timestamp(EXPORT_CREATED[1][1])]
    # lost deals: per won deal, Poisson((1 - w) / w) with its source
    conv = dict(zip(CHANNELS, CONVERSION, strict=True))
    w = won["source"].map(lambda s: min(0.9, WIN_FACTOR * conv[s])).to_numpy()
    n_lost = rng.poisson((1 - w) / w)
    src = np.repeat(won["source"].to_numpy(), n_lost)
    n = len(src)
    lo, hi = CRM_START, pd.Timestamp(EXPORT_CREATED[1][1])
    created = lo + pd.to_timedelta(rng.random(n) * (hi - lo).days, unit="D")
    created = pd.Series(created).dt.floor("min")
    lcycle = 35.0 * np.exp(rng.normal(0, CYCLE_SD, n))
    amounts = rng.choice(won["amount"].to_numpy(), n) * np.exp(rng.normal(0, 0.3, n))
    lost = pd.DataFrame(
        {
            "account": [f"P-{i:05d}" for i in rng.permutation(n) + 1],
            "source": src,
            "created": created.to_numpy(),
            "closed": (created + pd.to_timedelta(lcycle, unit="D")).dt.floor("min").to_numpy(),
            "amount": np.round(amounts, -1),
            "outcome": "lost",
        }
    )
    deals = pd.concat([won, lost], ignore_index=True).sort_values(["created", "account"])
    deals = deals.reset_index(drop=True)
    deals["deal_id"] = [str(30_151_000_000 + 17 * i) for i in range(len(deals))]
    deals["owner"] = rng.choice(OWNERS, len(deals))
    return deals


def _deal_rows(deals: pd.DataFrame, k: int) -> list[list[str]]:
    start, end = (pd.Timestamp(d) for d in EXPORT_CREATED[k])
    snap = SNAPSHOTS[k]
    part = deals[(deals["created"] >= start) & (deals["created"] < end)]
    rows = []
    for d in part.itertuples():
        if d.closed <= snap:
            stage = "Closed won" if d.outcome == "won" else "Closed lost"
            prob, close, modified = ("1" if d.outcome == "won" else "0"), d.closed, d.closed
        else:
            frac = (snap - d.created) / (d.closed - d.created)
            i = min(len(OPEN_STAGES) - 1, int(frac * len(OPEN_STAGES)))
            stage, p = OPEN_STAGES[i]
            prob = f"{p:g}"
            close = d.closed.normalize() + pd.Timedelta(hours=12)  # expected close date
            modified = d.created + (d.closed - d.created) * (i / len(OPEN_STAGES))
            modified = modified.floor("min")
        name = f"{d.account} new business"
        rows.append(
            [
                d.deal_id,
                name,
                stage,
                "Sales Pipeline",
                f"{d.amount:.2f}",
                "USD",
                _minute(close),
                _minute(d.created),
                d.owner,
                prob,
                d.account,
                SOURCES[d.source],
                _minute(modified),
            ]
        )
    return rows


def _event_accounts(b, rng) -> pd.DataFrame:
    acc = b.accounts
    last = b.subscriptions.groupby("account_id")["month"].max()
    first = b.subscriptions.groupby("account_id")["month"].min()
    ok = acc.set_index("account_id").assign(first=first, last=last)
    ok = ok[ok["first"] <= "2025-03-01"]
    churn = ok["churn_date"]

    def pick(mask, n):
        ids = np.sort(ok.index[mask.to_numpy()].to_numpy())
        return list(rng.choice(ids, min(n, len(ids)), replace=False))

    july = pick(churn.dt.to_period("M") == pd.Period("2025-07"), N_CHURN_JULY)
    stay = pick(churn.isna() & (ok["last"] >= "2025-12-01"), N_STAY)
    may = pick(churn.dt.to_period("M") == pd.Period("2025-05"), N_CHURN_MAY)
    return sorted(july + stay + may)


def _events(b, rng) -> str:
    accounts = _event_accounts(b, rng)
    usage = b.usage.merge(b.subscriptions, on=["account_id", "month"])
    usage = usage[usage["account_id"].isin(accounts)]
    usage = usage[(usage["month"] >= CONTEXT[0]) & (usage["month"] < CONTEXT[1])]
    days = pd.date_range(EVENT_WINDOW[0], pd.Timestamp(EVENT_WINDOW[1]) - pd.Timedelta(days=1))
    day_num = days.to_numpy().astype("datetime64[D]").astype(np.int64)
    weekend = np.asarray(days.day_of_week >= 5)
    records = []  # (local time, distinct_id, event, extra properties)
    for account, acct in usage.sort_values("month").groupby("account_id", sort=True):
        # monthly adoption and use per user, placed mid-month and interpolated by day
        mid = (acct["month"] + pd.Timedelta(days=14)).to_numpy().astype("datetime64[D]")
        mid = mid.astype(np.int64)
        adoption = np.interp(day_num, mid, (acct["active_users"] / acct["seats"]).to_numpy())
        per_day = (acct["sessions"] / acct["active_users"].clip(lower=1) / DAY_DIVISOR).to_numpy()
        per_day = np.minimum(0.5, np.interp(day_num, mid, per_day))
        per_day = np.where(weekend, per_day / 10, per_day)
        paid = days.to_period("M").isin(acct["month"].dt.to_period("M"))
        n_users = min(int(acct["seats"].iloc[0]), USERS_MAX)
        for k in range(n_users):
            keen = rng.random()  # a user stays active while adoption is above this
            active = days[paid & (keen < adoption) & (rng.random(len(days)) < per_day)]
            for day in active:
                t = day + pd.Timedelta(minutes=int(rng.integers(8 * 60, 18 * 60)))
                name = EVENT_NAMES[rng.choice(len(EVENT_NAMES), p=EVENT_P)]
                records.append((t, f"{account}.u{k}", name, {}))
    # staff and QA
    for i in range(8):
        day = days[int(rng.integers(len(days)))]
        who = "qa-bot" if i % 2 else "ana@brightlane.example"
        records.append((day + pd.Timedelta(hours=7, minutes=i), who, "Report Viewed", {}))
    # anonymous visitors: three log in later with the same device, the rest never do
    logins = accounts[:3]
    for j, acct in enumerate(logins):
        dev = f"dv{j:03d}"
        day = days[10 + 7 * j] + pd.Timedelta(hours=9)
        records.append((day, f"$device:{dev}", "Pricing Page Viewed", {"$device_id": dev}))
        records.append(
            (
                day + pd.Timedelta(minutes=3),
                f"{acct}.u0",
                "Report Viewed",
                {"$device_id": dev, "$user_id": f"{acct}.u0"},
            )
        )
    for j in range(12):
        dev = f"dv{100 + j:03d}"
        day = days[int(rng.integers(len(days)))] + pd.Timedelta(hours=int(rng.integers(8, 20)))
        records.append((day, f"$device:{dev}", "Pricing Page Viewed", {"$device_id": dev}))
    records.sort(key=lambda r: (r[0], r[1]))
    lines = []
    for i, (t, who, name, extra) in enumerate(records):
        epoch = int(t.tz_localize(ZONE).timestamp())
        props = {"time": epoch, "distinct_id": who, "$insert_id": f"e{i:05d}", **extra}
        lines.append(json.dumps({"event": name, "properties": props}, separators=(",", ":")))
    dup = np.sort(rng.choice(len(lines), N_DUPLICATES, replace=False))
    for shift, i in enumerate(dup):
        lines.insert(int(i) + shift + 1, lines[int(i) + shift])  # sent twice, back to back
    return "\n".join(lines) + "\n"


def _tasks(deals: pd.DataFrame, b, rng) -> str:
    seg = b.accounts.set_index("account_id")["segment"]
    won = deals[(deals["outcome"] == "won") & (deals["closed"] >= "2025-04-01")]
    won = won[won["closed"] <= SNAPSHOTS[1]].sort_values(["closed", "account"])
    rows = []
    tid = 1_209_877_000_000_000
    for d in won.itertuples():
        signup = d.closed.normalize()
        for j, (name, section, due_days, median) in enumerate(ONBOARDING):
            tid += 13
            if name == "Data import" and seg[d.account] == "enterprise":
                median *= 1.8
            done = signup + pd.Timedelta(days=int(round(median * np.exp(rng.normal(0, 0.5)))))
            due = "" if due_days is None else (signup + pd.Timedelta(days=due_days)).date()
            finished = done <= TASK_EXPORT
            rows.append(
                [
                    str(tid),
                    str(signup.date()),
                    str(done.date()) if finished else "",
                    str(min(done, TASK_EXPORT).date()),
                    f"{d.account}: {name}",
                    section,
                    CSMS[j % 2 if seg[d.account] == "enterprise" else (j + 1) % 2],
                    "",
                    "",
                    str(due),
                    "",
                    "",
                    "Customer onboarding",
                    "",
                ]
            )
    return _csv(TASK_HEADER, rows)


def build(seed: int = SEED) -> dict[str, str]:
    """Return the files' text, by file name (see FILES).

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng` for every random choice.

    Returns
    -------
    dict of str to str
        File name -> text (UTF-8, ``\\n`` line ends).
    """
    from smbkit import datasets

    b = datasets.load("brightlane")
    rng = np.random.default_rng(seed)
    deals = _deals(b, rng)
    files = {
        FILES[0]: _csv(DEAL_HEADER, _deal_rows(deals, 0)),
        FILES[1]: _csv(DEAL_HEADER, _deal_rows(deals, 1)),
        FILES[2]: _events(b, np.random.default_rng(seed + EVENT_SEED_OFFSET)),
        FILES[3]: _tasks(deals, b, np.random.default_rng(seed + 2)),
    }
    return files


def write(folder: str | Path | None = None, seed: int = SEED) -> list[Path]:
    """Write the files (to the bundled folder by default); return their paths."""
    folder = Path(folder) if folder is not None else Path(__file__).parent / "sample_exports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in build(seed).items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write():
        print(f"wrote {p} ({p.stat().st_size:,} bytes)")
