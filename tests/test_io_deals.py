"""read_deals on small hand-made CRM exports; true totals worked out in the comments."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from smbkit import DataError, SmbkitError
from smbkit.io import read_deals
from smbkit.io._deals import DEAL_COLUMNS

F = Path(__file__).parent / "fixtures" / "io"
EARLY = F / "crm_hubspot-deals-2026-05-31.csv"
LATE = F / "crm_hubspot-deals-2026-06-30.csv"
SALESFORCE = F / "crm_salesforce_opportunities.csv"
ZOHO = F / "crm_zoho_deals.csv"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def ledger(res, action: str, reason: str) -> tuple[int, float]:
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == reason)]
    assert len(row) == 1, res.ledger
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def reconciles(res) -> None:
    core = res.ledger[res.ledger["action"] != "repaired"]
    assert int(core["rows"].sum()) == res.raw_rows
    assert core["amount"].sum() == pytest.approx(res.raw_amount, abs=0.005)


def _typed(data: pd.DataFrame) -> None:
    assert list(data.columns) == list(DEAL_COLUMNS)
    assert {c: str(t) for c, t in data.dtypes.items()} == DEAL_COLUMNS


# ---- HubSpot: probability decides custom stages; overlapping exports; a reopened deal ------


@pytest.mark.parametrize("reverse", [False, True])
def test_hubspot_overlapping_exports_keep_the_latest_version(reverse):
    paths = [EARLY, LATE][::-1] if reverse else [EARLY, LATE]
    res = read_deals(paths, tz="America/New_York")
    reconciles(res)
    _typed(res.data)
    # early: 1001 12,000 (won), 1002 4,000 (lost), 1003 blank (open), 1004 2,500 (won) = 18,500
    # late: 1001 12,000 (same row), 1003 8,000, 1004 2,500 (open again), 1005 3,000 = 25,500
    assert (res.raw_rows, res.raw_amount) == (8, 44000.0)
    # kept: 1001 + 1002 + 1003 (late) + 1004 (late) + 1005 = 12,000 + 4,000 + 8,000 + 2,500
    # + 3,000 = 29,500; 1001's early copy is a duplicate, 1003's and 1004's early copies are
    # older versions (0 + 2,500)
    assert ledger(res, "kept", "deal kept") == (5, 29500.0)
    assert ledger(res, "excluded", "duplicate across exports") == (1, 12000.0)
    assert ledger(res, "excluded", "older version of a deal replaced by a later export") == (
        2,
        2500.0,
    )
    assert ledger(res, "repaired", "reopened: closed in an older export, open in the latest") == (
        1,
        2500.0,
    )
    d = res.data.set_index("deal_id")
    # custom stage labels: probability 1 = won, 0 = lost, between = open
    assert d["outcome"].to_dict() == {
        "1001": "won",
        "1002": "lost",
        "1003": "open",
        "1004": "open",
        "1005": "won",
    }
    assert d.loc["1003", "amount"] == 8000.0 and d.loc["1003", "stage"] == "Proposal sent"
    # the reopened deal: open, close date cleared, its close date is now an expected one
    assert pd.isna(d.loc["1004", "closed"])
    assert d.loc["1004", "expected_close"] == pd.Timestamp("2026-07-15")
    assert d.loc["1001", "closed"] == pd.Timestamp("2026-05-10 15:00")
    assert d.loc["1002", "closed"] == pd.Timestamp("2026-05-20 11:00")
    assert d.loc["1001", "source_file"] == LATE.name  # identical copies: the later export
    assert d.loc["1002", "source_file"] == EARLY.name
    assert any("open again in a later one" in w and "'1004'" in w for w in res.warnings)
    assert "hubspot" in res.source


def test_open_deal_with_blank_amount_is_missing_never_zero():
    res = read_deals(EARLY, tz="America/New_York")
    d = res.data.set_index("deal_id")
    # 1003 is open with a blank amount: NaN, and its close date is the expected one
    assert pd.isna(d.loc["1003", "amount"])
    assert pd.isna(d.loc["1003", "closed"])
    assert d.loc["1003", "expected_close"] == pd.Timestamp("2026-06-30")
    assert d.loc["1004", "outcome"] == "won"  # this export alone: still won
    assert ledger(res, "kept", "deal kept") == (4, 18500.0)


def test_last_modified_date_beats_file_order(tmp_path):
    # same deal in two files; the one named later has the OLDER Last Modified Date
    head = EARLY.read_text().splitlines()[0]
    newer = "2001,X,Closed won,P,500,500,USD,2026-05-10 10:00,2026-05-01 09:00,A,1,,C,,2026-06-02 09:00,"
    older = (
        "2001,X,Demo,P,400,400,USD,2026-05-30 10:00,2026-05-01 09:00,A,0.3,,C,,2026-05-02 09:00,"
    )
    a = tmp_path / "deals-2026-05-01.csv"
    b = tmp_path / "deals-2026-07-01.csv"
    a.write_text(f"{head}\n{newer}\n")
    b.write_text(f"{head}\n{older}\n")
    res = read_deals([a, b], tz="UTC")
    assert res.data["outcome"].tolist() == ["won"]
    assert res.data["amount"].tolist() == [500.0]
    assert not any("open again" in w for w in res.warnings)


def test_header_only_export_gives_an_empty_typed_table():
    res = read_deals(F / "crm_hubspot_header_only.csv")
    assert res.data.empty
    _typed(res.data)
    assert res.raw_rows == 0
    assert any("no data rows" in w for w in res.warnings)
    assert res.summary()[0].startswith("No data rows below the header")


# ---- Salesforce: quoted values, currency codes, Won/Closed flags, report footer ------------


def test_salesforce_report_with_footer_and_currency_codes():
    res = read_deals(SALESFORCE)
    reconciles(res)
    _typed(res.data)
    # 4 opportunities: 12,500.00 + 4,000.00 + 8,250.50 + blank = 24,750.50; the footer's
    # Grand Totals row repeats 24,750.50; 2 blank rows and 4 note rows (copyright,
    # confidential, generated by, company name) carry no money
    assert ledger(res, "kept", "deal kept") == (4, 24750.5)
    assert ledger(res, "excluded", "total or footer row") == (1, 24750.5)
    assert ledger(res, "excluded", "note row (no date or money)") == (4, 0.0)
    assert ledger(res, "excluded", "blank row") == (2, 0.0)
    assert res.raw_rows == 11
    d = res.data.set_index("deal_id")
    # "Signed" and "Lost to competitor" are custom stages: the Won/Closed flags decide
    assert d["outcome"].to_dict() == {
        "0065g00000AbC01": "won",
        "0065g00000AbC02": "lost",
        "0065g00000AbC03": "open",
        "0065g00000AbC05": "open",
    }
    assert d.loc["0065g00000AbC01", "amount"] == 12500.0
    assert d.loc["0065g00000AbC01", "currency"] == "USD"
    assert d.loc["0065g00000AbC03", "amount"] == 8250.5
    assert pd.isna(d.loc["0065g00000AbC05", "amount"])
    # slashed dates: 5/14/2026 settles month-first for the whole file, 4/2/2026 included
    assert d.loc["0065g00000AbC01", "created"] == pd.Timestamp("2026-04-02")
    assert d.loc["0065g00000AbC01", "closed"] == pd.Timestamp("2026-05-14")
    assert d.loc["0065g00000AbC02", "source"] == "Partner Referral"
    assert not any("read from the stage name" in w for w in res.warnings)


def test_salesforce_footer_count_is_a_checksum(tmp_path):
    text = SALESFORCE.read_text().replace("Grand Totals (4 records)", "Grand Totals (5 records)")
    path = tmp_path / "opps.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=r"opps.csv row 7: the report's own footer .*counts 5 "):
        read_deals(path)


def test_salesforce_footer_amount_is_a_checksum(tmp_path):
    path = tmp_path / "opps.csv"
    path.write_text(SALESFORCE.read_text().replace('"USD 24,750.50"', '"USD 24,000.00"'))
    with pytest.raises(DataError, match=r"total amount is 24,000.00, but the deals above it sum"):
        read_deals(path)


def test_salesforce_formatted_xlsx_with_title_block_and_subtotals(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["Opportunities by Stage"],
        ["As of 6/1/2026"],
        [],
        ["Opportunity Name", "Opportunity ID", "Account Name", "Opportunity Owner", "Stage"]
        + ["Amount", "Close Date", "Created Date", "Won", "Closed"],
        ["Closed Won"],
        ["Acme", "006X1", "Acme", "Ana", "Closed Won", 1000, "5/14/2026", "4/1/2026", 1, 1],
        ["Bolt", "006X2", "Bolt", "Ben", "Closed Won", 2000, "5/15/2026", "4/2/2026", 1, 1],
        ["Subtotal", None, None, None, None, 3000],
        ["Prospecting"],
        ["Cora", "006X3", "Cora", "Ana", "Prospecting", 500, "7/1/2026", "5/2/2026", 0, 0],
        ["Subtotal", None, None, None, None, 500],
        ["Grand Total (3 records)", None, None, None, None, 3500],
    ]:
        sheet.append(row)
    path = tmp_path / "opportunities.xlsx"
    book.save(path)
    res = read_deals(path)
    reconciles(res)
    # 3 deals (1,000 + 2,000 + 500 = 3,500); 2 subtotal rows (3,000 + 500); 2 group rows
    assert ledger(res, "kept", "deal kept") == (3, 3500.0)
    assert ledger(res, "excluded", "subtotal row") == (2, 3500.0)
    assert ledger(res, "excluded", "note row (no date or money)") == (2, 0.0)
    assert res.data["outcome"].tolist() == ["won", "won", "open"]
    assert any("skipped 3 title row(s)" in w for w in res.warnings)


# ---- Zoho: zcrm_ ids, default stage mapping, stage_outcomes= ---------------------------------


def test_zoho_default_mapping_and_override():
    res = read_deals(ZOHO, tz="Europe/London")
    reconciles(res)
    # 5,000 + 7,000 + 3,000 + blank = 15,000
    assert ledger(res, "kept", "deal kept") == (4, 15000.0)
    d = res.data.set_index("deal_id")
    assert list(d.index) == [f"487687600000041200{i}" for i in range(1, 5)]  # zcrm_ dropped
    # probability 100 / 0 decide Acme and Bolt; "Signed" has no probability, so its name
    # decides (open, with a warning); Negotiation/Review 90 % is open
    assert d["outcome"].tolist() == ["won", "lost", "open", "open"]
    assert any("'Signed' -> open was read from the stage name" in w for w in res.warnings)
    assert d.loc["4876876000000412003", "expected_close"] == pd.Timestamp("2026-05-20")
    assert d["pipeline"].eq("Standard").all() and d["source"].iloc[0] == "Web Download"

    mapped = read_deals(ZOHO, tz="Europe/London", stage_outcomes={" signed ": "won"})
    d = mapped.data.set_index("deal_id")
    assert d.loc["4876876000000412003", "outcome"] == "won"
    assert d.loc["4876876000000412003", "closed"] == pd.Timestamp("2026-05-20")
    assert not any("read from the stage name" in w for w in mapped.warnings)


def test_default_mapping_by_stage_name(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(
        "ID,Status,Value\n1,Closed Won,1\n2,closed_lost,2\n3,Won,3\n4,Lost,4\n"
        "5,Closed-Lost to Competition,5\n6,Won't buy,6\n7,Signed,7\n"
    )
    res = read_deals(
        path, source="generic", column_map={"deal_id": "ID", "stage": "Status", "amount": "Value"}
    )
    reconciles(res)
    assert res.data["outcome"].tolist() == ["won", "lost", "won", "lost", "lost", "open", "open"]


def test_stage_outcomes_override_flags_with_a_warning(tmp_path):
    path = tmp_path / "opps.csv"
    head = '"Opportunity Name","Opportunity ID","Stage","Amount","Won","Closed"\n'
    path.write_text(head + '"A","006A","Signed","10","0","0"\n')
    res = read_deals(path, stage_outcomes={"Signed": "won", "Ghosted": "lost"})
    assert res.data["outcome"].tolist() == ["won"]
    assert any("overrides the export's own Won/Closed flags" in w for w in res.warnings)
    assert any("no kept deal has: ['ghosted']" in w for w in res.warnings)


def test_several_currencies_and_missing_deal_id_are_warned(tmp_path):
    path = tmp_path / "opps.csv"
    head = '"Opportunity Name","Opportunity ID","Stage","Amount","Close Date","Won","Closed"\n'
    path.write_text(
        head + '"A","006A","Closed Won","USD 10.00","5/14/2026","1","1"\n'
        '"B","006B","Closed Won","EUR 20.00","5/15/2026","1","1"\n'
        '"C","","Closed Won","USD 5.00","5/16/2026","1","1"\n'
        '"D","006D","Closed Lost","USD 1.00","","0","1"\n'
    )
    res = read_deals(path)
    reconciles(res)
    assert ledger(res, "excluded", "missing deal id") == (1, 5.0)
    assert res.data["currency"].tolist() == ["USD", "EUR", "USD"]
    assert any("several currencies ['EUR', 'USD']" in w for w in res.warnings)
    assert any("'missing deal id'" in w for w in res.warnings)
    assert any("won or lost deal(s) have no close date" in w for w in res.warnings)


def test_no_raw_email_in_warnings_or_ledger(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("ID,Status,Owner\nana@client.com,Won,x\n,Won,bo@client.com\n")
    res = read_deals(
        path, source="generic", column_map={"deal_id": "ID", "stage": "Status", "owner": "Owner"}
    )
    text = " ".join(res.warnings) + res.ledger.to_string()
    assert not [m for m in EMAIL.findall(text) if not m.startswith("***@")]


# ---- every refusal names what to do -----------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "pipedrive"}, SmbkitError, r"the value for `source` must be one of"),
        ({"stage_outcomes": ["Signed"]}, SmbkitError, r"stage_outcomes must be a dict"),
        (
            {"stage_outcomes": {"Signed": "closed"}},
            SmbkitError,
            r"`stage_outcomes\['Signed'\]` must be one of \['won', 'lost', 'open'\]",
        ),
        ({"source": "generic"}, SmbkitError, r"source='generic' needs column_map="),
        (
            {"source": "zoho", "column_map": {"deal_id": "ID"}},
            SmbkitError,
            r"column_map= only works with source='generic', not 'zoho'",
        ),
        (
            {"column_map": {"deal_id": "ID", "stage": "S", "value": "V"}},
            SmbkitError,
            r"column_map has unknown canonical name\(s\) \['value'\]",
        ),
        ({"column_map": {"deal_id": "ID"}}, SmbkitError, r"column_map lacks \['stage'\]"),
        ({"tz": "Mars/Olympus"}, DataError, r"time zone 'Mars/Olympus' is not a zone name"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        read_deals(ZOHO, **kwargs)


def test_empty_path_list_is_refused():
    with pytest.raises(SmbkitError, match=r"read_deals: paths is empty"):
        read_deals([])


def test_mixed_crms_are_refused():
    with pytest.raises(DataError, match=r"is an export of zoho, but earlier files are exports of"):
        read_deals([EARLY, ZOHO])


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('"maybe"', r"row 2, column 'Won': cannot read 'maybe' as true or false"),
        ('"1"', None),
    ],
)
def test_unreadable_flag_is_refused(tmp_path, cell, message):
    path = tmp_path / "opps.csv"
    head = '"Opportunity Name","Opportunity ID","Stage","Amount","Won","Closed"\n'
    path.write_text(f'{head}"A","006A","Signed","1",{cell},"1"\n')
    if message is None:
        assert read_deals(path, source="salesforce").data["outcome"].tolist() == ["won"]
        return
    with pytest.raises(DataError, match=message):
        read_deals(path, source="salesforce")


def test_unreadable_probability_is_refused(tmp_path):
    path = tmp_path / "deals.csv"
    head = EARLY.read_text().splitlines()[0]
    path.write_text(f"{head}\n3001,X,Demo,P,1,1,USD,,,A,high,,C,,,\n")
    with pytest.raises(DataError, match=r"column 'Deal probability': cannot read 'high' as a prob"):
        read_deals(path)


def test_unreadable_amount_names_row_and_value(tmp_path):
    path = tmp_path / "deals.csv"
    head = EARLY.read_text().splitlines()[0]
    path.write_text(f"{head}\n3001,X,Demo,P,TBD,1,USD,,,A,0.1,,C,,,\n")
    with pytest.raises(DataError, match=r"row 2, column 'Amount': cannot read 'TBD' as money"):
        read_deals(path)


def test_one_export_with_two_versions_of_a_deal_is_refused(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("ID,Status\n7,Won\n7,Lost\n")
    with pytest.raises(DataError, match=r"deal id '7' appears on rows \[2, 3\] with different"):
        read_deals(path, column_map={"deal_id": "ID", "stage": "Status"})


def test_excel_mangled_ids_are_refused(tmp_path):
    path = tmp_path / "deals.csv"
    head = EARLY.read_text().splitlines()[0]
    path.write_text(f"{head}\n1.23457E+10,X,Demo,P,1,1,USD,,,A,0.1,,C,,,\n")
    with pytest.raises(DataError, match=r"id '1.23457E\+10' is in scientific notation"):
        read_deals(path)
