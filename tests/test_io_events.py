"""read_events on small hand-made Mixpanel and Amplitude exports; counts worked out in comments."""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.io import read_events
from smbkit.io._events import EVENT_COLUMNS

F = Path(__file__).parent / "fixtures" / "io"
MIXPANEL = F / "events_mixpanel.json"
HOURS = [F / "events_amplitude_2026-05-01_12.json", F / "events_amplitude_2026-05-01_13.json"]
INTERNAL = {"domains": ["ourco.com"], "property": ("is_internal", True)}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def ledger(res, action: str, reason: str) -> tuple[int, float]:
    row = res.ledger[(res.ledger["action"] == action) & (res.ledger["reason"] == reason)]
    assert len(row) == 1, res.ledger
    return int(row["rows"].iloc[0]), float(row["amount"].iloc[0])


def reconciles(res) -> None:
    core = res.ledger[res.ledger["action"] != "repaired"]
    assert int(core["rows"].sum()) == res.raw_rows
    assert core["amount"].sum() == res.raw_amount == 0.0  # events carry no money


def _typed(data: pd.DataFrame) -> None:
    assert list(data.columns) == list(EVENT_COLUMNS)
    assert {c: str(t) for c, t in data.dtypes.items()} == EVENT_COLUMNS


def _amplitude_zip(path: Path) -> Path:
    """The download as Amplitude ships it: a zip of one gzipped JSON lines file per hour."""
    with zipfile.ZipFile(path, "w") as archive:
        for hour in HOURS:
            name = f"123456/123456_{hour.stem.split('_', 2)[2]}#0.json.gz"
            archive.writestr(name, gzip.compress(hour.read_bytes()))
    return path


# ---- Mixpanel ------------------------------------------------------------------------------


def test_mixpanel_duplicates_internal_users_and_anonymous_devices():
    res = read_events(MIXPANEL, tz="UTC", internal=INTERNAL)
    reconciles(res)
    _typed(res.data)
    # 9 lines: 1 Sign Up u1 (device d1); 2 anonymous $device:d1; 3 anonymous $device:d2;
    # 4 a copy of 1 (same $insert_id, name, distinct_id, time); 5 blank; 6 ana@ourco.com on
    # d3; 7 anonymous $device:d3; 8 u2 with is_internal=true; 9 u3 Purchase
    assert res.raw_rows == 9
    assert ledger(res, "kept", "event kept") == (4, 0.0)  # lines 1, 2, 3, 9
    assert ledger(res, "excluded", "duplicate event") == (1, 0.0)  # line 4
    assert ledger(res, "excluded", "blank line") == (1, 0.0)  # line 5
    assert ledger(res, "excluded", "internal or test user") == (3, 0.0)  # lines 6, 7, 8
    # lines 2 and 7: their devices are seen with exactly one user, so they are linked
    assert ledger(res, "repaired", "anonymous event linked to its user by device id") == (2, 0.0)
    d = res.data
    assert d["source_row"].tolist() == [2, 1, 3, 9]  # sorted by time
    assert d["user_id"].tolist()[:2] == ["u1", "u1"]
    assert pd.isna(d["user_id"].iloc[2]) and d["device_id"].iloc[2] == "d2"  # anonymous-only
    assert d["time"].tolist() == [
        pd.Timestamp("2026-05-01 11:00"),
        pd.Timestamp("2026-05-01 12:00"),
        pd.Timestamp("2026-05-01 13:00"),
        pd.Timestamp("2026-05-01 16:00"),
    ]
    assert d["event_id"].tolist() == ["i2", "i1", "i3", "i7"]
    # Mixpanel's own keys leave the properties; the event's own stay
    assert json.loads(d["properties"].iloc[1]) == {"plan": "pro"}
    assert "mixpanel" in res.source
    assert not any("holds UTC instants" in w for w in res.warnings)


def test_mixpanel_without_rules_keeps_internal_users_and_warns_about_utc():
    res = read_events(MIXPANEL)
    reconciles(res)
    # 9 lines = 7 kept + 1 duplicate + 1 blank
    assert ledger(res, "kept", "event kept") == (7, 0.0)
    assert any("holds UTC instants; times are kept in UTC" in w for w in res.warnings)
    assert res.data["time"].iloc[0] == pd.Timestamp("2026-05-01 11:00")


