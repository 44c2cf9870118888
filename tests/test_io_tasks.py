"""read_tasks on small hand-made Asana, Trello and Monday.com exports; counts in the comments."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from smbkit import DataError, SmbkitError
from smbkit.io import read_tasks
from smbkit.io._tasks import TASK_COLUMNS

F = Path(__file__).parent / "fixtures" / "io"
ASANA = F / "tasks_asana.csv"
TRELLO = F / "tasks_trello.json"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
T = pd.Timestamp


def ledger(res, action: str, reason: str) -> tuple[int, float]:
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == reason)]
    assert len(row) == 1, res.ledger
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def reconciles(res) -> None:
    core = res.ledger[res.ledger["action"] != "repaired"]
    assert int(core["rows"].sum()) == res.raw_rows
    assert core["amount"].sum() == res.raw_amount == 0.0  # tasks carry no money


def _typed(data: pd.DataFrame) -> None:
    assert list(data.columns) == list(TASK_COLUMNS)
    assert {c: str(t) for c, t in data.dtypes.items()} == TASK_COLUMNS


# ---- Asana ---------------------------------------------------------------------------------


def test_asana_project_csv_with_subtasks():
    res = read_tasks(ASANA)
    reconciles(res)
    _typed(res.data)
    # 7 rows below the header: tasks 1201-1204, a blank row, a row without a Task ID, 1205
    assert res.raw_rows == 7
    assert ledger(res, "kept", "task kept") == (5, 0.0)
    assert ledger(res, "excluded", "blank row") == (1, 0.0)
    assert ledger(res, "excluded", "missing task id") == (1, 0.0)
    d = res.data.set_index("task_id")
    # subtasks: 1203 names its parent by name, 1204 by id; 1205's parent is not in the file
    assert d["parent_id"].isna().tolist() == [True, True, False, False, True]
    assert d.loc["1203", "parent_id"] == "1201" and d.loc["1204", "parent_id"] == "1202"
    assert d["done"].tolist() == [True, False, True, False, False]
    assert d.loc["1201", "completed"] == T("2026-05-06")
    assert d.loc["1201", "due"] == T("2026-05-05")
    assert (
        d.loc["1202", "section"] == "In progress" and d.loc["1202", "project"] == "Website launch"
    )
    assert pd.isna(d.loc["1202", "completed"])
    assert any("no 'Task ID' (first: row 7)" in w for w in res.warnings)
    assert any("parent 'Unknown parent'" in w for w in res.warnings)
    # dates only: no zone warning; and the assignee e-mail column is not carried over
    assert not any("time zone" in w for w in res.warnings)
    assert not EMAIL.search(res.data.to_string())


@pytest.mark.parametrize("reverse", [False, True])
def test_asana_overlapping_exports_keep_the_last_modified(tmp_path, reverse):
    lines = ASANA.read_text().splitlines()
    later = tmp_path / "website-later.csv"
    # the later export: 1202 completed on 2026-05-09 (modified then), 1201 unchanged
    later.write_text(
        "\n".join(
            [
                lines[0],
                lines[1],
                "1202,2026-05-02,2026-05-09,2026-05-09,Design hero image,Done,Ben Ode,"
                "ben@example.com,2026-05-02,2026-05-12,,,Website launch,",
            ]
        )
        + "\n"
    )
    paths = [later, ASANA] if reverse else [ASANA, later]
    res = read_tasks(paths)
    reconciles(res)
    # 7 + 2 rows; 1201 twice (identical), 1202 in two versions
    assert ledger(res, "kept", "task kept") == (5, 0.0)
    assert ledger(res, "excluded", "duplicate across exports") == (1, 0.0)
    assert ledger(res, "excluded", "older version of a task replaced by a later export") == (1, 0.0)
    d = res.data.set_index("task_id")
    assert d.loc["1202", "completed"] == T("2026-05-09") and d.loc["1202", "done"]
    assert d.loc["1204", "parent_id"] == "1202"


def test_header_only_export_gives_an_empty_typed_table():
    res = read_tasks(F / "tasks_asana_header_only.csv")
    assert res.data.empty
    _typed(res.data)
    assert any("no data rows" in w for w in res.warnings)
    assert res.summary()[0].startswith("No data rows below the header")


# ---- Trello --------------------------------------------------------------------------------


def test_trello_board_json():
    res = read_tasks(TRELLO, tz="UTC")
    reconciles(res)
    _typed(res.data)
    # 6 cards; "Archived idea" is closed and "Idea on an archived list" sits on a closed list
    assert ledger(res, "kept", "task kept") == (4, 0.0)
    assert ledger(res, "kept", "archived card kept (archived=True)") == (2, 0.0)
    # no createCard action for "Old checklist" and "Idea on an archived list"; "Old
    # checklist" sits in Done without an action that moved it there
    created_by_id = "created read from the card id (no createCard action in the export)"
    assert ledger(res, "repaired", created_by_id) == (2, 0.0)
    last_activity = "completion time taken from the card's last activity (no action in the export)"
    assert ledger(res, "repaired", last_activity) == (1, 0.0)
    d = res.data.set_index("name")
    # done: moved to "Done ✅" (Draft plan), due date ticked (Book venue), in Done (Old
    # checklist); "Write invite" went to Done and back, so it is open
    assert d["done"].to_dict() == {
        "Draft plan": True,
        "Book venue": True,
        "Old checklist": True,
        "Archived idea": False,
        "Idea on an archived list": False,
        "Write invite": False,
    }
    assert d.loc["Draft plan", "completed"] == T("2026-05-02 10:00")  # the move to Done
    assert d.loc["Book venue", "completed"] == T("2026-05-03 08:30")  # the tick
    assert d.loc["Old checklist", "completed"] == T("2026-04-25 16:00")  # last activity
    assert pd.isna(d.loc["Write invite", "completed"])
    # created: the createCard action, else the id: 0x69e61540 = 1776686400 = 2026-04-20 12:00
    assert d.loc["Draft plan", "created"] == T("2026-05-01 09:00")
    assert d.loc["Old checklist", "created"] == T("2026-04-20 12:00")
    assert d.loc["Idea on an archived list", "created"] == T("2026-05-01 12:00")
    assert d.loc["Book venue", "assignee"] == "Ana Ruiz, Ben Ode"
    assert d.loc["Book venue", "section"] == "Doing"
    assert d.loc["Book venue", "due"] == T("2026-05-10 12:00")
    assert (d["project"] == "Launch board").all()
    assert d["archived"].sum() == 2 and d.loc["Archived idea", "archived"]
    assert d.loc["Old checklist", "source_row"] == 3
    assert "trello" in res.source


def test_trello_times_are_converted_and_utc_is_warned_once():
    res = read_tasks(TRELLO, tz="Europe/Berlin")
    d = res.data.set_index("name")
    assert d.loc["Book venue", "completed"] == T("2026-05-03 10:30")  # 08:30 UTC, summer time
    assert d.loc["Old checklist", "created"] == T("2026-04-20 14:00")
    plain = read_tasks(TRELLO)
    assert sum("UTC" in w for w in plain.warnings) == 1


def test_trello_done_lists_override_the_default():
    res = read_tasks(TRELLO, tz="UTC", done_lists=["doing"])
    d = res.data.set_index("name")
    # "Done ✅" is no longer a done list: Draft plan and Old checklist are open; Book venue
    # is done by its ticked due date (and sits in Doing)
    assert not d.loc["Draft plan", "done"] and not d.loc["Old checklist", "done"]
    assert d.loc["Book venue", "done"]


def test_trello_board_without_a_done_list_is_warned(tmp_path):
    board = json.loads(TRELLO.read_text())
    for lst in board["lists"]:
        lst["name"] = lst["name"].replace("Done", "Finished")
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board))
    res = read_tasks(path, tz="UTC")
    assert any("no list is named like 'Done'" in w for w in res.warnings)
    assert res.data.set_index("name")["done"].sum() == 1  # only the ticked due date


def test_trello_board_without_cards_gives_an_empty_table(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"name": "B", "cards": [], "lists": [], "actions": []}))
    res = read_tasks(path)
    assert res.data.empty
    _typed(res.data)
    assert any("no data rows" in w for w in res.warnings)


# ---- Monday.com ----------------------------------------------------------------------------


def _monday(path: Path) -> Path:
    """A board export as Monday writes it: title, then per group a title, header, items."""
    book = openpyxl.Workbook()
    sheet = book.active
    head = ["Name", "Subitems", "Person", "Status", "Date", "Item ID (auto generated)"]
    head.append("Last updated")
    for row in [
        ["Marketing board"],
        ["Q2 launch"],
        head,
        ["Launch email", "Proofread, Send test", "Ana Ruiz", "Done", dt.date(2026, 5, 8), "9001"]
        + [dt.datetime(2026, 5, 7, 16, 0)],
        ["Subitems", "Name", "Owner", "Status", "Date"],
        [None, "Proofread", "Ben Ode", "Done", dt.date(2026, 5, 6)],
        [None, "Send test", "Ana Ruiz", "Working on it", dt.date(2026, 5, 7)],
        ["Landing page", None, "Ben Ode", "Working on it", dt.date(2026, 5, 20), "9002"]
        + [dt.datetime(2026, 5, 9, 10, 0)],
        [],
        ["Q3 ideas"],
        head,
        ["Podcast", None, None, None, None, "9003", None],
    ]:
        sheet.append(row)
    book.save(path)
    return path


def test_monday_board_export(tmp_path):
    res = read_tasks(_monday(tmp_path / "board.xlsx"), tz="Europe/London")
    reconciles(res)
    _typed(res.data)
    # 9 rows below the first header (sheet rows 4-12): 3 items, 2 subitems, a subitems
    # header, a blank row, the "Q3 ideas" group title and its repeated header
    assert res.raw_rows == 9
    assert ledger(res, "kept", "task kept") == (5, 0.0)
    for reason in ("subitems header row", "blank row", "group title row", "repeated header row"):
        assert ledger(res, "excluded", reason) == (1, 0.0)
    assert ledger(res, "repaired", "completion date taken from the last update") == (1, 0.0)
    d = res.data.set_index("name")
    assert (d["project"] == "Marketing board").all()
    assert d["section"].tolist() == ["Q2 launch"] * 4 + ["Q3 ideas"]
    assert d.loc["Proofread", "parent_id"] == "9001" and d.loc["Send test", "parent_id"] == "9001"
    assert d.loc["Proofread", "task_id"] == "board.xlsx:row 6"  # no Item ID for subitems
    assert d["done"].tolist() == [True, True, False, False, False]
    assert d.loc["Launch email", "completed"] == T("2026-05-07 16:00")  # Last updated
    assert pd.isna(d.loc["Proofread", "completed"])  # done, but nothing dates it
    assert d.loc["Landing page", "due"] == T("2026-05-20")
    assert any("1 done task(s) have no completion date" in w for w in res.warnings)
    assert any("no creation date column" in w for w in res.warnings)


# ---- a table of tasks ----------------------------------------------------------------------


def test_generic_task_table_with_column_map(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text(
        "Ref,Title,Stage,Opened,Closed On\nT1,Write,Done,2026-05-01,2026-05-03\n"
        "T2,Review,Open,2026-05-02,\nT3,Ship,Shipped,2026-05-02,\n"
    )
    res = read_tasks(
        path,
        column_map={
            "task_id": "Ref",
            "name": "Title",
            "status": "Stage",
            "created": "Opened",
            "completed": "Closed On",
        },
        done_lists=["Done", "Shipped"],
    )
    reconciles(res)
    # done: T1 by its completion date (and status), T3 by its status, undated
    assert res.data["done"].tolist() == [True, False, True]
    assert res.data["completed"].tolist()[0] == T("2026-05-03")
    assert any("1 done task(s) have no completion date" in w for w in res.warnings)


# ---- every refusal names what to do -----------------------------------------------------


def test_trello_files_that_are_not_boards_are_refused(tmp_path):
    cut = tmp_path / "cut.json"
    cut.write_text(TRELLO.read_text()[:200])
    with pytest.raises(DataError, match=r"cut.json is not valid JSON \(.* at line \d+, column"):
        read_tasks(cut)
    other = tmp_path / "other.json"
    other.write_text('{"boards": []}')
    with pytest.raises(DataError, match=r"other.json is JSON but not a Trello board export"):
        read_tasks(other)
    gz = tmp_path / "board.json.gz"
    gz.write_bytes(gzip.compress(TRELLO.read_bytes())[:-8])
    with pytest.raises(DataError, match=r"board.json.gz is a gzip file that cannot be decompress"):
        read_tasks(gz)
    with pytest.raises(DataError, match=r"tasks_asana.csv is not JSON; a Trello export is"):
        read_tasks(ASANA, source="trello")


def test_done_lists_must_name_lists_of_the_board():
    with pytest.raises(DataError, match=r"done_lists names \['shipped'\], which are not lists"):
        read_tasks(TRELLO, done_lists="Shipped")


def test_mixed_tools_are_refused():
    with pytest.raises(
        DataError, match=r"is an export of trello, but earlier files are exports of"
    ):
        read_tasks([ASANA, TRELLO])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "jira"}, r"the value for `source` must be one of"),
        ({"source": "asana", "column_map": {"name": "Title"}}, r"column_map= only works with"),
        ({"column_map": {"title": "Title"}}, r"column_map has unknown canonical name\(s\) \['ti"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(SmbkitError, match=message):
        read_tasks(ASANA, **kwargs)


def test_one_export_with_two_versions_of_a_task_is_refused(tmp_path):
    lines = ASANA.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([lines[0], lines[1], lines[1].replace("Done", "Doing")]) + "\n")
    with pytest.raises(DataError, match=r"task id '1201' appears on rows \[2, 3\] with different"):
        read_tasks(path)


def test_empty_path_list_is_refused():
    with pytest.raises(SmbkitError, match=r"read_tasks: paths is empty"):
        read_tasks([])
