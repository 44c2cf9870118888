"""``read_events``: Mixpanel and Amplitude raw exports (JSON lines), or an events table."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import Context, Layout, ReadResult, check_ids, detect, finish, frame, read_raw
from smbkit.io._dates import parse_datetimes, resolve_zone
from smbkit.io._tables import NO_MONEY, as_paths, no_rows_warning, typed, unix_times

__all__ = ["EVENT_COLUMNS", "read_events"]

FUNC = "read_events"
EVENT_COLUMNS = {
    "event_id": "str",
    "user_id": "str",
    "device_id": "str",
    "time": "datetime64[us]",
    "event": "str",
    "session_id": "str",
    "properties": "str",
    "source_file": "str",
    "source_row": "int64",
}
SOURCES = ("mixpanel", "amplitude", "generic")
_INTERNAL_KEYS = ("domains", "users", "property")
_EMAIL_KEYS = ("$email", "email", "Email", "e-mail")
_KEYS = (
    "event_id",
    "user_id",
    "device_id",
    "_time",
    "event",
    "session_id",
    "_props",
    "_uprops",
    "_key1",
    "_key2",
)
_MIXPANEL_OWN = {"time", "distinct_id", "$insert_id", "$device_id", "$user_id", "$session_id"}

GENERIC = Layout(
    name="generic",
    fields={
        "event_id": ("event_id", "insert_id", "$insert_id", "uuid", "Event ID"),
        "user_id": ("user_id", "distinct_id", "User ID", "Distinct ID", "userId"),
        "device_id": ("device_id", "$device_id", "Device ID", "anonymous_id", "anonymousId"),
        "time": ("time", "timestamp", "event_time", "Time", "Timestamp"),
        "event": ("event", "event_name", "event_type", "Event", "Event Name"),
        "session_id": ("session_id", "$session_id", "Session ID"),
        "properties": ("properties", "event_properties", "Properties"),
    },
    signature=("event", "time"),
    required=("event", "time"),
    ids=("event_id", "user_id", "device_id", "session_id"),
)


def _text(value) -> str | None:
    """An id as text (numbers too), None when missing or blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _bad_json(where: str, exc: json.JSONDecodeError, text: str) -> DataError:
    return DataError(
        f"{FUNC}: {where} is not valid JSON ({exc.msg} at column {exc.colno}): "
        f"{text[:60]!r}. The file may be cut short or edited; export or download it again."
    )


