"""``read_tasks``: Asana project CSV, Trello board JSON, Monday.com board Excel, or a table."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import (
    Context,
    Layout,
    RawFile,
    ReadResult,
    check_ids,
    detect,
    finish,
    frame,
    normalise,
    read_raw,
)
from smbkit.io._dates import resolve_zone
from smbkit.io._tables import (
    NO_MONEY,
    as_paths,
    dayfirst_evidence,
    file_date,
    keep_latest,
    no_rows_warning,
    optional_datetimes,
    typed,
    unix_times,
)

__all__ = ["TASK_COLUMNS", "read_tasks"]

FUNC = "read_tasks"
TASK_COLUMNS = {
    "task_id": "str",
    "name": "str",
    "project": "str",
    "section": "str",
    "assignee": "str",
    "created": "datetime64[us]",
    "due": "datetime64[us]",
    "completed": "datetime64[us]",
    "parent_id": "str",
    "done": "bool",
    "archived": "bool",
    "source_file": "str",
    "source_row": "int64",
}
SOURCES = ("asana", "trello", "monday", "generic")
#: A Trello list or a Monday/generic status that means done, unless ``done_lists=`` says.
DONE = re.compile(r"^\W*(?:done|completed?)\b", re.IGNORECASE)
_CREATE = {"createCard", "copyCard", "convertToCardFromCheckItem", "emailCard"}
_TEXT = ("task_id", "name", "project", "section", "assignee", "status", "parent")

ASANA = Layout(
    name="asana",
    fields={
        "task_id": ("Task ID",),
        "created": ("Created At",),
        "completed": ("Completed At",),
        "modified": ("Last Modified",),
        "name": ("Name",),
        "section": ("Section/Column",),
        "assignee": ("Assignee",),
        "assignee_email": ("Assignee Email",),
        "start": ("Start Date",),
        "due": ("Due Date",),
        "project": ("Projects",),
        "parent": ("Parent task", "Parent Task"),
    },
    signature=(
        "task_id",
        "created",
        "completed",
        "modified",
        "name",
        "section",
        "assignee",
        "assignee_email",
        "due",
        "project",
        "parent",
    ),
    required=("task_id", "name"),
    ids=("task_id",),
)
# Monday.com lets each board name its columns; these are the template names in English.
MONDAY = Layout(
    name="monday",
    fields={
        "name": ("Name", "Item", "Item Name", "Task"),
        "task_id": ("Item ID (auto generated)", "Item ID", "Item Id"),
        "assignee": ("Person", "People", "Owner", "Assignee", "Assigned to"),
        "status": ("Status",),
        "due": ("Date", "Due date", "Due Date", "Deadline", "Due"),
        "created": ("Creation Date", "Created At", "Created"),
        "completed": ("Completion Date", "Completed At", "Date Completed", "Completed"),
        "modified": ("Last Updated", "Last updated"),
    },
    signature=("name", "assignee", "status", "due"),
    required=("name",),
    ids=("task_id",),
)
_GENERIC_FIELDS = {
    "task_id": ("task_id", "id", "ID"),
    "name": ("name", "title", "Title", "task"),
    "project": ("project", "Project", "board", "Board"),
    "section": ("section", "Section", "list", "List", "column", "Column"),
    "assignee": ("assignee", "owner", "Owner"),
    "created": ("created", "created_at", "Created"),
    "due": ("due", "due_date", "Due"),
    "completed": ("completed", "completed_at", "Completed"),
    "parent_id": ("parent_id", "Parent ID"),
    "status": ("status",),
    "modified": ("modified", "updated_at", "Updated"),
}


def _generic_layout(column_map: dict[str, str] | None) -> Layout:
    fields = dict(_GENERIC_FIELDS)
    if column_map is not None:
        unknown = [k for k in column_map if k not in fields]
        if unknown:
            raise SmbkitError(
                f"{FUNC}: column_map has unknown canonical name(s) {unknown}; valid names are "
                f"{list(fields)}."
            )
        fields.update({k: (str(v),) for k, v in column_map.items()})
    return Layout(
        name="generic",
        fields=fields,
        signature=("task_id", "name"),
        required=("task_id", "name"),
        ids=("task_id", "parent_id"),
    )


def _blank_to_none(col: pd.Series) -> pd.Series:
    text = col.fillna("").astype(str).str.strip()
    return text.where(text != "")


def _dates(df: pd.DataFrame, ctx: Context, file: str, opts: dict, names, *, zone=None) -> None:
    """Parse each date field ``name`` (may be blank) into ``_name``."""
    live = df["_reason"].isna()
    first = dayfirst_evidence([df[n].where(live, "") for n in names], opts["dayfirst"])
    for name in names:
        values, converted = optional_datetimes(
            df[name].where(live, ""),
            ctx,
            file=file,
            column=df.attrs.get("headers", {}).get(name, name),
            rows=df["_row"],
            dayfirst=first,
            zone=zone,
            tz=opts["tz"],
        )
        df[f"_{name}"] = values


def _is_done(status: pd.Series, done_lists) -> pd.Series:
    text = status.fillna("").astype(str).str.strip()
    if done_lists is not None:
        return text.str.lower().isin(done_lists)
    return text.str.match(DONE.pattern, case=False)


def _tabular(raw: RawFile, index: int, layout: Layout, ctx: Context, opts: dict) -> pd.DataFrame:
    """An Asana project CSV or a generic task table, one row per task."""
    file = raw.name
    df = frame(raw, index, layout, func=FUNC)
    for name in (*_GENERIC_FIELDS, *ASANA.fields):
        if name not in df:
            df[name] = ""
    check_ids(df, layout.ids, func=FUNC, file=file, layout=layout)
    df["_amount"] = 0.0
    df["_reason"] = pd.Series(None, index=df.index, dtype=object)
    df.loc[df["_blank"], "_reason"] = "blank row"
    df.loc[df["_header"], "_reason"] = "repeated header row"
    missing = df["_reason"].isna() & (df["task_id"].str.strip() == "")
    df.loc[missing, "_reason"] = "missing task id"
    if missing.any():
        header = df.attrs["headers"].get("task_id", "task_id")
        ctx.warnings.append(
            f"{file}: {int(missing.sum()):,} row(s) have no {header!r} (first: row "
            f"{df.loc[missing, '_row'].iloc[0]}); they are excluded and listed in the ledger."
        )
    _dates(df, ctx, file, opts, ("created", "due", "completed", "modified"))
    for name in _TEXT:
        df[name] = _blank_to_none(df[name])
    status_done = _is_done(df["status"], opts["done_lists"]) & df["status"].notna()
    df["done"] = df["_completed"].notna() | status_done
    df["archived"] = False
    if layout.name == "asana":
        df["parent_id"] = None  # resolved from the parent's name once every file is read
    else:
        df["parent_id"] = _blank_to_none(df["parent_id"])
        df["parent"] = None
    _undated_done(df, ctx, file)
    return df


def _undated_done(df: pd.DataFrame, ctx: Context, file: str) -> None:
    """Done tasks without a completion date: the last update if there is one, else none."""
    live = df["_reason"].isna()
    lacking = live & df["done"] & df["_completed"].isna()
    use = lacking & df["_modified"].notna()
    df.loc[use, "_completed"] = df.loc[use, "_modified"]
    ctx.repair("completion date taken from the last update", df, use)
    still = lacking & ~use
    if still.any():
        ctx.warnings.append(
            f"{file}: {int(still.sum()):,} done task(s) have no completion date (first: row "
            f"{df.loc[still, '_row'].iloc[0]}); 'completed' is missing for them and 'done' is "
            "True. Add a completion date or last-updated column to the export to date them."
        )


def _monday(raw: RawFile, index: int, ctx: Context, opts: dict) -> pd.DataFrame:
    """A Monday.com board export: title row, then per group a title, a header and items,
    with subitems under their item after a ``Subitems`` header row."""
    records, file = raw.records, raw.name
    titles = [
        next(c.strip() for c in r if c.strip())
        for r in records[:index]
        if any(c.strip() for c in r)
    ]
    board = titles[0] if titles else None
    group = titles[-1] if len(titles) > 1 else None
    main = MONDAY.match(records[index])
    needed = max(2, (len(main) * 3 + 4) // 5)

    def is_header(record) -> bool:
        found = MONDAY.match(record)
        return "name" in found and len(found) >= needed

    below = records[index + 1 :]
    nonblank = [i for i, r in enumerate(below) if any(c.strip() for c in r)]
    next_of = dict(zip(nonblank, nonblank[1:], strict=False))
    entries, sub, parent = [], None, None
    for i, record in enumerate(below):
        cells = [c.strip() for c in record]
        filled = [c for c in cells if c]
        entry = {"_row": index + 2 + i, "_reason": None, "section": group, "parent_id": None}
        if not filled:
            entry["_reason"] = "blank row"
        elif normalise(cells[0]) == "subitems":
            sub, entry["_reason"] = MONDAY.match(record), "subitems header row"
        elif is_header(record):
            main, sub, entry["_reason"] = MONDAY.match(record), None, "repeated header row"
        elif len(filled) == 1 and cells[0] and i in next_of and is_header(below[next_of[i]]):
            group = cells[0]
            entry.update(section=group, _reason="group title row")
        else:
            is_sub = not cells[0] and sub is not None and parent is not None
            mapping = sub if is_sub else main
            entry.update({k: cells[p] if p < len(cells) else "" for k, p in mapping.items()})
            if not entry.get("name"):
                entry["_reason"] = "summary row (no item name)"
            elif is_sub:
                entry["parent_id"] = parent
            else:
                entry["_item"] = True
        if entry.get("_item"):
            parent, sub = entry.get("task_id") or f"{file}:row {entry['_row']}", None
        entries.append(entry)
    columns = ["_row", "_reason", "section", "parent_id", *MONDAY.fields]
    df = pd.DataFrame(entries, columns=columns, dtype=object)
    df.attrs["headers"] = {
        name: records[index][pos] for name, pos in MONDAY.match(records[index]).items()
    }
    for name in MONDAY.fields:
        df[name] = df[name].fillna("").astype(str)
    df["_row"] = df["_row"].astype(np.int64)
    df["_file"], df["_segment"], df["_amount"] = file, 0, 0.0
    live = df["_reason"].isna()
    if live.any() and "created" not in main:
        ctx.warnings.append(
            f"{file}: no creation date column, so 'created' is missing and cycle times cannot "
            "be computed. Add a 'Creation Date' column to the board and export again."
        )
    if live.any() and "task_id" not in main:
        ctx.warnings.append(
            f"{file}: no 'Item ID' column, so items are identified by their row "
            "('<file>:row <n>'), and overlapping exports cannot be matched. Add the Item ID "
            "column to the board and export again."
        )
    rowid = file + ":row " + df["_row"].astype(str)
    df["task_id"] = _blank_to_none(df["task_id"]).fillna(rowid).where(live)
    check_ids(df, ("task_id",), func=FUNC, file=file, layout=MONDAY)
    _dates(df, ctx, file, opts, ("created", "due", "completed", "modified"))
    for name in ("name", "assignee", "status", "section"):
        df[name] = _blank_to_none(df[name])
    df["project"] = board
    df["done"] = _is_done(df["status"], opts["done_lists"]) | df["_completed"].notna()
    df["archived"] = False
    df["parent"] = None
    _undated_done(df, ctx, file)
    return df


def _board(path: Path) -> dict | None:
    """The parsed Trello board JSON, or None when the file is not JSON at all."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(
                f"{FUNC}: {path.name} is a gzip file that cannot be decompressed ({exc}); "
                "download or copy it again."
            ) from None
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        board = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{FUNC}: {path.name} is not valid JSON ({exc.msg} at line {exc.lineno}, column "
            f"{exc.colno}); the file may be cut short. Export the board again (board menu > "
            "Print, export and share > Export as JSON)."
        ) from None
    if not (
        isinstance(board, dict)
        and isinstance(board.get("cards"), list)
        and isinstance(board.get("lists"), list)
    ):
        keys = sorted(board)[:8] if isinstance(board, dict) else type(board).__name__
        raise DataError(
            f"{FUNC}: {path.name} is JSON but not a Trello board export, which has 'cards' and "
            f"'lists' (it has {keys}). Export the board as JSON from Trello."
        )
    return board


