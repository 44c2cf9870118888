"""Google Analytics 4 report downloads (CSV with a ``#`` comment preamble)."""

from __future__ import annotations

import re

import pandas as pd

from smbkit._errors import DataError
from smbkit.io._core import Context, Layout, ReadResult, detect, finish, frame, normalise, read_raw
from smbkit.io._dates import parse_datetimes
from smbkit.io._money import parse_money_column

__all__ = ["read_ga4"]

# English headers as GA4 prints them; the translations are the GA4 interface's own wording
# in German, Spanish and French (check a new language against a download before adding it).
LAYOUT = Layout(
    name="ga4",
    fields={
        "date": ("Date", "Datum", "Fecha"),
        "channel_group": (
            "Session default channel group",
            "Default channel group",
            "Session primary channel group (Default channel group)",
            "Standard-Channelgruppe der Sitzung",
            "Grupo de canales predeterminado de la sesión",
            "Groupe de canaux par défaut de la session",
        ),
        "sessions": ("Sessions", "Sitzungen", "Sesiones"),
        "engaged_sessions": (
            "Engaged sessions",
            "Sitzungen mit Interaktionen",
            "Sesiones con interacción",
            "Sessions avec engagement",
        ),
        "conversions": (
            "Key events",
            "Conversions",
            "Schlüsselereignisse",
            "Eventos clave",
            "Événements clés",
        ),
        "revenue": ("Total revenue", "Gesamtumsatz", "Ingresos totales", "Revenu total"),
    },
    signature=("date", "channel_group", "sessions", "engaged_sessions", "conversions", "revenue"),
    required=("sessions",),
    money=("sessions", "engaged_sessions", "conversions", "revenue"),
    amount="sessions",
)
_TOTAL_LABELS = {"grand total", "gesamtsumme", "total general", "total", "totaux", "summe"}
_CENT = 0.005


def read_ga4(path) -> ReadResult:
    """Read a GA4 report download (by day, or by channel group) into the ``web`` table.

    Parameters
    ----------
    path : str or Path
        The CSV as downloaded from the GA4 interface, ``#`` comment lines included. English,
        German, Spanish and French headers are recognised.

    Returns
    -------
    ReadResult
        ``.data``: ``date`` or ``channel_group``, then ``sessions``, ``conversions`` (GA4's
        "Key events", formerly "Conversions"), and ``engaged_sessions`` and ``revenue`` when
        the report has them; ``period_start`` and ``period_end`` from the preamble. The ledger
        amount is sessions (this report has no money for every row). A download without
        data rows gives an empty table and a warning.

    Raises
    ------
    DataError
        A "Grand total" row that disagrees with the sum of the rows, a missing dimension
        column, or an unreadable number.

    Notes
    -----
    .. math:: \\text{Grand total} = \\sum_{\\text{rows}} \\text{sessions}

    Sessions and key events add up across days and across session channel groups (each
    session has one of each), so the printed total is a checksum of the download.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ga4.csv"
    >>> _ = p.write_text("# Start date: 20260501\\n# End date: 20260531\\n"
    ...     "Session default channel group,Sessions,Key events\\n"
    ...     "Organic Search,120,6\\nDirect,80,2\\nGrand total,200,8\\n")
    >>> read_ga4(p).data[["channel_group", "sessions", "conversions"]]
        channel_group  sessions  conversions
    0  Organic Search     120.0          6.0
    1          Direct      80.0          2.0
    """
    func = "read_ga4"
    ctx = Context(func)
    raw = read_raw(path, func=func)
    ctx.warnings.extend(raw.warnings)
    preamble = " ".join(" ".join(r) for r in raw.records[:40] if r and r[0].startswith("#"))
    layout, index, why = detect(raw, {"ga4": LAYOUT}, "auto", func=func)
    df = frame(raw, index, layout, func=func)
    dims = [d for d in ("date", "channel_group") if d in df]
    if not dims:
        raise DataError(
            f"{func}: {raw.name} has neither a Date nor a Session default channel group "
            f"column; its columns are {[c for c in raw.records[index] if c]!r}. Download the "
            "report by date or by session default channel group."
        )
    dim = dims[0]
    label = df[dim].str.strip()
    reason = pd.Series(None, index=df.index, dtype=object)
    reason[df["_blank"]] = "blank row"
    comment = label.str.startswith("#")
    reason[comment & ~df["_blank"]] = "comment row"
    total = ~df["_blank"] & (label.str.lower().isin(_TOTAL_LABELS) | (label == ""))
    reason[total] = "total or footer row"
    for name in ("sessions", "engaged_sessions", "conversions", "revenue"):
        if name in df:
            header = df.attrs["headers"][name]
            df[name] = parse_money_column(
                df[name].where(~comment, ""),
                func=func,
                file=raw.name,
                column=header,
                rows=df["_row"],
            ).values
    df["_amount"] = df["sessions"].fillna(0.0)
    keep = reason.isna()
    for i in df.index[total]:
        for name in ("sessions", "engaged_sessions", "conversions", "revenue"):
            if name not in df or pd.isna(df.loc[i, name]):
                continue
            printed, summed = df.loc[i, name], df.loc[keep, name].sum()
            if abs(printed - summed) > _CENT:
                raise DataError(
                    f"{func}: {raw.name} row {df.loc[i, '_row']} (Grand total): the printed "
                    f"{df.attrs['headers'][name]!r} is {printed:,.2f} but the rows add up to "
                    f"{summed:,.2f}. Download the report again without filters or sampling."
                )
    df["_reason"] = reason
    df["_kept_reason"] = f"{dim.replace('_', ' ')} row"
    if not keep.any():
        ctx.warnings.append(
            f"{raw.name} has no data rows ({dim.replace('_', ' ')} rows) below its header, "
            "only comment, total or blank rows; the table is empty. Check the date range and "
            "filters of the report in Google Analytics, or download it again."
        )
    data = pd.DataFrame(index=df.index[keep])
    if dim == "date":
        data["date"] = parse_datetimes(
            df.loc[keep, "date"],
            func=func,
            file=raw.name,
            column=df.attrs["headers"]["date"],
            rows=df.loc[keep, "_row"],
            tz="local",
        ).values
    else:
        data["channel_group"] = label[keep]
    for name in ("sessions", "conversions", "engaged_sessions", "revenue"):
        if name in df:
            data[name] = df.loc[keep, name]
    if "conversions" not in data:
        ctx.warnings.append(f"{raw.name} has no Key events (Conversions) column.")
    for name, pattern in (
        ("period_start", r"Start date:\s*(\d{8})"),
        ("period_end", r"End date:\s*(\d{8})"),
    ):
        found = re.search(pattern, preamble)
        data[name] = pd.Timestamp(found.group(1)) if found else pd.NaT
        data[name] = data[name].astype("datetime64[us]")
    why = f"{why}; dimension {normalise(df.attrs['headers'][dim])!r}"
    return finish(ctx, df, data.reset_index(drop=True), why, df.attrs["headers"]["sessions"])
