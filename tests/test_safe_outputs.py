"""Safe outputs: atomic writes, spreadsheet-formula escaping, e-mail redaction."""

from __future__ import annotations

import csv
import dataclasses
import errno
import os
import pickle
import re
import stat
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit._atomic import atomic_write
from smbkit._redact import MASK, redact, redact_frame
from smbkit.io import read_orders
from smbkit.report import escape_formulas, export_tables, render

ROOT = Path(__file__).resolve().parents[1]
IO = ROOT / "tests" / "fixtures" / "io"
SIGNS = "=+-@"
# whitespace a person cannot see at the start of a cell, as the exporter strips it
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
SPACES = " \t\u00a0\u3000\u2003\u2028\x0b\x0c\x1c\x85" + INVISIBLE
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66"]


def _leftover(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_only_on_success(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old and good")
    with pytest.raises(RuntimeError, match="disk went away"):
        with atomic_write(path) as tmp:
            tmp.write_text("new but ha")
            raise RuntimeError("disk went away")
    assert path.read_text() == "old and good"
    assert _leftover(tmp_path) == []
    with atomic_write(path) as tmp:
        assert tmp.parent == path.parent and tmp.suffix == ".html"
        tmp.write_text("new and whole")
    assert path.read_text() == "new and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_atomic_write_names_the_final_file_in_os_errors(tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    path.write_text("old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match=r"No space left on device") as caught:
        with atomic_write(path) as tmp:
            tmp.write_text("new")
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(path)  # not the temporary file
    assert path.read_text() == "old" and _leftover(tmp_path) == []


def test_atomic_write_in_a_missing_folder_names_the_file(tmp_path):
    path = tmp_path / "nope" / "r.html"
    with pytest.raises(FileNotFoundError) as caught:
        with atomic_write(path) as tmp:
            tmp.write_text("x")
    assert caught.value.filename == str(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_permissions_and_symlinks(tmp_path):
    fresh = tmp_path / "fresh.csv"
    with atomic_write(fresh) as tmp:
        tmp.write_text("a")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # as open(path, "w") gives
    fresh.chmod(0o640)
    with atomic_write(fresh) as tmp:
        tmp.write_text("b")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    link = tmp_path / "latest.csv"
    link.symlink_to(fresh)
    with atomic_write(link) as tmp:
        tmp.write_text("c")
    assert link.is_symlink() and fresh.read_text() == "c"


@pytest.mark.parametrize(("fmt", "writer"), [("csv", "to_csv"), ("xlsx", "to_excel")])
def test_export_failing_midway_leaves_the_old_table(tmp_path, monkeypatch, fmt, writer):
    table = pd.DataFrame({"name": ["Ana", "Ben"], "amount": [1.0, 2.0]})
    (path,) = export_tables({"customers": table}, tmp_path, fmt=fmt)
    before = path.read_bytes()

    def half_then_fail(self, target, *args, **kwargs):
        Path(target).write_bytes(b"name,amo")  # a truncated file under the temporary name
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, writer, half_then_fail)
    with pytest.raises(OSError, match="No space left on device") as caught:
        export_tables({"customers": table.assign(amount=[9.0, 9.0])}, tmp_path, fmt=fmt)
    assert caught.value.filename == str(path)
    assert path.read_bytes() == before
    assert _leftover(tmp_path) == []


def test_report_failing_midway_leaves_the_old_report(tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("yesterday's good report", encoding="utf-8")
    real = Path.write_text

    def half_then_fail(self, data, *args, **kwargs):
        real(self, data[:100], *args, **kwargs)
        raise RuntimeError("writer crashed")

    monkeypatch.setattr(Path, "write_text", half_then_fail)
    orders = pd.DataFrame(
        {
            "order_id": ["1", "2", "3"],
            "customer_id": ["a", "b", "a"],
            "date": pd.to_datetime(["2025-01-03", "2025-01-20", "2025-02-02"]),
            "revenue": [10.0, 30.0, 25.0],
            "refunded": 0.0,
            "cost": 4.0,
            "discount": 0.0,
        }
    )
    with pytest.raises(RuntimeError, match="writer crashed"):
        render(orders, out=out)
    monkeypatch.setattr(Path, "write_text", real)
    assert out.read_text(encoding="utf-8") == "yesterday's good report"
    assert _leftover(tmp_path) == []


# --------------------------------------------------------------------------- formula escaping


def _first_visible(text: str) -> str:
    """The first character a spreadsheet user would see ('' for a blank cell)."""
    while text and (text[0].isspace() or text[0] in INVISIBLE):
        text = text[1:]
    return text[:1]


def _dangerous(text: str) -> bool:
    if text[:1] in "\t\r\n" and text:
        return True
    first = _first_visible(text)
    return bool(first) and (first in SIGNS or unicodedata.normalize("NFKC", first)[:1] in SIGNS)


def test_the_checker_itself_catches_what_it_should():
    assert _dangerous("=1") and _dangerous(" \u3000\uff1dSUM(A1)") and _dangerous("\tx")
    assert _dangerous("\u200b@cmd") and _dangerous("\ufe62 1") and _dangerous("\u200b \u200b=1")
    assert not _dangerous("Ana") and not _dangerous("'=1") and not _dangerous("")


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("  =1+1", "'  =1+1"),
        ("\u3000\uff0bcmd", "'\u3000\uff0bcmd"),
        ("\u200b-2", "'\u200b-2"),
        ("\nnote", "'\nnote"),
        ("Leave at door\r\n=HYPERLINK(1)", "Leave at door\r\n'=HYPERLINK(1)"),
        ("a\n b\n  @c", "a\n b\n'  @c"),
        ("e-mail", "e-mail"),
        ("'=already", "'=already"),
        ("", ""),
    ],
)
def test_escape_formulas_rules(cell, escaped):
    assert escape_formulas(pd.DataFrame({"c": [cell]}))["c"].iloc[0] == escaped


