"""Read dates and times as the business's local, time-zone-naive timestamps.

The day/month order is decided once per file from all its dates (a part above 12 settles it),
never per cell, and the zone rules are those of DATA_INTAKE.md: offsets, named zones (the
Rails / Windows names that Square and Microsoft tools print) and files without a zone.
Implausible dates (placeholders such as 0001, 1900 or 9999, and two-digit years that would
land in the future) are refused before any timestamp is built: see :data:`PLAUSIBLE_DATES`.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from smbkit._errors import DataError

__all__ = [
    "PLAUSIBLE_DATES",
    "ZONE_NAMES",
    "DateResult",
    "DateWindow",
    "parse_datetimes",
    "resolve_zone",
]

# Rails ActiveSupport::TimeZone display names (as Square prints them) and Windows zone ids,
# mapped to IANA zones (Unicode CLDR windowsZones.xml lists the Windows ids).
ZONE_NAMES = {
    "eastern time (us & canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "arizona": "America/Phoenix",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "atlantic time (canada)": "America/Halifax",
    "newfoundland": "America/St_Johns",
    "london": "Europe/London",
    "edinburgh": "Europe/London",
    "dublin": "Europe/Dublin",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "madrid": "Europe/Madrid",
    "amsterdam": "Europe/Amsterdam",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "brisbane": "Australia/Brisbane",
    "perth": "Australia/Perth",
    "auckland": "Pacific/Auckland",
    "tokyo": "Asia/Tokyo",
    "utc": "UTC",
    "eastern standard time": "America/New_York",
    "central standard time": "America/Chicago",
    "mountain standard time": "America/Denver",
    "us mountain standard time": "America/Phoenix",
    "pacific standard time": "America/Los_Angeles",
    "alaskan standard time": "America/Anchorage",
    "hawaiian standard time": "Pacific/Honolulu",
    "atlantic standard time": "America/Halifax",
    "gmt standard time": "Europe/London",
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "central europe standard time": "Europe/Budapest",
    "aus eastern standard time": "Australia/Sydney",
    "new zealand standard time": "Pacific/Auckland",
    "tokyo standard time": "Asia/Tokyo",
}

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$"
)
_SLASH = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_TEXT = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@dataclass(frozen=True)
class DateWindow:
    """The years a business date can plausibly fall in.

    Attributes
    ----------
    earliest_year : int
        No small business's export dates a sale before 1970; earlier years are placeholders
        ("no date" written as 0001-01-01, 1900-01-01, Excel's 1899-12-30, MySQL's
        0000-00-00) or typos. It is also far inside the range a pandas timestamp in
        nanoseconds can hold (1677-2262), so nothing downstream overflows.
    years_ahead : int
        How many years after the current one a date may fall (due dates, renewals, planned
        deliveries); 9999-12-31 and 2099 are placeholders or typos.
    """

    earliest_year: int = 1970
    years_ahead: int = 10

    def latest_year(self, today: date | None = None) -> int:
        """Return the last plausible year, counted from ``today`` (default: the real date)."""
        return (today or date.today()).year + self.years_ahead


#: The one place the plausible window is set; :func:`parse_datetimes` refuses dates outside.
PLAUSIBLE_DATES = DateWindow()
_PLACEHOLDER_YEARS = {0, 1, 1899, 1900, 9999}


def _check_years(year_text, *, func, file, column, rows, text) -> None:
    """Refuse two-digit years that land in the future, and years outside the window."""
    year_text = year_text.reset_index(drop=True)
    rows = rows.reset_index(drop=True)
    text = text.reset_index(drop=True)
    two_digit = year_text.str.len() == 2
    years = year_text.astype(int).where(~two_digit, 2000 + year_text.astype(int))
    this_year = date.today().year
    future = two_digit & (years > this_year)
    if future.any():
        i = future.idxmax()
        raise DataError(
            f"{func}: {file} row {rows[i]}, column {column!r}: {text[i]!r} has a 2-digit year, "
            f"which would be {years[i]}, in the future ({int(future.sum())} such cells); the "
            "century cannot be guessed. Export the file with four-digit years (e.g. "
            "12/31/1999)."
        )
    first, last = PLAUSIBLE_DATES.earliest_year, PLAUSIBLE_DATES.latest_year()
    bad = (years < first) | (years > last)
    if bad.any():
        i = bad.idxmax()
        if years[i] in _PLACEHOLDER_YEARS:
            why = "a placeholder that systems write for 'no date'"
        elif years[i] < first:
            why = f"before {first}"
        else:
            why = f"more than {PLAUSIBLE_DATES.years_ahead} years ahead"
        raise DataError(
            f"{func}: {file} row {rows[i]}, column {column!r}: {text[i]!r} is not a plausible "
            f"date ({why}; dates are read from {first} to {last}, {int(bad.sum())} such "
            "cells). Enter the real date in the source system, or remove those rows, and "
            "export again."
        )


def resolve_zone(name: str, *, func: str, where: str) -> str:
    """Return the IANA zone for a zone name as exports print it, or raise DataError."""
    key = str(name).strip()
    if key.lower() in ZONE_NAMES:
        return ZONE_NAMES[key.lower()]
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DataError(
            f"{func}: {where}: time zone {key!r} is not a zone name smbkit knows (IANA names "
            "such as 'America/New_York', or e.g. 'Eastern Time (US & Canada)'). Pass tz= with "
            "the business's IANA zone."
        ) from None
    return key


@dataclass
class DateResult:
    """Parsed timestamps and what the parser had to decide."""

    values: pd.Series  # naive local timestamps
    converted: pd.Series  # bool: the wall-clock time was changed by a zone conversion
    warnings: list[str] = field(default_factory=list)
    dayfirst: bool | None = None


def _decide_dayfirst(parts, *, func, file, column, rows, dayfirst):
    first = parts[0].astype(int)
    second = parts[1].astype(int)
    day_first_rows = first > 12
    month_first_rows = second > 12
    if day_first_rows.any() and month_first_rows.any():
        raise DataError(
            f"{func}: {file}, column {column!r} has dates with the day first (row "
            f"{rows[day_first_rows].iloc[0]}) and with the month first (row "
            f"{rows[month_first_rows].iloc[0]}); one file must use one order. Re-export it."
        )
    evidence = True if day_first_rows.any() else False if month_first_rows.any() else None
    if evidence is not None and dayfirst is not None and evidence != dayfirst:
        bad = day_first_rows if evidence else month_first_rows
        raise DataError(
            f"{func}: dayfirst={dayfirst} contradicts {file}, column {column!r}, row "
            f"{rows[bad].iloc[0]}, which can only be read with dayfirst={evidence}; pass "
            f"dayfirst={evidence} or leave it out."
        )
    if evidence is None and dayfirst is None:
        raise DataError(
            f"{func}: {file}, column {column!r}: every date could be day/month or month/day "
            f"(e.g. row {rows.iloc[0]}); pass dayfirst=True for 31/12/2026 or dayfirst=False "
            "for 12/31/2026."
        )
    return evidence if evidence is not None else dayfirst


def _unreadable(func, file, column, rows, text, bad):
    raise DataError(
        f"{func}: {file} row {rows[bad].iloc[0]}, column {column!r}: cannot read "
        f"{text[bad].iloc[0]!r} as a date ({int(bad.sum())} such cells). Use one date format "
        "per column (e.g. 2026-05-31 or 05/31/2026) and export again."
    )


def parse_datetimes(
    cells: pd.Series,
    *,
    func: str,
    file: str,
    column: str,
    rows: pd.Series,
    dayfirst: bool | None = None,
    zone: str | None = None,
    tz: str | None = None,
) -> DateResult:
    """Parse date(-time) text into naive local timestamps.

    ``zone`` is the zone the file's wall-clock times are written in ("UTC" for Stripe, an
    IANA name for Square, None when unknown); offsets in the text override it. ``tz`` is the
    business's zone: times are converted to it when the file states another zone.

    Raises
    ------
    DataError
        A blank or unreadable cell; day/month order that cannot be decided; a year outside
        :data:`PLAUSIBLE_DATES` (placeholders such as 0001, 1900 or 9999) or a two-digit
        year that would land in the future, in any of the formats read (ISO, slashed, text
        months, compact ``YYYYMMDD``); a time that does not exist in its zone.
    """
    if cells.empty:  # an export without data rows: nothing to parse, nothing to warn about
        return DateResult(
            values=pd.Series(index=cells.index, dtype="datetime64[us]"),
            converted=pd.Series(index=cells.index, dtype=bool),
        )
    text = cells.fillna("").astype(str).str.strip()
    blank = text == ""
    if blank.any():
        raise DataError(
            f"{func}: {file} row {rows[blank].iloc[0]}, column {column!r} is empty "
            f"({int(blank.sum())} rows); every row needs a date. Fill it in the source system."
        )
    result = DateResult(values=pd.Series(dtype="datetime64[us]"), converted=text != text)
    offsets = None
    if text.str.match(_ISO.pattern).all():
        parts = text.str.extract(_ISO.pattern)
        _check_years(parts[0], func=func, file=file, column=column, rows=rows, text=text)
        offsets = parts[6].fillna("")
        clock = text.str.replace(r"\s*(Z|UTC|[+-]\d{2}:?\d{2})$", "", regex=True)
        values = pd.to_datetime(clock, format="ISO8601", errors="coerce")
        has_offset = offsets != ""
        if has_offset.any() and not has_offset.all():
            _unreadable(func, file, column, rows, text, ~has_offset)
    elif text.str.match(_SLASH.pattern).all():
        parts = text.str.extract(_SLASH.pattern)
        _check_years(parts[2], func=func, file=file, column=column, rows=rows, text=text)
        first = _decide_dayfirst(
            parts, func=func, file=file, column=column, rows=rows, dayfirst=dayfirst
        )
        result.dayfirst = first
        day, month = (parts[0], parts[1]) if first else (parts[1], parts[0])
        year = parts[2].where(parts[2].str.len() == 4, "20" + parts[2])
        hour = parts[3].fillna("0").astype(int)
        ampm = parts[6].fillna("").str.lower()
        hour = hour.where(ampm == "", (hour % 12) + (ampm == "pm") * 12)
        clock = hour.astype(str) + ":" + parts[4].fillna("00") + ":" + parts[5].fillna("00")
        iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2) + " " + clock
        values = pd.to_datetime(iso, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    elif text.str.match(_TEXT.pattern).all():
        year = text.str.extract(_TEXT.pattern)[2]
        _check_years(year, func=func, file=file, column=column, rows=rows, text=text)
        values = pd.to_datetime(text.str.replace("-", " "), format="%d %b %Y", errors="coerce")
        retry = values.isna()
        if retry.any():
            values[retry] = pd.to_datetime(
                text[retry].str.replace("-", " "), format="%d %B %Y", errors="coerce"
            )
    elif text.str.match(_COMPACT.pattern).all():
        year = text.str.extract(_COMPACT.pattern)[0]
        _check_years(year, func=func, file=file, column=column, rows=rows, text=text)
        values = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    else:
        patterns = (_ISO, _SLASH, _TEXT, _COMPACT)
        bad = ~text.str.match("|".join(f"(?:{p.pattern})" for p in patterns))
        if not bad.any():
            bad = ~text.str.match(_ISO.pattern)
        _unreadable(func, file, column, rows, text, bad)
    if values.isna().any():
        _unreadable(func, file, column, rows, text, values.isna())
    values = values.astype("datetime64[us]")

    if offsets is not None and (offsets != "").all():
        instants = pd.to_datetime(
            text.str.replace(r"\s+([+-]\d{2}:?\d{2})$", r"\1", regex=True).str.replace(
                r"\s*UTC$", "Z", regex=True
            ),
            format="ISO8601",
            utc=True,
        )
        if tz is not None:
            local = instants.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[us]")
            result.converted = local != values
            values = local
        else:
            minutes = (values - instants.dt.tz_localize(None)).dt.total_seconds() / 60
            if minutes.max() - minutes.min() > 60:
                raise DataError(
                    f"{func}: {file}, column {column!r} mixes UTC offsets more than an hour "
                    f"apart ({sorted(set(offsets))}), so the times are not all in one zone; "
                    "pass tz= with the business's IANA zone, e.g. tz='America/New_York'."
                )
    elif zone is not None:
        if zone == "UTC" and tz is None:
            result.warnings.append(
                f"{file}: column {column!r} is in UTC; times are kept in UTC. Pass tz= with the "
                "business's zone so that days and months follow local time."
            )
        elif tz is not None and zone != tz:
            aware = values.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
            if aware.isna().any():
                bad = aware.isna()
                raise DataError(
                    f"{func}: {file} row {rows[bad].iloc[0]}, column {column!r}: "
                    f"{text[bad].iloc[0]!r} does not exist or is ambiguous in {zone} (a daylight "
                    "saving change); correct the time in the source system."
                )
            local = aware.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[us]")
            result.converted = local != values
            values = local
    elif tz is None:
        result.warnings.append(
            f"{file}: column {column!r} has no time zone; times are taken as the business's "
            "local time. Pass tz= to state the zone and silence this warning."
        )
    result.values = values.reset_index(drop=True).set_axis(cells.index)
    result.converted = result.converted.set_axis(cells.index)
    return result