def test_internal_users_by_id_and_property_value_as_text(tmp_path):
    lines = [
        {"event": "A", "properties": {"time": 1777636800, "distinct_id": "qa-bot", "$insert_id": "1"}},
        {"event": "A", "properties": {"time": 1777636800, "distinct_id": "u1", "$insert_id": "2"}},
        {"event": "A", "properties": {"time": 1777636800, "distinct_id": "u2", "$insert_id": "3",
                                      "is_internal": "TRUE"}},
    ]  # fmt: skip
    path = tmp_path / "e.json"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    rule = {"users": ["QA-bot"], "property": ("is_internal", True)}
    res = read_events(path, tz="UTC", internal=rule)
    assert res.data["user_id"].tolist() == ["u1"]
    assert ledger(res, "excluded", "internal or test user") == (2, 0.0)


def test_empty_export_gives_an_empty_typed_table():
    res = read_events(F / "events_mixpanel_empty.json")
    assert res.data.empty
    _typed(res.data)
    assert any("no data rows" in w for w in res.warnings)
    assert res.summary()[0].startswith("No data rows below the header")


def test_no_raw_email_in_warnings_or_ledger():
    res = read_events(MIXPANEL, internal=INTERNAL)
    text = " ".join(res.warnings + res.summary()) + res.ledger.to_string()
    assert not [m for m in EMAIL.findall(text) if not m.startswith("***@")]


# ---- Amplitude -----------------------------------------------------------------------------


def _check_amplitude(res) -> None:
    reconciles(res)
    # hour 12: uu1 anonymous on dA, uu2 user 42 on dA, uu3 anonymous on dB (session -1)
    # hour 13: uu2 again (late copy), uu4 user 77 with e-mail at test.ourco.com, uu9 a
    # second uuid for $insert_id ins2 of user 42 (sent twice)
    assert res.raw_rows == 6
    assert ledger(res, "kept", "event kept") == (3, 0.0)
    assert ledger(res, "excluded", "duplicate event") == (2, 0.0)
    assert ledger(res, "excluded", "internal or test user") == (1, 0.0)
    assert ledger(res, "repaired", "anonymous event linked to its user by device id") == (1, 0.0)
    d = res.data
    assert d["event_id"].tolist() == ["uu1", "uu2", "uu3"]
    assert d["user_id"].tolist()[:2] == ["42", "42"] and pd.isna(d["user_id"].iloc[2])
    # UTC 12:00:00.123456 is 14:00:00.123456 in Berlin (summer time)
    assert d["time"].iloc[0] == pd.Timestamp("2026-05-01 14:00:00.123456")
    assert d["session_id"].iloc[0] == "1777636800000" and pd.isna(d["session_id"].iloc[2])
    assert json.loads(d["properties"].iloc[1]) == {"sku": "A1"}
    assert "amplitude" in res.source


def test_amplitude_zip_of_hourly_gzip_files(tmp_path):
    path = _amplitude_zip(tmp_path / "export.zip")
    res = read_events(path, tz="Europe/Berlin", internal={"domains": "ourco.com"})
    _check_amplitude(res)
    assert res.data["source_file"].iloc[0] == "export.zip:123456/123456_2026-05-01_12#0.json.gz"


def test_amplitude_plain_and_gzip_files(tmp_path):
    gz = tmp_path / "late.json.gz"
    gz.write_bytes(gzip.compress(HOURS[1].read_bytes()))
    res = read_events([HOURS[0], gz], tz="Europe/Berlin", internal={"domains": ["ourco.com"]})
    _check_amplitude(res)


# ---- a table of events ---------------------------------------------------------------------


def test_generic_table_of_events():
    res = read_events(F / "events_generic.csv", tz="America/New_York")
    reconciles(res)
    # 3 rows: e1, e2 and a copy of e2; times in UTC ("Z"), 12:00 and 13:00 = 08:00, 09:00
    assert ledger(res, "kept", "event kept") == (2, 0.0)
    assert ledger(res, "excluded", "duplicate event") == (1, 0.0)
    assert res.data["time"].tolist() == [
        pd.Timestamp("2026-05-01 08:00"),
        pd.Timestamp("2026-05-01 09:00"),
    ]
    assert json.loads(res.data["properties"].iloc[0]) == {"plan": "pro"}
    plain = read_events(F / "events_generic.csv", source="generic")
    assert any("has times with a UTC offset" in w for w in plain.warnings)