def test_negative_numbers_stay_numbers_and_text_is_quoted(tmp_path):
    table = pd.DataFrame(
        {"who": ["-x", "Ana", None], "amount": [-5.0, 2.5, float("nan")], "n": [-1, 2, 3]}
    )
    (path,) = export_tables({"t": table}, tmp_path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ['"who","amount","n"', '"\'-x",-5.0,-1', '"Ana",2.5,2', '"","",3']
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["amount"].tolist()[:2] == [-5.0, 2.5] and back["n"].tolist() == [-1, 2, 3]


cell_text = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda pad, sign, rest: pad + sign + rest,
        st.text(alphabet=SPACES, max_size=4),
        st.sampled_from(TRIGGERS),
        st.text(max_size=20),
    ),
    st.builds(
        lambda a, brk, pad, sign, rest: a + brk + pad + sign + rest,
        st.text(max_size=8),
        st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\x85"]),
        st.text(alphabet=SPACES, max_size=3),
        st.sampled_from(TRIGGERS),
        st.text(max_size=8),
    ),
)


@settings(max_examples=150, deadline=None)
@given(cell_text)
def test_no_exported_csv_cell_or_line_starts_a_formula(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("csv")
    table = pd.DataFrame({"note": [text, "plain"], "amount": [-1.0, 2.0]})
    (path,) = export_tables({"t": table}, folder)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cell = rows[1][0]
    assert not _dangerous(cell)
    assert all(not _dangerous(line) for line in cell.splitlines())
    assert cell.replace("'", "") == text.replace("'", "")  # apostrophes added, nothing else
    # a reader that splits the raw file at every line break still sees no formula
    raw = path.read_text(encoding="utf-8-sig")
    assert all(not _dangerous(line) for line in re.split(r"\r\n|\r|\n", raw))


@settings(max_examples=40, deadline=None)
@given(cell_text)
def test_no_exported_excel_cell_starts_a_formula(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("xlsx")
    table = pd.DataFrame({"note": [text], "amount": [-1.0]})
    (path,) = export_tables({"t": table}, folder, fmt="xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    value = sheet["A2"].value
    if value is not None:  # openpyxl reads an empty cell back as None
        assert not _dangerous(value)
        assert all(not _dangerous(line) for line in value.splitlines())
    assert sheet["B2"].value == -1.0


# --------------------------------------------------------------------------- redaction


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("cannot read 'ana.smith@example.com'", "cannot read '***@example.com'"),
        ("José.O'Brien+shop@mail.example.co.uk.", "***@mail.example.co.uk."),
        ("a@b.io,c_d@e.org", "***@b.io,***@e.org"),
        ("@media print; 3 @ 2.50; user@localhost", "@media print; 3 @ 2.50; user@localhost"),
    ],
)
def test_redact(text, shown):
    assert redact(text) == shown


@settings(max_examples=200, deadline=None)
@given(st.emails(), st.text(max_size=10))
def test_redact_never_leaves_the_local_part(email, around):
    local, _, domain = email.rpartition("@")
    assume(local != MASK)
    out = redact(f"{around} {email} {around}")
    assert email not in out
    assert f"***@{domain}" in out
    assert redact(out) == out  # idempotent


def test_errors_carry_no_email_even_after_pickling():
    exc = DataError("row 2: 'ana@example.com' is not money")
    assert str(exc) == "row 2: '***@example.com' is not money"
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is DataError and str(again) == str(exc)
    assert "ben" not in str(SmbkitError("customer", "ben@example.org"))


def test_a_bad_shopify_cell_holding_an_email_is_reported_without_it(tmp_path):
    text = (IO / "shopify_orders.csv").read_text(encoding="utf-8")
    path = tmp_path / "orders_export.csv"
    path.write_text(text.replace(",USD,50.00,", ",USD,ana.smith@example.com,", 1))
    with pytest.raises(DataError, match=r"column 'Subtotal': cannot read '\*\*\*@example\.com'"):
        read_orders(path)
    with pytest.raises(DataError) as caught:
        read_orders(path)
    assert "ana.smith" not in str(caught.value) and "***@example.com" in str(caught.value)


def test_redact_frame_masks_text_cells_only():
    led = pd.DataFrame({"ana@example.com": ["x ben@example.org", None], "rows": [1, 2]})
    out = redact_frame(led)
    assert list(out.columns) == ["***@example.com", "rows"]
    assert out.iloc[0, 0] == "x ***@example.org" and pd.isna(out.iloc[1, 0])
    assert out["rows"].tolist() == [1, 2] and led.iloc[0, 0] == "x ben@example.org"


def test_report_and_its_ledger_show_no_email(tmp_path):
    read = read_orders(IO / "shopify_orders.csv")  # no key=: customer ids are e-mails
    ledger = read.ledger.copy()
    ledger.loc[0, "example"] = "shopify_orders.csv:row 2 (ana@example.com)"
    read = dataclasses.replace(
        read,
        ledger=ledger,
        warnings=[*read.warnings, "customer_id holds e-mails such as cara@example.com"],
        data=read.data.assign(location="ben@example.com"),
    )
    html = render(read, out=tmp_path / "r.html", tables_dir=tmp_path / "tables")
    for name in ("ana@", "ben@", "cara@"):
        assert name not in html
        assert name not in (tmp_path / "r.html").read_text(encoding="utf-8")
        assert name not in (tmp_path / "tables" / "ledger.csv").read_text(encoding="utf-8-sig")
    assert "***@example.com" in html  # shown masked, not dropped
    assert "shopify_orders.csv:row 2 (***@example.com)" in html