def _done_lists(board: dict, file: str, ctx: Context, done_lists) -> set:
    names = {lst.get("id"): str(lst.get("name") or "").strip() for lst in board["lists"]}
    if done_lists is not None:
        have = {n.lower() for n in names.values()}
        missing = sorted(n for n in done_lists if n not in have)
        if missing:
            raise DataError(
                f"{FUNC}: done_lists names {missing}, which are not lists of board "
                f"{board.get('name')!r} ({file}); its lists are {sorted(set(names.values()))}."
            )
        return {i for i, n in names.items() if n.lower() in done_lists}
    found = {i for i, n in names.items() if DONE.match(n)}
    if not found and board["cards"]:
        ctx.warnings.append(
            f"{file}: no list is named like 'Done' or 'Complete' (lists: "
            f"{sorted(set(names.values()))[:8]}), so only ticked due dates mark cards done. "
            "Pass done_lists= with the lists that mean done."
        )
    return found


def _trello(path: Path, board: dict, ctx: Context, opts: dict) -> pd.DataFrame:
    file = path.name
    lists = {lst.get("id"): lst for lst in board["lists"]}
    members = {
        m.get("id"): m.get("fullName") or m.get("username") for m in board.get("members", [])
    }
    done_ids = _done_lists(board, file, ctx, opts["done_lists"])
    created_at: dict[str, str] = {}
    done_at: dict[str, str] = {}
    for action in board.get("actions") or []:
        data, when, kind = action.get("data") or {}, action.get("date"), action.get("type")
        card = (data.get("card") or {}).get("id")
        if not card or not isinstance(when, str):
            continue
        made_done = False
        if kind in _CREATE:
            created_at[card] = min(created_at.get(card, when), when)
            made_done = (data.get("list") or {}).get("id") in done_ids
        elif kind == "updateCard":
            made_done = (data.get("listAfter") or {}).get("id") in done_ids or (
                "dueComplete" in (data.get("old") or {}) and data["card"].get("dueComplete") is True
            )
        if made_done:
            done_at[card] = max(done_at.get(card, when), when)
    entries = []
    for number, card in enumerate(board["cards"], 1):
        lst = lists.get(card.get("idList")) or {}
        in_done = card.get("idList") in done_ids
        done = bool(card.get("dueComplete")) or in_done
        cid = str(card.get("id") or "")
        assignees = [members.get(m) for m in card.get("idMembers") or [] if members.get(m)]
        entries.append(
            {
                "_row": number,
                "task_id": cid or None,
                "name": card.get("name"),
                "section": lst.get("name"),
                "assignee": ", ".join(assignees) or None,
                "created": created_at.get(cid, ""),
                "_id_time": int(cid[:8], 16) if re.match(r"^[0-9a-f]{8}", cid) else None,
                "due": card.get("due") or "",
                "completed": (done_at.get(cid) or "") if done else "",
                "modified": card.get("dateLastActivity") or "",
                "done": done,
                "archived": bool(card.get("closed")) or bool(lst.get("closed")),
            }
        )
    columns = ["_row", "task_id", "name", "section", "assignee", "created", "_id_time", "due"]
    df = pd.DataFrame(entries, columns=[*columns, "completed", "modified", "done", "archived"])
    df["_row"] = df["_row"].astype(np.int64)
    df["_file"], df["_segment"] = file, 0
    df["_reason"] = pd.Series(None, index=df.index, dtype=object)
    for name in ("created", "due", "completed", "modified"):
        df[name] = df[name].fillna("").astype(str).str.replace(r"Z$", "", regex=True)
    df.attrs["headers"] = {
        "created": "createCard action date",
        "due": "due",
        "completed": "date of the action that made it done",
        "modified": "dateLastActivity",
    }
    utc = {**opts, "tz": opts["tz"] or "UTC"}  # one warning below, not one per column
    if opts["tz"] is None and len(df):
        ctx.warnings.append(
            f"{file}: Trello writes times in UTC; they are kept in UTC. Pass tz= with the "
            "business's zone so that days and months follow local time."
        )
    _dates(df, ctx, file, utc, ("created", "due", "completed", "modified"), zone="UTC")
    from_id = df["_created"].isna() & df["_id_time"].notna()
    if from_id.any():
        df.loc[from_id, "_created"] = unix_times(
            df.loc[from_id, "_id_time"],
            ctx,
            file=file,
            column="card id",
            rows=df.loc[from_id, "_row"],
            tz=utc["tz"],
        ).to_numpy()
    df["_amount"] = 0.0
    ctx.repair("created read from the card id (no createCard action in the export)", df, from_id)
    approx = df["done"] & df["_completed"].isna()
    df.loc[approx, "_completed"] = df.loc[approx, "_modified"]
    ctx.repair(
        "completion time taken from the card's last activity (no action in the export)", df, approx
    )
    df["project"] = board.get("name")
    df["parent_id"] = None
    df["parent"] = None
    df["status"] = None
    return df