def test_generic_table_with_unix_times(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("event,timestamp,user_id\nA,1777636800,u1\nB,1777636800000,u2\n")
    res = read_events(path, tz="UTC")
    assert res.data["time"].tolist() == [pd.Timestamp("2026-05-01 12:00")] * 2


# ---- invariants ----------------------------------------------------------------------------

_LINES = [line for line in MIXPANEL.read_text().splitlines() if line.strip()]


@settings(max_examples=30, deadline=None)
@given(picks=st.lists(st.integers(min_value=0, max_value=len(_LINES) - 1), max_size=20))
def test_copies_and_order_never_change_the_events(tmp_path_factory, picks):
    # any selection of lines, repeated and in any order: one event per insert id, all
    # lines accounted for
    path = tmp_path_factory.mktemp("mp") / "e.json"
    path.write_text("\n".join(_LINES[i] for i in picks))
    res = read_events(path, tz="UTC")
    reconciles(res)
    ids = {json.loads(_LINES[i])["properties"]["$insert_id"] for i in picks}
    assert sorted(res.data["event_id"]) == sorted(ids)
    assert res.raw_rows == len(picks)


# ---- every refusal names the file, the line and the fix ------------------------------------


def test_malformed_line_names_file_and_line(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(MIXPANEL.read_text().splitlines()[0] + '\n{"event": "Sign Up", "prope\n')
    with pytest.raises(DataError, match=r"cut.json line 2 is not valid JSON \(Unterminated string"):
        read_events(path)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("[1, 2]\n", {}, r"e.json line 1 holds a JSON list, not an event object"),
        ('{"foo": 1}\n', {}, r"could not recognise e.json line 1 as a Mixpanel event"),
        ('{"event_type": "x"}\n', {"source": "mixpanel"}, r"line 1 is not a Mixpanel event"),
        ('{"event": "x"}\n', {"source": "amplitude"}, r"line 1 is not an Amplitude event"),
        ('{"event": null, "properties": {"time": 1777636800}}\n', {}, r"line 1 has no event name"),
        ('{"event": "x", "properties": {"time": 0}}\n', {}, r"line 1, 'properties.time': 0 is not"),
        ('{"event": "x", "properties": {}}\n', {}, r"None is not a plausible Unix time"),
        ('{"event": "x", "properties": {"time": 1}}\n', {"source": "generic"}, r"is JSON, but"),
        ("event,time\nA,2026-05-01\n", {"source": "mixpanel"}, r"e.json is not JSON lines"),
        (
            '{"event_type": "x", "event_time": "2026-05-01 12:00:00"}\n',
            {"source": "amplitude", "tz": "Mars/Olympus"},
            r"time zone 'Mars/Olympus' is not a zone name",
        ),
    ],
)
def test_lines_that_are_not_events_are_refused(tmp_path, text, kwargs, message):
    path = tmp_path / "e.json"
    path.write_text(text)
    with pytest.raises(DataError, match=message):
        read_events(path, **kwargs)


def test_unreadable_amplitude_time_names_the_line(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"event_type": "x", "event_time": "yesterday"}\n')
    with pytest.raises(DataError, match=r"a.json row 1, column 'event_time': cannot read 'yest"):
        read_events(path)


def test_bad_properties_json_in_a_table_names_row_and_column(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text('event,time,properties\nA,2026-05-01 12:00,"{""a"": "\n')
    with pytest.raises(DataError, match=r"events.csv row 2, column 'properties' is not valid JSON"):
        read_events(path)


def test_damaged_files_are_refused(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(DataError, match=r"file '.*nope.json' does not exist"):
        read_events(missing)
    gz = tmp_path / "cut.json.gz"
    gz.write_bytes(gzip.compress(b'{"event": "x"}\n')[:-6])
    with pytest.raises(DataError, match=r"cut.json.gz is a gzip file that cannot be decompressed"):
        read_events(gz)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"event": "caf\xe9"}\n')
    with pytest.raises(DataError, match=r"latin.json is not UTF-8 text"):
        read_events(latin)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DataError, match=r"other.zip is a zip archive without .json or .json.gz"):
        read_events(other)


def test_mixed_tools_are_refused(tmp_path):
    with pytest.raises(DataError, match=r"is an export of amplitude, but earlier files are expo"):
        read_events([MIXPANEL, HOURS[0]])


@pytest.mark.parametrize(
    ("internal", "message"),
    [
        (["ourco.com"], r"internal must be a dict such as"),
        ({"domain": ["ourco.com"]}, r"internal has unknown key\(s\) \['domain'\]"),
        ({"property": "is_internal"}, r"internal\['property'\] must be a \(name, value\) pair"),
    ],
)
def test_bad_internal_rules_are_refused(internal, message):
    with pytest.raises(SmbkitError, match=message):
        read_events(MIXPANEL, internal=internal)


def test_bad_source_and_empty_paths_are_refused():
    with pytest.raises(SmbkitError, match=r"the value for `source` must be one of"):
        read_events(MIXPANEL, source="segment")
    with pytest.raises(SmbkitError, match=r"read_events: paths is empty"):
        read_events([])
