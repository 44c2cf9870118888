"""Shared machinery: read a file's cells as text, find its header, keep the ledger.

Every record of a file after its header gets exactly one disposition, ``kept`` or
``excluded`` with a reason, and its ledger amount (the file's own money column, blank = 0), so
that the raw total equals kept + excluded by construction; repairs are listed on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit._redact import redact
from smbkit.io._raw import RawFile, read_raw

__all__ = [
    "Context",
    "Layout",
    "ReadResult",
    "RawFile",
    "detect",
    "normalise",
    "read_raw",
]

_SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?[eE][+-]?\d+$")


def normalise(name: object) -> str:
    """Return a header spelling reduced for matching: lower case, single spaces, no BOM."""
    text = str(name).replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Layout:
    """A known export layout: header aliases per field, and how it is recognised.

    ``fields`` maps an internal field name to the header spellings it may have (compared
    after :func:`normalise`); ``signature`` lists the fields that recognise the layout;
    ``required`` those it cannot do without.
    """

    name: str
    fields: dict[str, tuple[str, ...]]
    signature: tuple[str, ...]
    required: tuple[str, ...]
    money: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    amount: str = ""

    def match(self, header: list[str]) -> dict[str, int]:
        """Return field -> column position for the header cells this layout knows."""
        found: dict[str, int] = {}
        cells = [normalise(h) for h in header]
        for name, aliases in self.fields.items():
            wanted = {normalise(a) for a in aliases}
            for pos, cell in enumerate(cells):
                if cell in wanted:
                    found[name] = pos
                    break
        return found

    def score(self, header: list[str]) -> int:
        found = self.match(header)
        return sum(1 for f in self.signature if f in found)


def detect(
    raw: RawFile, layouts: dict[str, Layout], source: str, *, func: str, scan: int = 30
) -> tuple[Layout, int, str]:
    """Find the header row and the layout; return (layout, header index, explanation)."""
    candidates = layouts if source == "auto" else {source: layouts[source]}
    best: tuple[float, int, int, Layout] | None = None
    for index, record in enumerate(raw.records[:scan]):
        if sum(1 for c in record if c.strip()) < 2:
            continue
        for layout in candidates.values():
            hits = layout.score(record)
            share = hits / len(layout.signature)
            if best is None or share > best[0]:
                best = (share, hits, index, layout)
    seen = next((r for r in raw.records[:scan] if sum(1 for c in r if c.strip()) >= 2), [])
    if best is None or best[0] < 0.5:
        if source == "auto":
            names = ", ".join(sorted(layouts))
            raise DataError(
                f"{func}: could not recognise the layout of {raw.name}; candidates are {names}, "
                f"and the first header-like row has {[c for c in seen if c]!r}. Pass source= "
                "and, for other layouts, source='generic' with column_map=."
            )
        layout = layouts[source]
        header = raw.records[best[2]] if best else seen
        absent = [f for f in layout.required if f not in layout.match(header)]
        if absent or best is None:
            _missing(func, raw.name, layout, absent or list(layout.required), header)
        # source= was chosen and every required column is there: read it, though few of
        # the layout's optional headers are present
    share, hits, index, layout = best
    header = raw.records[index]
    found = layout.match(header)
    missing = [f for f in layout.required if f not in found]
    if missing:
        _missing(func, raw.name, layout, missing, header)
    how = "chosen with source=" if source != "auto" else "recognised"
    why = f"{layout.name} ({how}; matched {hits} of {len(layout.signature)} signature headers)"
    return layout, index, why


def _missing(func: str, file: str, layout: Layout, missing, header) -> None:
    wanted = {f: layout.fields[f][0] for f in missing}
    raise DataError(
        f"{func}: {file} lacks the column(s) {list(wanted.values())!r} that a {layout.name} "
        f"export needs; its columns are {[c for c in header if c]!r}. Export again with those "
        "columns, or use source='generic' with column_map=."
    )


def _header_rows(layout: Layout, header: list[str], body: list[list[str]]) -> list[int]:
    """Positions in ``body`` of records that repeat a header of this layout."""
    found = layout.match(header)
    needed = max(2, (len(found) * 3 + 4) // 5)  # three in five of the header's known names
    spellings = {normalise(a) for aliases in layout.fields.values() for a in aliases}
    quick = {s.lower() for s in spellings}
    probe = found[layout.required[0]] if layout.required and layout.required[0] in found else 0
    hits = []
    for offset, record in enumerate(body):
        if probe < len(record) and record[probe].strip().lower() in quick:
            if len(layout.match(record)) >= needed:
                hits.append(offset)
    return hits


def frame(raw: RawFile, header_index: int, layout: Layout, *, func: str) -> pd.DataFrame:
    """Return the records below the header as text, one column per known field.

    Adds ``_row`` (the spreadsheet row, 1-based), ``_file``, ``_blank`` (the record has no
    text at all), ``_first`` (its first filled cell), ``_cells`` (how many cells are
    filled), ``_header`` (the record repeats a header:
    exports concatenated into one file), ``_segment`` (0 before the first repeated header,
    then 1, 2, ...) and ``_joined`` (the record has fewer cells than its header, one of them
    holds the delimiter and one a quote character: a stray or missing quote joined cells and
    left its partner as text, so the values after them sit in other columns; ``read_orders``
    refuses such a data row). Cells after a repeated header are read by that header's column
    order. Cells beyond the header width must be empty.
    """
    header = raw.records[header_index]
    found = layout.match(header)
    body = raw.records[header_index + 1 :]
    repeats = _header_rows(layout, header, body)
    bounds = [0, *repeats, len(body)]
    cells: dict[str, list[str]] = {name: [] for name in found}
    segment = np.zeros(len(body), dtype=np.int64)
    joined = np.zeros(len(body), dtype=bool)
    delimiter = raw.delimiter
    heads = [header] + [body[i] for i in repeats]
    for part, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        head = heads[part]
        mapping = layout.match(head)
        if set(mapping) != set(found):
            missing = sorted(layout.fields[f][0] for f in set(found) - set(mapping))
            raise DataError(
                f"{func}: {raw.name} row {header_index + lo + 2} repeats the header but "
                f"without the column(s) {missing!r} of the header on row {header_index + 1}; "
                "the file joins exports with different columns. Save each export as its own "
                "file and pass a list of paths."
            )
        width = len(head)
        chunk = body[lo:hi]
        segment[lo:hi] = part
        for offset, record in enumerate(chunk):
            if len(record) > width and any(c.strip() for c in record[width:]):
                extra = [c for c in record[width:] if c.strip()]
                raise DataError(
                    f"{func}: {raw.name} row {header_index + lo + offset + 2} has "
                    f"{len(record)} cells but the header has {width}; extra value "
                    f"{extra[0]!r}. A field probably holds an unquoted comma: export the file "
                    "again (do not edit it in a text editor)."
                )
            if (
                delimiter
                and len(record) < width
                and any(delimiter in c for c in record)
                and any('"' in c for c in record)
            ):
                joined[lo + offset] = True
        for name, pos in mapping.items():
            cells[name].extend([r[pos] if pos < len(r) else "" for r in chunk])
    # Plain loops over the records (the csv module gives lists of str): the first cell with
    # text, and how many cells are not empty (a cell of spaces counts as filled here).
    first = [next((c.strip() for c in r if c and not c.isspace()), "") for r in body]
    filled = [len(r) - r.count("") for r in body]
    n = len(body)
    # One column at a time into Arrow-backed text, so only one list of cells is alive at once.
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for name in list(cells):
        out[name] = pd.Series(cells.pop(name), dtype="str")
    out["_row"] = np.arange(header_index + 2, header_index + 2 + n)
    out["_file"] = raw.name
    out["_first"] = pd.Series(first, dtype="str", index=out.index)
    out["_blank"] = (out["_first"] == "").to_numpy()
    out["_cells"] = np.array(filled, dtype=np.int64)
    header_mask = np.zeros(n, dtype=bool)
    header_mask[repeats] = True
    out["_header"] = header_mask
    out["_segment"] = segment
    out["_joined"] = joined
    out.attrs["headers"] = {name: header[pos] for name, pos in found.items()}
    return out


def check_ids(df: pd.DataFrame, fields, *, func: str, file: str, layout: Layout) -> pd.Series:
    """Reject Excel-mangled ids; strip a leading apostrophe. Return the rows repaired."""
    repaired = pd.Series(False, index=df.index)
    for name in fields:
        if name not in df:
            continue
        col = df[name].str.strip()
        bad = col.str.match(_SCIENTIFIC.pattern)
        if bad.any():
            header = df.attrs.get("headers", {}).get(name, name)
            raise DataError(
                f"{func}: {file} row {df.loc[bad, '_row'].iloc[0]}, column {header!r}: id "
                f"{col[bad].iloc[0]!r} is in scientific notation, so Excel has rounded it and "
                "the real id is lost. Export the file again and do not open it in Excel before "
                "reading it (or import it in Excel as text)."
            )
        quoted = col.str.startswith("'")
        repaired |= quoted
        df[name] = col.str.removeprefix("'")
    return repaired


@dataclass
class Context:
    """What one read call has decided and recorded so far."""

    func: str
    warnings: list[str] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)

    def repair(self, reason: str, rows: pd.DataFrame, mask: pd.Series) -> None:
        """Record that ``rows[mask]`` were repaired for ``reason`` (counted, summed, first)."""
        hit = np.asarray(mask, dtype=bool)
        if hit.any():
            first = int(np.argmax(hit))
            self.repairs.append(
                {
                    "action": "repaired",
                    "reason": reason,
                    "rows": int(hit.sum()),
                    "amount": float(rows["_amount"].to_numpy()[hit].sum()),
                    "example": f"{rows['_file'].iloc[first]}:row {rows['_row'].iloc[first]}",
                }
            )


def ledger_from(rows: pd.DataFrame, repairs: list[dict]) -> pd.DataFrame:
    """Build the ledger: one row per (action, reason) with rows, amount and an example.

    ``rows`` needs ``_file``, ``_row``, ``_amount`` and ``_reason`` (None = kept) and
    ``_kept_reason``; ``repairs`` are the records of :meth:`Context.repair`.
    """
    slim = pd.DataFrame(
        {
            "action": np.where(rows["_reason"].isna(), "kept", "excluded"),
            "reason": rows["_reason"].fillna(rows["_kept_reason"]).to_numpy(),
            "amount": rows["_amount"].to_numpy(dtype="float64"),
            "at": np.arange(len(rows)),
        }
    )
    core = (
        slim.groupby(["action", "reason"], sort=False)
        .agg(rows=("at", "size"), amount=("amount", "sum"), at=("at", "first"))
        .reset_index()
    )
    at = core.pop("at").to_numpy()
    core["example"] = [
        f"{f}:row {r}" for f, r in zip(rows["_file"].iloc[at], rows["_row"].iloc[at], strict=True)
    ]
    fixed = pd.DataFrame(repairs, columns=["action", "reason", "rows", "amount", "example"])
    fixed = (
        fixed.groupby(["action", "reason"], sort=False)
        .agg(rows=("rows", "sum"), amount=("amount", "sum"), example=("example", "first"))
        .reset_index()
    )
    ledger = pd.concat([core, fixed], ignore_index=True) if len(fixed) else core
    order = {"kept": 0, "excluded": 1, "repaired": 2}
    ledger["amount"] = ledger["amount"].round(2)
    ledger["reason"] = ledger["reason"].map(redact)
    ledger["example"] = ledger["example"].map(redact)
    ledger = ledger.sort_values(
        ["action", "rows"], key=lambda s: s.map(order) if s.name == "action" else -s
    )
    return ledger.reset_index(drop=True)


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


@dataclass
class ReadResult:
    """What a reader returns.

    Attributes
    ----------
    data : DataFrame
        The canonical table.
    ledger : DataFrame
        ``action`` (kept, excluded, repaired), ``reason``, ``rows``, ``amount`` (in the file's
        currency, from the column named by ``amount_column``), ``example`` (file:row).
        Raw total = kept + excluded, for rows and amount; repaired rows are a subset of
        those.
    warnings : list of str
    source : str
        The layout used and why.
    raw_rows, raw_amount : int, float
        Records below the header in the file(s), and the sum of their ``amount_column``.
    amount_column : str
    notes : list of str
    refunds : DataFrame or None
        ``read_orders`` only: one row per refund, dated when it was issued
        (``order_id, date, amount, reason, source_file, source_row, date_source``), where
        the export carries refund rows or refund dates; None where it does not.
    refund_dates : str
        How the export dates refunds, in one sentence.
    basis : {"accrual", "cash"} or None
        ``read_profit_and_loss`` only: the accounting basis the report states (title or
        footer); None where it does not say.
    """

    data: pd.DataFrame
    ledger: pd.DataFrame
    warnings: list[str]
    source: str
    raw_rows: int
    raw_amount: float
    amount_column: str
    notes: list[str] = field(default_factory=list)
    refunds: pd.DataFrame | None = None
    refund_dates: str = ""
    basis: str | None = None

    def summary(self) -> list[str]:
        """Return the read in a few plain sentences."""
        led = self.ledger
        kept = led[led["action"] == "kept"]
        excluded = led[led["action"] == "excluded"]
        repaired = led[led["action"] == "repaired"]
        n_kept = int(kept["rows"].sum())
        if self.raw_rows:
            share = 100.0 * n_kept / self.raw_rows
            out = [
                f"Kept {n_kept:,} of {self.raw_rows:,} rows ({share:.1f} %) as "
                f"{len(self.data):,} table rows; {self.source}."
            ]
        else:
            out = [f"No data rows below the header: the table is empty; {self.source}."]
        if len(excluded):
            items = "; ".join(
                f"{r.reason}: {_rows(r.rows)}, {r.amount:,.2f}" for r in excluded.itertuples()
            )
            out.append(f"Excluded {int(excluded['rows'].sum()):,} rows ({items}).")
        if len(repaired):
            items = "; ".join(f"{r.reason}: {_rows(r.rows)}" for r in repaired.itertuples())
            out.append(f"Repaired {items}.")
        out.extend(self.notes)
        if self.warnings:
            out.append(f"{len(self.warnings)} warning(s): see .warnings.")
        return out


def finish(
    ctx: Context,
    rows: pd.DataFrame,
    data: pd.DataFrame,
    source: str,
    amount_column: str,
    notes: list[str] | None = None,
) -> ReadResult:
    """Assemble a ReadResult and assert the ledger reconciles."""
    ledger = ledger_from(rows, ctx.repairs)
    raw_amount = round(float(rows["_amount"].sum()), 2)
    core = ledger[ledger["action"] != "repaired"]
    if int(core["rows"].sum()) != len(rows) or abs(core["amount"].sum() - raw_amount) > 0.005:
        raise AssertionError("ledger does not reconcile")  # pragma: no cover - a bug
    return ReadResult(
        data=data.reset_index(drop=True),
        ledger=ledger,
        warnings=list(dict.fromkeys(redact(w) for w in ctx.warnings)),
        source=source,
        raw_rows=len(rows),
        raw_amount=raw_amount,
        amount_column=amount_column,
        notes=[redact(n) for n in notes or []],
    )
