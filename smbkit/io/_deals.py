"""``read_deals``: HubSpot deals, Salesforce opportunities, Zoho CRM deals, or a column map."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option
from smbkit.io._core import Context, Layout, ReadResult, check_ids, detect, finish, frame, read_raw
from smbkit.io._dates import resolve_zone
from smbkit.io._money import parse_money_column
from smbkit.io._parse import footer_rows
from smbkit.io._tables import (
    as_paths,
    dayfirst_evidence,
    file_date,
    keep_latest,
    no_rows_warning,
    optional_datetimes,
    typed,
)

__all__ = ["DEAL_COLUMNS", "read_deals"]

FUNC = "read_deals"
DEAL_COLUMNS = {
    "deal_id": "str",
    "name": "str",
    "account": "str",
    "owner": "str",
    "pipeline": "str",
    "stage": "str",
    "outcome": "str",
    "amount": "float64",
    "currency": "str",
    "created": "datetime64[us]",
    "closed": "datetime64[us]",
    "source": "str",
    "expected_close": "datetime64[us]",
    "source_file": "str",
    "source_row": "int64",
}
OUTCOMES = ("won", "lost", "open")
_FIELDS = (
    "deal_id",
    "name",
    "account",
    "owner",
    "pipeline",
    "stage",
    "amount",
    "currency",
    "created",
    "closed",
    "source",
    "probability",
    "won",
    "is_closed",
    "modified",
)

HUBSPOT = Layout(
    name="hubspot",
    fields={
        "deal_id": ("Record ID", "Deal ID"),
        "name": ("Deal Name",),
        "stage": ("Deal Stage",),
        "pipeline": ("Pipeline",),
        "amount": ("Amount",),
        "currency": ("Currency", "Deal currency code"),
        "closed": ("Close Date",),
        "created": ("Create Date",),
        "owner": ("Deal owner", "Owner"),
        "probability": ("Deal probability", "Deal Stage Probability"),
        "account": ("Associated Company", "Associated Company (Primary)"),
        "modified": ("Last Modified Date",),
        "source": ("Original Source Type", "Original Traffic Source", "Lead Source"),
        "won": ("Is Closed Won",),
        "is_closed": ("Is Deal Closed?", "Is Closed"),
    },
    signature=(
        "deal_id",
        "name",
        "stage",
        "pipeline",
        "amount",
        "closed",
        "created",
        "owner",
        "probability",
    ),
    required=("deal_id", "stage"),
    money=("amount",),
    ids=("deal_id",),
    amount="amount",
)
SALESFORCE = Layout(
    name="salesforce",
    fields={
        "name": ("Opportunity Name",),
        "deal_id": ("Opportunity ID", "Opportunity ID (18)"),
        "account": ("Account Name",),
        "owner": ("Opportunity Owner", "Owner Name"),
        "stage": ("Stage", "Stage Name"),
        "amount": ("Amount",),
        "currency": ("Opportunity Currency", "Amount Currency"),
        "probability": ("Probability (%)",),
        "closed": ("Close Date",),
        "created": ("Created Date",),
        "source": ("Lead Source",),
        "won": ("Won",),
        "is_closed": ("Closed",),
        "modified": ("Last Modified Date",),
    },
    signature=(
        "name",
        "deal_id",
        "account",
        "owner",
        "stage",
        "amount",
        "probability",
        "closed",
        "created",
        "won",
        "is_closed",
    ),
    required=("deal_id", "stage"),
    money=("amount",),
    ids=("deal_id",),
    amount="amount",
)
ZOHO = Layout(
    name="zoho",
    fields={
        "deal_id": ("Record Id", "Deal Id"),
        "name": ("Deal Name",),
        "account": ("Account Name",),
        "owner": ("Deal Owner",),
        "stage": ("Stage",),
        "amount": ("Amount",),
        "currency": ("Currency",),
        "closed": ("Closing Date",),
        "created": ("Created Time",),
        "source": ("Lead Source",),
        "pipeline": ("Pipeline",),
        "probability": ("Probability (%)",),
        "modified": ("Modified Time",),
    },
    signature=(
        "deal_id",
        "name",
        "account",
        "owner",
        "stage",
        "amount",
        "closed",
        "created",
        "source",
        "pipeline",
        "probability",
    ),
    required=("deal_id", "stage"),
    money=("amount",),
    ids=("deal_id",),
    amount="amount",
)
LAYOUTS = {"hubspot": HUBSPOT, "salesforce": SALESFORCE, "zoho": ZOHO}

# The documented default: a stage named "Closed Won" / "Won" is won, "Closed Lost" / "Lost"
# (and "Closed Lost to Competition") lost; case, "-" and "_" ignored; everything else open.
_WON = re.compile(r"^(?:closed\s*)?won(?:\s|$)")
_LOST = re.compile(r"^(?:closed\s*)?lost(?:\s|$)")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0"}
_CODE_BEFORE = re.compile(r"^\s*([A-Za-z]{3})\s*(?=[-(\d.,$€£¥])")
_CODE_AFTER = re.compile(r"(?<=[\d)])\s*([A-Za-z]{3})\s*$")
_RECORDS = re.compile(r"\(\s*([\d,.]+)\s+(?:records?|rows?)\s*\)", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^sub-?totals?\b", re.IGNORECASE)
_NOT_DATA = {
    "blank row",
    "repeated header row",
    "subtotal row",
    "total or footer row",
    "note row (no date or money)",
}


def _stage_key(stage: pd.Series) -> pd.Series:
    text = stage.fillna("").astype(str).str.strip().str.lower()
    return text.str.replace(r"[\s_\-]+", " ", regex=True)


def _stage_map(stage_outcomes) -> dict[str, str]:
    if stage_outcomes is None:
        return {}
    if not isinstance(stage_outcomes, dict):
        raise SmbkitError(
            f"{FUNC}: stage_outcomes must be a dict of stage name -> 'won', 'lost' or 'open', "
            f"e.g. {{'Signed': 'won'}}; got {type(stage_outcomes).__name__}."
        )
    for stage, outcome in stage_outcomes.items():
        check_option(FUNC, f"stage_outcomes[{stage!r}]", outcome, list(OUTCOMES))
    keys = _stage_key(pd.Series(list(stage_outcomes), dtype="str"))
    return dict(zip(keys, stage_outcomes.values(), strict=True))


def _generic_layout(column_map: dict[str, str]) -> Layout:
    unknown = [k for k in column_map if k not in _FIELDS]
    if unknown:
        raise SmbkitError(
            f"{FUNC}: column_map has unknown canonical name(s) {unknown}; valid names are "
            f"{list(_FIELDS)}."
        )
    missing = [k for k in ("deal_id", "stage") if k not in column_map]
    if missing:
        raise SmbkitError(
            f"{FUNC}: column_map lacks {missing}; it must map 'deal_id' and 'stage' to the "
            "file's columns, e.g. {'deal_id': 'ID', 'stage': 'Status', 'amount': 'Value'}."
        )
    return Layout(
        name="generic",
        fields={k: (str(v),) for k, v in column_map.items()},
        signature=tuple(column_map),
        required=tuple(column_map),
        money=("amount",) if "amount" in column_map else (),
        ids=("deal_id",),
        amount="amount",
    )


def _flags(df: pd.DataFrame, name: str, file: str) -> pd.Series:
    """A true/false column as booleans (NA where blank)."""
    text = df[name].fillna("").astype(str).str.strip().str.lower()
    out = pd.Series(pd.NA, index=df.index, dtype="boolean")
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    live = df["_reason"].isna()
    bad = live & (text != "") & out.isna()
    if bad.any():
        header = df.attrs["headers"].get(name, name)
        raise DataError(
            f"{FUNC}: {file} row {df.loc[bad, '_row'].iloc[0]}, column {header!r}: cannot read "
            f"{df.loc[bad, name].iloc[0]!r} as true or false ({int(bad.sum())} such cells). "
            "Export the report again without editing that column."
        )
    return out


def _probability(df: pd.DataFrame, file: str) -> pd.Series:
    """Probability as a share 0-1 (a column of percentages, or any value above 1, is /100)."""
    text = df["probability"].fillna("").astype(str).str.strip()
    live = df["_reason"].isna()
    number = pd.to_numeric(text.str.rstrip("%").str.strip().str.replace(",", "."), errors="coerce")
    header = df.attrs["headers"].get("probability", "probability")
    bad = live & (text != "") & number.isna()
    if bad.any():
        raise DataError(
            f"{FUNC}: {file} row {df.loc[bad, '_row'].iloc[0]}, column {header!r}: cannot read "
            f"{text[bad].iloc[0]!r} as a probability ({int(bad.sum())} such cells); write it "
            "as 0.25 or 25%."
        )
    number = number.where(live)
    if "%" in header or text.str.endswith("%").any() or (number > 1).any():
        number = number / 100.0
    return number


def _outcomes(df: pd.DataFrame, ctx: Context, file: str, user: dict[str, str]) -> None:
    """Set ``_outcome`` and ``_rule`` (what decided it) on every live row."""
    live = df["_reason"].isna()
    key = _stage_key(df["stage"])
    outcome = pd.Series(None, index=df.index, dtype=object)
    rule = pd.Series(None, index=df.index, dtype=object)
    flagged = pd.Series(None, index=df.index, dtype=object)
    if df["is_closed"].str.strip().ne("").any() or df["won"].str.strip().ne("").any():
        closed, won = _flags(df, "is_closed", file), _flags(df, "won", file)
        yes_closed, no_closed = closed.eq(True).fillna(False), closed.eq(False).fillna(False)
        yes_won, no_won = won.eq(True).fillna(False), won.eq(False).fillna(False)
        flagged[no_closed] = "open"
        flagged[yes_closed & yes_won] = "won"
        flagged[yes_closed & no_won] = "lost"
        flagged[closed.isna() & yes_won] = "won"
    if user:
        mapped = key.map(user)
        set_ = mapped.notna() & live
        outcome[set_], rule[set_] = mapped[set_], "stage_outcomes="
        clash = set_ & flagged.notna() & (flagged != mapped)
        if clash.any():
            at = clash.idxmax()
            ctx.warnings.append(
                f"{file}: stage_outcomes= overrides the export's own Won/Closed flags on "
                f"{int(clash.sum())} row(s) (first: row {df.at[at, '_row']}, stage "
                f"{df.at[at, 'stage']!r} flagged {flagged[at]!r}, mapped to {mapped[at]!r})."
            )
    todo = live & outcome.isna() & flagged.notna()
    outcome[todo], rule[todo] = flagged[todo], "Won/Closed flags"
    if df["probability"].str.strip().ne("").any():
        share = _probability(df, file)
        by_share = pd.Series(
            np.select([share >= 1 - 1e-9, share <= 1e-9], ["won", "lost"], "open"), index=df.index
        ).where(share.notna())
        todo = live & outcome.isna() & by_share.notna()
        outcome[todo], rule[todo] = by_share[todo], "probability"
    by_name = pd.Series(
        np.select(
            [key.str.match(_WON.pattern), key.str.match(_LOST.pattern)], ["won", "lost"], "open"
        ),
        index=df.index,
    )
    todo = live & outcome.isna()
    outcome[todo], rule[todo] = by_name[todo], "stage name"
    df["_outcome"], df["_rule"] = outcome, rule


def _amounts(df: pd.DataFrame, ctx: Context, file: str) -> None:
    """Parse ``amount`` (currency codes such as ``USD 12,500.00`` allowed) and ``currency``."""
    readable = ~(df["_blank"] | df["_header"])
    text = df["amount"].where(readable, "").fillna("").astype(str).str.strip()
    before = text.str.extract(_CODE_BEFORE.pattern)[0]
    after = text.str.extract(_CODE_AFTER.pattern)[0]
    code = before.fillna(after).str.upper()
    text = text.str.replace(_CODE_BEFORE.pattern, "", regex=True)
    text = text.str.replace(_CODE_AFTER.pattern, "", regex=True)
    header = df.attrs["headers"].get("amount", "amount")
    col = parse_money_column(text, func=FUNC, file=file, column=header, rows=df["_row"])
    df["amount"] = col.values.to_numpy()
    if col.ambiguous:
        ctx.warnings.append(
            f"{file}: column {header!r} only has values like '12,500' or '12.500', which read "
            "differently with a decimal point or comma; read with a decimal point (12,500 = "
            "twelve thousand five hundred)."
        )
    df["_amount"] = df["amount"].fillna(0.0)
    live = df["_reason"].isna()
    ctx.repair("amount text parsed (currency code, separators)", df, col.formatted & live)
    given = df["currency"].fillna("").astype(str).str.strip().str.upper()
    df["_currency"] = given.where(given != "", code)


def _check_totals(df: pd.DataFrame, file: str) -> None:
    """A footer such as ``Grand Totals (3 records)`` is a checksum of the rows above it."""
    totals = df[df["_reason"] == "total or footer row"]
    for _, total in totals.iterrows():
        body = df[(df["_segment"] == total["_segment"]) & ~df["_reason"].isin(_NOT_DATA)]
        body = body[body.index < total.name]
        found = _RECORDS.search(str(total["_first"]))
        if found:
            printed = int(re.sub(r"[,.]", "", found.group(1)))
            if printed != len(body):
                raise DataError(
                    f"{FUNC}: {file} row {total['_row']}: the report's own footer "
                    f"{total['_first']!r} counts {printed:,} records, but {len(body):,} deal "
                    "rows stand above it; rows are missing or were edited after export. Export "
                    "the report again."
                )
        if pd.notna(total["amount"]) and len(body):
            summed = float(body["amount"].fillna(0.0).sum())
            if abs(summed - float(total["amount"])) > 0.005:
                raise DataError(
                    f"{FUNC}: {file} row {total['_row']}: the report's total amount is "
                    f"{float(total['amount']):,.2f}, but the deals above it sum to "
                    f"{summed:,.2f}; rows are missing or were edited after export. Export the "
                    "report again."
                )


def _prepare(df: pd.DataFrame, layout: Layout, ctx: Context, file: str, opts: dict) -> None:
    for name in _FIELDS:
        if name not in df:
            df[name] = ""
    repaired = check_ids(df, layout.ids, func=FUNC, file=file, layout=layout)
    df["_reason"] = pd.Series(None, index=df.index, dtype=object)
    df.loc[df["_blank"], "_reason"] = "blank row"
    df.loc[df["_header"], "_reason"] = "repeated header row"
    sub = df["_first"].str.match(_SUBTOTAL.pattern, case=False) & df["_reason"].isna()
    df.loc[sub, "_reason"] = "subtotal row"
    before = len(ctx.warnings)
    footer_rows(df, "deal_id", ctx, file, date_field="closed", money=("amount",))
    df["_reason"] = df["_reason"].replace({"missing order id": "missing deal id"})
    ctx.warnings[before:] = [
        w.replace("'missing order id'", "'missing deal id'") for w in ctx.warnings[before:]
    ]
    live = df["_reason"].isna()
    _amounts(df, ctx, file)
    ctx.repair("leading apostrophe stripped from an id", df, repaired & live)
    _check_totals(df, file)
    if layout.name == "zoho":
        df["deal_id"] = df["deal_id"].str.removeprefix("zcrm_")
    _outcomes(df, ctx, file, opts["stage_outcomes"])
    dates = [df[name].where(live, "") for name in ("created", "closed", "modified")]
    first = dayfirst_evidence(dates, opts["dayfirst"])
    for name, into in (("created", "_created"), ("closed", "_close"), ("modified", "_modified")):
        values, converted = optional_datetimes(
            df[name].where(live, ""),
            ctx,
            file=file,
            column=df.attrs["headers"].get(name, name),
            rows=df["_row"],
            dayfirst=first,
            tz=opts["tz"],
        )
        df[into] = values
        ctx.repair("time zone converted", df, converted & live)
    df["_key"] = df["deal_id"].str.strip().where(live)


def read_deals(
    paths,
    *,
    source: str = "auto",
    column_map: dict[str, str] | None = None,
    tz: str | None = None,
    stage_outcomes: dict[str, str] | None = None,
    dayfirst: bool | None = None,
) -> ReadResult:
    """Read CRM deal exports into the canonical ``deals`` table, with a ledger.

    Parameters
    ----------
    paths : path or list of paths
        CSV or .xlsx exports: HubSpot deals (``hubspot-crm-exports-...csv``), a Salesforce
        Opportunities report (details-only CSV, or the formatted .xlsx with its title block,
        group and subtotal rows), Zoho CRM deals. Several paths are overlapping exports of
        one CRM: each deal is kept once, in its latest version.
    source : {"auto", "hubspot", "salesforce", "zoho", "generic"}
        The export layout; "auto" recognises it from the header names.
    column_map : dict, optional
        For ``source="generic"``: canonical name -> file column. Needs ``deal_id`` and
        ``stage``; may map ``name, account, owner, pipeline, amount, currency, created,
        closed, source, probability, won, is_closed, modified``.
    tz : str, optional
        The business's IANA zone. CRM exports write local times without a zone: they are
        taken to be in it (without ``tz``, with a warning where a column has times of day).
    stage_outcomes : dict, optional
        Stage name -> ``"won"``, ``"lost"`` or ``"open"`` (case, spaces, ``-`` and ``_``
        ignored), e.g. ``{"Signed": "won", "Ghosted": "lost"}``. Overrides every other rule.
    dayfirst : bool, optional
        Day/month order of slashed dates (Salesforce writes the user's locale), when a file
        cannot settle it itself.

    Returns
    -------
    ReadResult
        ``.data``: ``deal_id, name, account, owner, pipeline, stage`` (as exported),
        ``outcome`` (won, lost, open), ``amount`` (float; missing where blank, never 0),
        ``currency``, ``created``, ``closed`` (naive local times; missing while open),
        ``source`` (lead source), then ``expected_close`` (an open deal's close date: the
        date it is expected to close), ``source_file, source_row``. The ledger amount is the
        deal amount (blank = 0).

    Raises
    ------
    DataError
        Unrecognised layout or a missing required column; an unreadable amount,
        probability, true/false flag or date (named by file, row and column); a footer
        (``Grand Totals (N records)``) that disagrees with the rows above it; one deal id
        twice in one export with different content; Excel-mangled ids.
    SmbkitError
        An unknown ``source``, a bad ``column_map`` or ``stage_outcomes``.

    Notes
    -----
    **Outcome.** The first rule that applies decides, per row:

    1. ``stage_outcomes=`` names the stage;
    2. the export's own flags (Salesforce ``Won`` and ``Closed``; HubSpot ``Is Closed
       Won`` / ``Is Deal Closed?``): closed and won = won, closed and not won = lost, not
       closed = open;
    3. the stage's probability (HubSpot ``Deal probability``, a ``Probability (%)``
       column): 100 % = won, 0 % = lost, anything between = open (custom pipelines keep
       their own stage labels; the probability is what marks closed won and closed lost);
    4. the stage name: ``Closed Won`` or ``Won`` = won, ``Closed Lost`` or ``Lost`` (and
       ``Closed Lost to Competition``) = lost, everything else open, with a warning naming
       the stages this rule decided.

    **Versions.** A deal in several exports is kept once: the copy with the latest ``Last
    Modified Date`` (``Modified Time`` in Zoho), else the copy from the export whose file
    name carries the later date, else from the later file. A deal that an older copy shows
    won or lost but the kept copy shows open is **reopened**: it counts as open, its close
    date is cleared, and a warning and a ledger line say so.

    Win rate over closed deals, the figure this table is for:

    .. math:: \\text{win rate} = \\frac{n_\\text{won}}{n_\\text{won} + n_\\text{lost}}

    Zoho ``Record Id`` values lose their ``zcrm_`` prefix, so that exports with and without
    it match.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "opportunities.csv"
    >>> _ = p.write_text('"Opportunity Name","Opportunity ID","Stage","Amount","Close Date",'
    ...     '"Won","Closed"\\n"Acme","006A","Signed","USD 12,500.00","5/14/2026","1","1"\\n'
    ...     '"Bolt","006B","Prospecting","","6/30/2026","0","0"\\n'
    ...     '"Grand Totals (2 records)","","","USD 12,500.00","","",""\\n')
    >>> res = read_deals(p)
    >>> res.data[["deal_id", "stage", "outcome", "amount", "currency", "closed"]]
      deal_id        stage outcome   amount currency     closed
    0    006A       Signed     won  12500.0      USD 2026-05-14
    1    006B  Prospecting    open      NaN      NaN        NaT
    """
    layouts: dict[str, Layout] = dict(LAYOUTS)
    check_option(FUNC, "source", source, ["auto", *layouts, "generic"])
    if tz is not None:
        tz = resolve_zone(tz, func=FUNC, where="tz=")
    opts = {"tz": tz, "dayfirst": dayfirst, "stage_outcomes": _stage_map(stage_outcomes)}
    if source == "generic" or column_map is not None:
        if source not in {"generic", "auto"}:
            raise SmbkitError(
                f"{FUNC}: column_map= only works with source='generic', not {source!r}; drop "
                "column_map= or pass source='generic'."
            )
        if column_map is None:
            raise SmbkitError(
                f"{FUNC}: source='generic' needs column_map=, e.g. {{'deal_id': 'ID', "
                "'stage': 'Status', 'amount': 'Value'}."
            )
        layouts, source = {"generic": _generic_layout(column_map)}, "generic"
    ctx = Context(FUNC)
    parts, chosen, why = [], None, ""
    for position, path in enumerate(as_paths(paths, FUNC)):
        raw = read_raw(path, func=FUNC)
        ctx.warnings.extend(raw.warnings)
        layout, header_index, why = detect(raw, layouts, source, func=FUNC)
        if chosen is not None and layout is not chosen:
            raise DataError(
                f"{FUNC}: {raw.name} is an export of {layout.name}, but earlier files are "
                f"exports of {chosen.name}; read each CRM's exports separately."
            )
        chosen = layout
        df = frame(raw, header_index, layout, func=FUNC)
        if header_index:
            ctx.warnings.append(
                f"{raw.name}: skipped {header_index} title row(s) above the header."
            )
        _prepare(df, layout, ctx, raw.name, opts)
        if not df["_reason"].isna().any():
            ctx.warnings.append(no_rows_warning(raw.name, "deals"))
        df["_position"] = position
        df["_file_date"] = file_date(raw.name)
        parts.append(df)
    rows = pd.concat(parts, ignore_index=True)
    live = rows["_reason"].isna()
    replaced = keep_latest(rows, live, ctx, what="deal", fields=list(_FIELDS))
    kept = rows["_reason"].isna()
    _reopened(rows, replaced, ctx)
    _stage_warnings(rows[kept], ctx, opts["stage_outcomes"])
    rows["_kept_reason"] = "deal kept"
    data = _table(rows[kept], ctx)
    return finish(
        ctx, rows, data, why, chosen.fields["amount"][0] if "amount" in chosen.fields else ""
    )


def _reopened(rows: pd.DataFrame, replaced: pd.DataFrame, ctx: Context) -> None:
    if not len(replaced):
        return
    old = rows.loc[replaced["index"], "_outcome"].to_numpy()
    new = rows.loc[replaced["winner"], "_outcome"].to_numpy()
    hit = np.isin(old, ["won", "lost"]) & (new == "open")
    if not hit.any():
        return
    winners = pd.Index(replaced["winner"].to_numpy()[hit]).unique()
    mask = pd.Series(False, index=rows.index)
    mask[winners] = True
    ctx.repair("reopened: closed in an older export, open in the latest", rows, mask)
    first = winners[0]
    ctx.warnings.append(
        f"{len(winners):,} deal(s) closed (won or lost) in an older export are open again in a "
        f"later one (first: {rows.at[first, 'deal_id']!r}, {rows.at[first, '_file']}:row "
        f"{rows.at[first, '_row']}); they count as open and their close date is cleared."
    )


def _stage_warnings(kept: pd.DataFrame, ctx: Context, user: dict[str, str]) -> None:
    named = kept[kept["_rule"] == "stage name"]
    if len(named):
        pairs = named.groupby("stage", sort=False)["_outcome"].first()
        shown = ", ".join(f"{s!r} -> {o}" for s, o in list(pairs.items())[:8])
        more = f" and {len(pairs) - 8} more" if len(pairs) > 8 else ""
        ctx.warnings.append(
            f"The outcome of stage(s) {shown}{more} was read from the stage name (closed won "
            "-> won, closed lost -> lost, else open): the export has no Won/Closed flags or "
            "probability for them. Pass stage_outcomes= if a custom stage means won or lost."
        )
    unused = sorted(set(user) - set(_stage_key(kept["stage"])))
    if user and unused:
        ctx.warnings.append(f"stage_outcomes= names stage(s) no kept deal has: {unused}.")
    currencies = sorted(kept["_currency"].dropna().unique())
    if len(currencies) > 1:
        ctx.warnings.append(
            f"The deals are in several currencies {currencies}; add amounts up by currency."
        )
    won_lost = kept["_outcome"].isin(["won", "lost"]) & kept["_close"].isna()
    if won_lost.any():
        ctx.warnings.append(
            f"{int(won_lost.sum()):,} won or lost deal(s) have no close date (first: "
            f"{kept.loc[won_lost, '_file'].iloc[0]}:row {kept.loc[won_lost, '_row'].iloc[0]}); "
            "their closed date is missing."
        )


def _table(kept: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    def text(name: str) -> pd.Series:
        col = kept[name].fillna("").astype(str).str.strip()
        return col.where(col != "")

    closed = kept["_outcome"].isin(["won", "lost"])
    data = pd.DataFrame(
        {
            "deal_id": kept["_key"],
            "name": text("name"),
            "account": text("account"),
            "owner": text("owner"),
            "pipeline": text("pipeline"),
            "stage": text("stage"),
            "outcome": kept["_outcome"],
            "amount": kept["amount"],
            "currency": kept["_currency"],
            "created": kept["_created"],
            "closed": kept["_close"].where(closed),
            "source": text("source"),
            "expected_close": kept["_close"].where(~closed),
            "source_file": kept["_file"],
            "source_row": kept["_row"],
        }
    )
    data = data.sort_values(["created", "deal_id"], na_position="last", kind="stable")
    return typed(data, DEAL_COLUMNS)