def read_tasks(
    paths,
    *,
    source: str = "auto",
    tz: str | None = None,
    done_lists=None,
    column_map: dict[str, str] | None = None,
    dayfirst: bool | None = None,
) -> ReadResult:
    """Read project-management exports into the canonical ``tasks`` table, with a ledger.

    Parameters
    ----------
    paths : path or list of paths
        Asana project CSVs, Trello board JSON exports, Monday.com board exports (.xlsx), or
        for ``source="generic"`` any task table (CSV or .xlsx). Several paths may be
        overlapping exports: each task is kept once, in its latest version.
    source : {"auto", "asana", "trello", "monday", "generic"}
        "auto" reads JSON as Trello and recognises tables from their header names.
    tz : str, optional
        The business's IANA zone. Trello writes UTC instants, which are converted to it;
        Asana and Monday write local dates.
    done_lists : list of str, optional
        Trello list names (or Monday / generic status labels) that mean done, compared
        without regard to case. Default: names that start with "Done", "Complete" or
        "Completed" (``DONE``).
    column_map : dict, optional
        For ``source="generic"``: canonical name -> file column, on top of the recognised
        names (``task_id, name, project, section, assignee, created, due, completed,
        parent_id, status, modified``).
    dayfirst : bool, optional
        Day/month order of slashed dates, when a file cannot settle it itself.

    Returns
    -------
    ReadResult
        ``.data``: ``task_id, name, project, section, assignee, created, due, completed``
        (naive local times; ``completed`` missing while open), ``parent_id`` (subtasks and
        subitems), then ``done`` (bool), ``archived`` (bool; Trello), ``source_file,
        source_row`` (the card's position in the board's ``cards`` for Trello). Tasks carry
        no money: every ledger amount is 0.

    Raises
    ------
    DataError
        Unrecognised layout or a missing required column, an unreadable date, a Trello
        file that is not valid JSON or not a board export, ``done_lists`` naming a list the
        board does not have, one task id twice in one export with different content.
    SmbkitError
        An unknown ``source`` or a bad ``column_map``.

    Notes
    -----
    **Asana.** Subtasks are rows whose ``Parent task`` names their parent; ``parent_id``
    is that task's id (the parent's name when it is unique in the files, or its id).

    **Trello.** A card is done when its due date is ticked (``dueComplete``) or it sits in
    a done list; ``completed`` is the time of the latest action that made it so (a move
    into a done list, ticking the due date, creation in a done list), else (the export
    holds only the last actions) its last activity, noted in the ledger. ``created`` is its
    ``createCard`` action, else the time in its id: the first 8 hex digits of a Trello id
    are the Unix time of creation. **Archived cards** (``closed``, or on an archived list)
    are kept, with ``archived=True``: a card archived after it was done is finished work
    and belongs in throughput; leave ``archived`` rows out of open-work counts.

    **Monday.com.** The title row names the board (``project``); each group title is the
    ``section`` of its items; a status "Done" (see ``done_lists``) marks an item done;
    subitems are kept with their item as ``parent_id``. Monday exports have no completion
    time unless the board has one, so a done item is dated by a completion-date column,
    else its "Last updated", else left undated with a warning.

    Cycle time, the figure this table is for:

    .. math:: \\text{cycle time} = \\text{completed} - \\text{created}

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "Website.csv"
    >>> _ = p.write_text("Task ID,Created At,Completed At,Last Modified,Name,Section/Column,"
    ...     "Assignee,Assignee Email,Start Date,Due Date,Tags,Notes,Projects,Parent task\\n"
    ...     "101,2026-05-01,2026-05-04,2026-05-04,Copy,Doing,Ana,,,2026-05-05,,,Website,\\n"
    ...     "102,2026-05-02,,2026-05-02,Proofread,,Ana,,,,,,Website,Copy\\n")
    >>> read_tasks(p).data[["task_id", "name", "completed", "parent_id", "done"]]
      task_id       name  completed parent_id   done
    0     101       Copy 2026-05-04       NaN   True
    1     102  Proofread        NaT       101  False
    """
    check_option(FUNC, "source", source, ["auto", *SOURCES])
    if tz is not None:
        tz = resolve_zone(tz, func=FUNC, where="tz=")
    if done_lists is not None:
        done_lists = [done_lists] if isinstance(done_lists, str) else list(done_lists)
        done_lists = {str(n).strip().lower() for n in done_lists}
    if column_map is not None and source not in {"generic", "auto"}:
        raise SmbkitError(
            f"{FUNC}: column_map= only works with source='generic', not {source!r}; drop "
            "column_map= or pass source='generic'."
        )
    layouts = {"asana": ASANA, "monday": MONDAY, "generic": _generic_layout(column_map)}
    if column_map is not None:
        layouts, source = {"generic": layouts["generic"]}, "generic"
    opts = {"tz": tz, "done_lists": done_lists, "dayfirst": dayfirst}
    ctx = Context(FUNC)
    parts, chosen, why = [], None, ""
    for position, path in enumerate(as_paths(paths, FUNC)):
        path = Path(path)
        board = _board(path) if source in {"auto", "trello"} and path.is_file() else None
        if board is not None:
            kind, name = "trello", path.name
            why = f"trello ({'chosen with source=' if source == 'trello' else 'a board JSON'})"
            df = _trello(path, board, ctx, opts)
        elif source == "trello":
            raise DataError(
                f"{FUNC}: {path.name} is not JSON; a Trello export is the board's JSON (board "
                "menu > Print, export and share > Export as JSON)."
            )
        else:
            raw = read_raw(path, func=FUNC)
            ctx.warnings.extend(raw.warnings)
            name = raw.name
            layout, index, why = detect(raw, layouts, source, func=FUNC)
            kind = layout.name
            df = (
                _monday(raw, index, ctx, opts)
                if kind == "monday"
                else _tabular(raw, index, layout, ctx, opts)
            )
        if chosen is not None and kind != chosen:
            raise DataError(
                f"{FUNC}: {name} is an export of {kind}, but earlier files are exports of "
                f"{chosen}; read each tool's exports separately."
            )
        chosen = kind
        if not df["_reason"].isna().any():
            ctx.warnings.append(no_rows_warning(name, "tasks"))
        df["_amount"] = 0.0
        df["_position"] = position
        df["_file_date"] = file_date(name)
        df["_key"] = df["task_id"].where(df["_reason"].isna())
        parts.append(df)
    rows = pd.concat(parts, ignore_index=True)
    fields = ["task_id", "name", "project", "section", "assignee", "status", "parent"]
    fields += ["parent_id", "_created", "_due", "_completed", "done", "archived"]
    keep_latest(rows, rows["_reason"].isna(), ctx, what="task", fields=fields)
    kept = rows["_reason"].isna()
    _parents(rows, kept, ctx)
    rows["_kept_reason"] = np.where(
        rows["archived"].fillna(False).astype(bool),
        "archived card kept (archived=True)",
        "task kept",
    )
    k = rows[kept]
    data = pd.DataFrame(
        {
            "task_id": k["task_id"],
            "name": k["name"],
            "project": k["project"],
            "section": k["section"],
            "assignee": k["assignee"],
            "created": k["_created"],
            "due": k["_due"],
            "completed": k["_completed"],
            "parent_id": k["parent_id"],
            "done": k["done"].astype(bool),
            "archived": k["archived"].astype(bool),
            "source_file": k["_file"],
            "source_row": k["_row"],
        }
    )
    open_, done = int((~data["done"]).sum()), int(data["done"].sum())
    notes = [f"{len(data):,} tasks: {done:,} done, {open_:,} open."]
    return finish(ctx, rows, typed(data, TASK_COLUMNS), why or "no tasks", NO_MONEY, notes)


def _parents(rows: pd.DataFrame, kept: pd.Series, ctx: Context) -> None:
    """Asana: turn each subtask's ``Parent task`` (the parent's name, or its id) into an id."""
    wanted = kept & rows["parent"].notna()
    if not wanted.any():
        return
    ids = set(rows.loc[kept, "task_id"])
    by_name = rows[kept].groupby("name")["task_id"].unique()
    unique = by_name[by_name.map(len) == 1].map(lambda v: v[0])
    parent = rows.loc[wanted, "parent"]
    found = parent.where(parent.isin(ids), parent.map(unique))
    rows.loc[wanted, "parent_id"] = found
    lost = found.isna()
    if lost.any():
        at = lost.idxmax()
        ctx.warnings.append(
            f"{int(lost.sum()):,} subtask(s) name a parent task that is not in the files or "
            f"whose name is not unique (first: {rows.at[at, '_file']}:row {rows.at[at, '_row']}, "
            f"parent {rows.at[at, 'parent']!r}); their parent_id is missing."
        )