def _documents(path: Path, ctx: Context) -> list[tuple[str, bytes | None]]:
    """The (name, bytes) of each JSON lines document in ``path`` (gzip and zip opened), or
    one ``(name, None)`` when ``path`` is a table (CSV or .xlsx, read by ``read_raw``)."""
    if not path.is_file():
        raise DataError(f"{FUNC}: file {str(path)!r} does not exist; check the path.")
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(path.name, data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = sorted(archive.namelist())
            if "xl/workbook.xml" in members:
                return [(path.name, None)]
            out: list[tuple[str, bytes | None]] = []
            for member in members:
                name, lower = f"{path.name}:{member}", member.lower()
                if member.endswith("/"):
                    continue
                if lower.endswith(".gz"):
                    out.append((name, _gunzip(name, archive.read(member))))
                elif lower.endswith((".json", ".jsonl", ".ndjson")):
                    out.append((name, archive.read(member)))
                else:
                    ctx.warnings.append(f"{name}: not a .json or .json.gz file; skipped.")
        if not out:
            raise DataError(
                f"{FUNC}: {path.name} is a zip archive without .json or .json.gz files "
                f"(it holds {members[:3]}); pass the events export as downloaded."
            )
        return out
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return [(path.name, data if head in (b"{", b"[", b"") else None)]


def _gunzip(name: str, data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(
            f"{FUNC}: {name} is a gzip file that cannot be decompressed ({exc}); download the "
            "export again."
        ) from None


def _lines(name: str, data: bytes) -> list[tuple[int, dict | None]]:
    """(line number, object) per line; None for a blank line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{FUNC}: {name} is not UTF-8 text (byte {exc.start}); JSON exports are UTF-8, "
            "so the file is damaged or not an events export. Download it again."
        ) from None
    lines = text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    out: list[tuple[int, dict | None]] = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            out.append((number, None))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad_json(f"{name} line {number}", exc, line) from None
        if not isinstance(obj, dict):
            raise DataError(
                f"{FUNC}: {name} line {number} holds a JSON {type(obj).__name__}, not an event "
                "object; the export must have one event object per line (JSON lines)."
            )
        out.append((number, obj))
    return out


def _kind(obj: dict) -> str | None:
    if "event_type" in obj:
        return "amplitude"
    if "event" in obj and isinstance(obj.get("properties"), dict):
        return "mixpanel"
    return None


def _mixpanel(name: str, number: int, obj: dict) -> dict:
    props = obj.get("properties")
    if "event" not in obj or not isinstance(props, dict):
        raise DataError(
            f"{FUNC}: {name} line {number} is not a Mixpanel event: it needs 'event' and a "
            f"'properties' object; its keys are {sorted(obj)[:8]}."
        )
    distinct = _text(props.get("distinct_id")) or ""
    anonymous = distinct.startswith("$device:")
    device = _text(props.get("$device_id")) or (distinct[8:] if anonymous else None)
    user = _text(props.get("$user_id")) or (None if anonymous or not distinct else distinct)
    insert = _text(props.get("$insert_id"))
    when = props.get("time")
    when = f"{when:.3f}" if isinstance(when, (int, float)) else str(when)
    return {
        "event_id": insert,
        "user_id": user,
        "device_id": device,
        "_time": props.get("time"),
        "event": _text(obj.get("event")),
        "session_id": _text(props.get("$session_id")),
        "_props": {k: v for k, v in props.items() if k not in _MIXPANEL_OWN},
        "_uprops": {},
        # Mixpanel's own rule: same event name, distinct_id, time and $insert_id
        "_key1": None if insert is None else f"{insert}|{obj.get('event')}|{distinct}|{when}",
        "_key2": None,
    }


def _amplitude(name: str, number: int, obj: dict) -> dict:
    if "event_type" not in obj or "event_time" not in obj:
        raise DataError(
            f"{FUNC}: {name} line {number} is not an Amplitude event: it needs 'event_type' "
            f"and 'event_time'; its keys are {sorted(obj)[:8]}."
        )
    user, device = _text(obj.get("user_id")), _text(obj.get("device_id"))
    uuid, insert = _text(obj.get("uuid")), _text(obj.get("$insert_id"))
    session = _text(obj.get("session_id"))
    props = obj.get("event_properties")
    uprops = obj.get("user_properties")
    return {
        "event_id": uuid or insert,
        "user_id": user,
        "device_id": device,
        "_time": _text(obj.get("event_time")) or "",
        "event": _text(obj.get("event_type")),
        "session_id": None if session in (None, "-1") else session,
        "_props": props if isinstance(props, dict) else {},
        "_uprops": uprops if isinstance(uprops, dict) else {},
        "_key1": uuid,
        "_key2": None if insert is None else f"{insert}|{user or device}",
    }


def _json_frame(name: str, lines, kind: str, ctx: Context, tz) -> pd.DataFrame:
    parse = _mixpanel if kind == "mixpanel" else _amplitude
    blank_record = dict.fromkeys(_KEYS) | {"_props": {}, "_uprops": {}}
    records = [parse(name, n, obj) if obj is not None else blank_record for n, obj in lines]
    df = pd.DataFrame.from_records(records, columns=list(_KEYS))
    df["_row"] = np.array([n for n, _ in lines], dtype=np.int64)
    df["_file"] = name
    blank = np.array([obj is None for _, obj in lines], dtype=bool)
    df["_reason"] = pd.Series(np.where(blank, "blank line", None), index=df.index, dtype=object)
    live = ~blank
    df["time"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
    times = df.loc[live, "_time"]
    if kind == "mixpanel":
        column = "properties.time"
        values = unix_times(times, ctx, file=name, column=column, rows=df.loc[live, "_row"], tz=tz)
    else:
        result = parse_datetimes(
            times.astype(str),
            func=FUNC,
            file=name,
            column="event_time",
            rows=df.loc[live, "_row"],
            zone="UTC",
            tz=tz,
        )
        ctx.warnings.extend(result.warnings)
        values = result.values
    df.loc[live, "time"] = values.to_numpy()
    missing = live & df["event"].isna()
    if missing.any():
        raise DataError(
            f"{FUNC}: {name} line {df.loc[missing, '_row'].iloc[0]} has no event name "
            f"({int(missing.sum())} such lines); export the events again."
        )
    return df


def _table_frame(path: Path, ctx: Context, tz, dayfirst) -> pd.DataFrame:
    """An events table (CSV or .xlsx) with columns named as in :data:`GENERIC`."""
    raw = read_raw(path, func=FUNC)
    ctx.warnings.extend(raw.warnings)
    layout, header_index, _ = detect(raw, {"generic": GENERIC}, "generic", func=FUNC)
    df = frame(raw, header_index, layout, func=FUNC)
    for name in layout.fields:
        if name not in df:
            df[name] = ""
    check_ids(df, layout.ids, func=FUNC, file=raw.name, layout=layout)
    df["_reason"] = pd.Series(None, index=df.index, dtype=object)
    df.loc[df["_blank"], "_reason"] = "blank row"
    df.loc[df["_header"], "_reason"] = "repeated header row"
    live = df["_reason"].isna()
    for name in ("event_id", "user_id", "device_id", "event", "session_id"):
        col = df[name].fillna("").astype(str).str.strip()
        df[name] = col.where(col != "")
    props, uprops = [], []
    header = df.attrs["headers"].get("properties", "properties")
    for row, text, ok in zip(df["_row"], df["properties"].fillna(""), live, strict=True):
        text = str(text).strip()
        value = {}
        if ok and text:
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise _bad_json(f"{raw.name} row {row}, column {header!r}", exc, text) from None
        props.append(value if isinstance(value, dict) else {"value": value})
        uprops.append({})
    df["_props"], df["_uprops"] = props, uprops
    cells = df.loc[live, "time"].fillna("").astype(str).str.strip()
    df["time"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
    column = df.attrs["headers"]["time"]
    rows = df.loc[live, "_row"]
    if tz is None and cells.str.contains(r"(?:Z|UTC|[+-]\d{2}:?\d{2})$").any():
        ctx.warnings.append(
            f"{raw.name}: column {column!r} has times with a UTC offset; they are kept as "
            "written. Pass tz= with the business's zone so that days and months follow local "
            "time."
        )
    if len(cells) and cells.str.fullmatch(r"\d+(?:\.\d+)?").all():
        values = unix_times(cells, ctx, file=raw.name, column=column, rows=rows, tz=tz)
    else:
        result = parse_datetimes(
            cells, func=FUNC, file=raw.name, column=column, rows=rows, dayfirst=dayfirst, tz=tz
        )
        ctx.warnings.extend(result.warnings)
        values = result.values
    df.loc[live, "time"] = values.to_numpy()
    df["_key1"], df["_key2"] = df["event_id"], None
    df["_file"] = raw.name
    return df


def _internal_rule(internal) -> dict:
    if internal is None:
        return {}
    if not isinstance(internal, dict):
        raise SmbkitError(
            f"{FUNC}: internal must be a dict such as {{'domains': ['ourco.com'], 'users': "
            f"['test-1'], 'property': ('is_internal', True)}}; got {type(internal).__name__}."
        )
    unknown = [k for k in internal if k not in _INTERNAL_KEYS]
    if unknown:
        raise SmbkitError(
            f"{FUNC}: internal has unknown key(s) {unknown}; valid keys are {list(_INTERNAL_KEYS)}."
        )
    rule = {}
    for key in ("domains", "users"):
        values = internal.get(key) or []
        values = [values] if isinstance(values, str) else list(values)
        rule[key] = {str(v).strip().lower().lstrip("@") for v in values}
    prop = internal.get("property")
    if prop is not None and (not isinstance(prop, (tuple, list)) or len(prop) != 2):
        raise SmbkitError(
            f"{FUNC}: internal['property'] must be a (name, value) pair such as "
            f"('is_internal', True); got {prop!r}."
        )
    rule["property"] = tuple(prop) if prop is not None else None
    return rule


def _same(found, wanted) -> bool:
    if isinstance(wanted, bool):
        return found is wanted or str(found).strip().lower() == str(wanted).lower()
    return found == wanted or (found is not None and str(found) == str(wanted))


def _is_internal(df: pd.DataFrame, rule: dict) -> pd.Series:
    hit = pd.Series(False, index=df.index)
    if not rule:
        return hit
    users = rule["users"]
    if users:
        hit |= df["user_id"].str.lower().isin(users).fillna(False)
        hit |= df["device_id"].str.lower().isin(users).fillna(False)
    domains = rule["domains"]
    name, value = rule["property"] or (None, None)
    if domains or name is not None:
        flags = []
        for user, props, uprops in zip(df["user_id"], df["_props"], df["_uprops"], strict=True):
            flag = False
            if domains:
                mails = [user, *(p.get(k) for p in (props, uprops) for k in _EMAIL_KEYS)]
                for mail in mails:
                    if isinstance(mail, str) and "@" in mail:
                        domain = mail.rsplit("@", 1)[1].strip().lower()
                        if any(domain == d or domain.endswith("." + d) for d in domains):
                            flag = True
            if name is not None and not flag:
                found = props.get(name, uprops.get(name))
                flag = name in props or name in uprops
                flag = flag and _same(found, value)
            flags.append(flag)
        hit |= pd.Series(flags, index=df.index, dtype=bool)
    return hit


def read_events(
    paths,
    *,
    source: str = "auto",
    tz: str | None = None,
    internal: dict | None = None,
    dayfirst: bool | None = None,
) -> ReadResult:
    """Read product-analytics exports into the canonical ``events`` table, with a ledger.

    Parameters
    ----------
    paths : path or list of paths
        Mixpanel raw exports (JSON lines), Amplitude exports (JSON lines, ``.gz``, or the
        ``.zip`` of hourly ``.json.gz`` files as downloaded), or for ``source="generic"`` a
        CSV/.xlsx table with columns such as ``event, time, user_id, device_id, event_id,
        session_id, properties`` (JSON text). Overlapping exports may repeat events.
    source : {"auto", "mixpanel", "amplitude", "generic"}
        "auto" tells them apart by content: Mixpanel lines have ``event`` and
        ``properties``, Amplitude lines ``event_type``; a file that is not JSON is a table.
    tz : str, optional
        The business's IANA zone. Both tools export instants in UTC; they are converted to
        it (without ``tz`` they stay in UTC, with a warning).
    internal : dict, optional
        Which events are your own staff's or tests', to leave out (and ledger), e.g.
        ``{"domains": ["ourco.com"], "users": ["qa-bot"], "property": ("is_internal",
        True)}``: a user id or e-mail property (``$email``, ``email``) at one of the
        domains or their subdomains; a user or device id in ``users``; an event (or, for
        Amplitude, user) property with that value.
    dayfirst : bool, optional
        For tables: day/month order of slashed dates, when a file cannot settle it itself.

    Returns
    -------
    ReadResult
        ``.data``: ``event_id`` (Mixpanel ``$insert_id``; Amplitude ``uuid``), ``user_id``
        (missing for anonymous-only events), ``device_id``, ``time`` (naive local), ``event``,
        ``session_id`` (missing where the export has none; Amplitude's -1 = no session),
        ``properties`` (JSON text: Mixpanel's properties without the ones above, Amplitude's
        ``event_properties``; ``json.loads`` gives the dict), ``source_file, source_row``
        (the line; ``archive.zip:member`` for zipped files). Events carry no money: every
        ledger amount is 0, and the ledger counts events (lines).

    Raises
    ------
    DataError
        A line that is not valid JSON or not an event of the layout (named by file and
        line), an unreadable or implausible time, a damaged gzip file, exports of two tools
        mixed in one call.
    SmbkitError
        An unknown ``source`` or a malformed ``internal`` rule.

    Notes
    -----
    **Duplicates.** An event sent twice, or in two overlapping exports, is counted once
    (ledger "duplicate event"): Mixpanel's rule, same ``$insert_id``, event name,
    ``distinct_id`` and time; Amplitude's ``uuid``, then ``$insert_id`` per user or device.
    Events never change once sent, so the first copy read is kept. Events without such an
    id cannot be matched, and are counted in a warning.

    **Anonymous events.** A Mixpanel ``distinct_id`` of ``$device:<id>`` (or an Amplitude
    event without ``user_id``) is anonymous. Where the same device is seen with exactly one
    user id in the files (the user logged in later), its anonymous events get that user id
    (ledger "repaired"), so a visitor who logs in is one user, not a device and a user.
    Events of devices never identified (anonymous-only) stay, with ``user_id`` missing and
    ``device_id`` set; smbkit's per-user KPIs (:func:`smbkit.kpis.dau`, ``wau``, ``mau``,
    retention) count each such event under its ``device_id``, as Mixpanel and Amplitude
    count anonymous visitors; pass ``device_id=None`` there to count identified users
    only. Anonymous events of a device an internal user used are internal too.

    .. math:: \\text{lines} = \\text{kept} + \\text{duplicate} + \\text{internal} + \\text{blank}

    Mixpanel projects created before 2023 may export ``time`` in the project's zone rather
    than UTC; check one known event's time before relying on hours of the day.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mixpanel.json"
    >>> e = lambda name, who, t, i: json.dumps({"event": name, "properties": {
    ...     "time": t, "distinct_id": who, "$insert_id": i}})
    >>> _ = p.write_text("\\n".join([e("Signup", "u1", 1777636800, "a"),
    ...     e("Signup", "u1", 1777636800, "a"), e("View", "$device:d9", 1777640400, "b")]))
    >>> res = read_events(p, tz="UTC")
    >>> res.data[["event_id", "user_id", "device_id", "time", "event"]]
      event_id user_id device_id                time   event
    0        a      u1       NaN 2026-05-01 12:00:00  Signup
    1        b     NaN        d9 2026-05-01 13:00:00    View
    >>> res.ledger[["action", "reason", "rows", "amount"]]
         action           reason  rows  amount
    0      kept       event kept     2     0.0
    1  excluded  duplicate event     1     0.0
    """
    check_option(FUNC, "source", source, ["auto", *SOURCES])
    if tz is not None:
        tz = resolve_zone(tz, func=FUNC, where="tz=")
    rule = _internal_rule(internal)
    ctx = Context(FUNC)
    parts: list[pd.DataFrame] = []
    chosen = None if source == "auto" else source
    why = f"{source} (chosen with source=)" if source != "auto" else ""
    for path in as_paths(paths, FUNC):
        for name, data in _documents(path, ctx):
            if data is None and source not in ("auto", "generic"):
                raise DataError(
                    f"{FUNC}: {name} is not JSON lines (one event object per line), which a "
                    f"{source} export is; pass source='generic' to read a table of events."
                )
            if data is None:  # a table, read by read_raw
                kind, df = "generic", _table_frame(path, ctx, tz, dayfirst)
            else:
                lines = _lines(name, data)
                first = next((obj for _, obj in lines if obj is not None), None)
                given = None if source == "auto" else source
                kind = given or (_kind(first) if first is not None else None)
                if first is not None and kind is None:
                    raise DataError(
                        f"{FUNC}: could not recognise {name} line 1 as a Mixpanel event "
                        "('event' and 'properties') or an Amplitude event ('event_type'); "
                        f"its keys are {sorted(first)[:8]}. Pass source=."
                    )
                if kind == "generic":
                    raise DataError(
                        f"{FUNC}: {name} is JSON, but source='generic' reads tables (CSV or "
                        ".xlsx); pass source='mixpanel' or 'amplitude'."
                    )
                df = _json_frame(name, lines, kind or "mixpanel", ctx, tz)
            if kind is not None:
                if chosen is not None and kind != chosen:
                    raise DataError(
                        f"{FUNC}: {name} is an export of {kind}, but earlier files are "
                        f"exports of {chosen}; read each tool's exports separately."
                    )
                if chosen is None:
                    why = f"{kind} (recognised from the content of {name})"
                chosen = kind
            if not df["_reason"].isna().any():
                ctx.warnings.append(no_rows_warning(name, "events"))
            parts.append(df)
    rows = pd.concat(parts, ignore_index=True)
    rows["_amount"] = 0.0
    _deduplicate(rows, ctx)
    _link_devices(rows, ctx)
    live = rows["_reason"].isna()
    internal_rows = live & _is_internal(rows, rule)
    devices = set(rows.loc[internal_rows, "device_id"].dropna())
    internal_rows |= live & rows["user_id"].isna() & rows["device_id"].isin(devices)
    rows.loc[internal_rows, "_reason"] = "internal or test user"
    rows["_kept_reason"] = "event kept"
    kept = rows[rows["_reason"].isna()]
    data = pd.DataFrame(
        {
            "event_id": kept["event_id"],
            "user_id": kept["user_id"],
            "device_id": kept["device_id"],
            "time": kept["time"],
            "event": kept["event"],
            "session_id": kept["session_id"],
            "properties": [json.dumps(p, sort_keys=True, default=str) for p in kept["_props"]],
            "source_file": kept["_file"],
            "source_row": kept["_row"],
        },
        index=kept.index,
    )
    data = data.sort_values(["time", "source_file", "source_row"], kind="stable")
    anonymous = int(data["user_id"].isna().sum())
    notes = [
        f"{len(data):,} events, {data['user_id'].nunique():,} identified users; {anonymous:,} "
        "anonymous-only events (user_id missing), which per-user KPIs count under their "
        "device_id."
    ]
    if internal_rows.any():
        notes.append(f"{int(internal_rows.sum()):,} internal or test events left out.")
    return finish(ctx, rows, typed(data, EVENT_COLUMNS), why or "no events", NO_MONEY, notes)


def _deduplicate(rows: pd.DataFrame, ctx: Context) -> None:
    live = rows["_reason"].isna()
    dup = pd.Series(False, index=rows.index)
    for key in ("_key1", "_key2"):
        has = live & ~dup & rows[key].notna()
        dup |= has & rows[key].where(has).duplicated(keep="first") & has
    rows.loc[dup, "_reason"] = "duplicate event"
    if dup.any():
        first = dup.idxmax()
        ctx.warnings.append(
            f"{int(dup.sum()):,} events are copies of events already read (the same insert id "
            f"or uuid; first: {rows.at[first, '_file']}:row {rows.at[first, '_row']}); each "
            "is counted once."
        )
    unkeyed = live & rows["_key1"].isna() & rows["_key2"].isna()
    if unkeyed.any():
        ctx.warnings.append(
            f"{int(unkeyed.sum()):,} events have no insert id or uuid (first: "
            f"{rows.loc[unkeyed, '_file'].iloc[0]}:row {rows.loc[unkeyed, '_row'].iloc[0]}), "
            "so copies of them cannot be recognised."
        )


def _link_devices(rows: pd.DataFrame, ctx: Context) -> None:
    """Give anonymous events the user id their device is seen with (exactly one user)."""
    live = rows["_reason"].isna()
    pairs = rows.loc[live & rows["user_id"].notna() & rows["device_id"].notna()]
    users = pairs.groupby("device_id")["user_id"].unique()
    single = users[users.map(len) == 1].map(lambda u: u[0])
    anonymous = live & rows["user_id"].isna() & rows["device_id"].notna()
    linked = anonymous & rows["device_id"].isin(single.index)
    rows.loc[linked, "user_id"] = rows.loc[linked, "device_id"].map(single)
    ctx.repair("anonymous event linked to its user by device id", rows, linked)
    shared = anonymous & rows["device_id"].isin(users.index[users.map(len) > 1])
    if shared.any():
        ctx.warnings.append(
            f"{int(shared.sum()):,} anonymous events come from devices used by several users; "
            "they stay anonymous (user_id missing)."
        )
