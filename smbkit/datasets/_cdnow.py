"""CDNOW: real transactions of an online music retailer, 1997-1998 (Fader & Hardie).

The data
--------
CDNOW sold CDs on the web from 1994. Peter Fader and Bruce Hardie obtained the purchase
history, up to the end of June 1998, of the cohort of 23,570 people who made their first
ever purchase at CDNOW in the first quarter of 1997 (Hardie, "Notes on the CDNOW Master
Data Set", brucehardie.com/notes/026/). It is the classic data set of customer-base
analysis: Fader & Hardie (2001) forecast CDNOW's repeat sales with it, and a 1/10 sample
of it (2,357 customers) is the worked example of the BG/NBD model in Fader, Hardie & Lee
(2005). smbkit bundles the **master** file, every row of it, as it ships inside the
MIT-licensed ``lifetimes`` package on PyPI (``lifetimes/datasets/CDNOW_master.txt`` in
``lifetimes==0.11.3``; the file's SHA-256 is :data:`RAW_SHA256`).

The raw file has one purchase record per line, whitespace-separated: the customer's id
(5 digits with leading zeros), the day (``yyyymmdd``), the number of CDs bought and the
dollar value. The copy in ``lifetimes`` adds a header line; Hardie's original has none;
:func:`read_raw` reads both. Facts of the raw data that a user must know, all kept as
they are (nothing is dropped, merged or repaired):

- a customer can have **several records on one day** (2,068 records share their
  customer and day with an earlier one; 255 are exact repeats of another record), so a
  "purchase occasion" is a customer-day, while a record is a transaction;
- 80 records have a dollar value of 0 (with at least one CD);
- dollar values are in US dollars of the day; no refunds or returns are recorded.

Tables
------
``transactions`` is the raw file as a table (``customer_id, date, quantity, revenue``), in
the file's order (by customer, then day). ``orders`` is the same rows in the shape of the
canonical orders table (``order_id, date, customer_id, revenue, refunded``), so
:mod:`smbkit.kpis` and :mod:`smbkit.customers` work on it unchanged; ``order_id`` is the
record's position in the raw file and ``refunded`` is 0 because the log records no
refunds.

Rebuilding
----------
``python -m smbkit.datasets._cdnow path/to/CDNOW_master.txt`` rewrites the bundled copy
(``smbkit/datasets/cdnow/``) from the raw file, byte for byte the same on every run. Get
the file with ``pip download lifetimes==0.11.3 --no-deps`` and unzip the wheel; lifetimes
itself is not needed to use smbkit.

References
----------
Fader, P. S. and Hardie, B. G. S. (2001), "Forecasting Repeat Sales at CDNOW: A Case
Study", Interfaces 31(3), part 2, S94-S107.
Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "'Counting Your Customers' the Easy
Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pandas as pd

from smbkit._errors import DataError
from smbkit.datasets._daily_crumb_schema import _resource
from smbkit.datasets._package import conform, write_package

__all__ = ["PACKAGE", "RAW_SHA256", "build", "read_raw", "tables_from_raw"]

#: SHA-256 of ``lifetimes/datasets/CDNOW_master.txt`` in the lifetimes 0.11.3 wheel.
RAW_SHA256 = "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef"

USD = "USD"
_CUSTOMER = (
    "Customer id as in the raw file: 5 digits with leading zeros, '00001' to '23570'. "
    "Every customer made a first purchase between 1997-01-01 and 1997-03-25."
)
_DAY = (
    "Day of the purchase (the raw file has no time of day), 1997-01-01 to 1998-06-30. A "
    "customer can have several records on the same day."
)
_REVENUE = (
    "Dollar value of the record, as recorded (0 for 80 records). No refunds or returns "
    "are recorded in this data."
)

_TRANSACTIONS = [
    ("customer_id", "string", None, _CUSTOMER, True),
    ("date", "date", None, _DAY, True),
    ("quantity", "integer", "CDs", "Number of CDs bought in the record (1 to 99).", True),
    ("revenue", "number", USD, _REVENUE, True),
]

_ORDERS = [
    (
        "order_id",
        "string",
        None,
        "'CD-' and the record's line number in the raw file (1 to 69,659, header not "
        "counted); one order per raw record, so same-day records of a customer are "
        "separate orders.",
        True,
    ),
    ("date", "date", None, _DAY, True),
    ("customer_id", "string", None, _CUSTOMER, True),
    ("revenue", "number", USD, _REVENUE, True),
    (
        "refunded",
        "number",
        USD,
        "Always 0: the CDNOW log records purchases only, so net revenue = revenue. Returns, "
        "if any happened, are not visible in this data.",
        True,
    ),
]

PACKAGE: dict = {
    "name": "cdnow",
    "title": "CDNOW",
    "description": (
        "Real data: the purchase records, from 1997-01-01 to 1998-06-30, of the cohort of "
        "23,570 customers who made their first-ever purchase at CDNOW, an online music "
        "retailer, in the first quarter of 1997 (Fader & Hardie's CDNOW master data set). "
        "69,659 records: customer id, day, number of CDs and dollar value. A customer can "
        "have several records on one day; nothing was dropped or merged. Collected by "
        "Peter S. Fader and Bruce G. S. Hardie; used in Fader & Hardie (2001) and, as a "
        "1/10 sample, in Fader, Hardie & Lee (2005), 'Counting your customers the easy "
        "way: an alternative to the Pareto/NBD model', Marketing Science 24(2). See "
        "smbkit/datasets/_cdnow.py."
    ),
    "licenses": [
        {
            "name": "no-licence-stated",
            "title": (
                "No licence is stated for the data by its source (Bruce Hardie's public "
                "data sets and note 026) or by the lifetimes package that redistributes it "
                "(the package's code is MIT-licensed). It is widely redistributed for "
                "teaching and research (lifetimes; the R packages BTYD and CLVTools). Credit "
                "Peter S. Fader and Bruce G. S. Hardie when you use it, and ask them before "
                "any commercial use."
            ),
        }
    ],
    "sources": [
        {
            "title": "CDNOW master data set, Peter S. Fader and Bruce G. S. Hardie",
            "path": "http://brucehardie.com/notes/026/",
            "description": (
                "Hardie, B. G. S., 'Notes on the CDNOW Master Data Set': the cohort of "
                "23,570 individuals who made their first-ever purchase at CDNOW in the "
                "first quarter of 1997, with their purchases up to the end of June 1998."
            ),
        },
        {
            "title": "CDNOW_master.txt in the lifetimes 0.11.3 wheel (PyPI), the copy bundled",
            "path": "https://pypi.org/project/Lifetimes/0.11.3/",
            "description": f"lifetimes/datasets/CDNOW_master.txt, SHA-256 {RAW_SHA256}.",
        },
        {
            "title": (
                "Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), \"'Counting Your "
                "Customers' the Easy Way: An Alternative to the Pareto/NBD Model\", "
                "Marketing Science 24(2), 275-284."
            ),
        },
        {
            "title": (
                'Fader, P. S. and Hardie, B. G. S. (2001), "Forecasting Repeat Sales at '
                'CDNOW: A Case Study", Interfaces 31(3), part 2, S94-S107.'
            ),
        },
    ],
    "resources": [
        _resource(
            "transactions",
            "One row per record of the raw file, in its order (by customer, then day); "
            "several rows can share a customer and day.",
            _TRANSACTIONS,
        ),
        _resource(
            "orders",
            "The same records as transactions, as the canonical orders table: one order per "
            "record.",
            _ORDERS,
            ["order_id"],
        ),
    ],
}

_FIELDS = {r["name"]: r["schema"]["fields"] for r in PACKAGE["resources"]}


def read_raw(source) -> pd.DataFrame:
    """Read ``CDNOW_master.txt`` (a path, bytes or text) into a typed table.

    Accepts the file with or without the header line lifetimes adds, with LF or CRLF line
    ends. Returns ``customer_id`` (string), ``date`` (datetime64[ns]), ``quantity``
    (int64) and ``revenue`` (float64), one row per record, in the file's order.

    >>> raw = " customer_id  date number_of_cds  dollar_value\\r\\n 00001 19970101  1   11.77\\r\\n"
    >>> read_raw(raw.encode()).to_dict("records")
    [{'customer_id': '00001', 'date': Timestamp('1997-01-01 00:00:00'), 'quantity': 1, \
'revenue': 11.77}]
    """
    if isinstance(source, bytes):
        text = source.decode("ascii")
    elif isinstance(source, str) and "\n" in source:
        text = source
    else:
        text = Path(source).read_text(encoding="ascii")
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and not lines[0].split()[0].isdigit():
        lines = lines[1:]  # the header line lifetimes adds
    bad = [i for i, line in enumerate(lines) if len(line.split()) != 4]
    if bad:
        raise DataError(
            f"read_raw: {len(bad):,} of {len(lines):,} records do not have 4 fields "
            f"(first: record {bad[0] + 1}, {lines[bad[0]]!r}); expected customer id, "
            "yyyymmdd, number of CDs and dollar value separated by spaces"
        )
    frame = pd.read_csv(
        io.StringIO("\n".join(lines)),
        sep=r"\s+",
        header=None,
        names=["customer_id", "date", "quantity", "revenue"],
        dtype={"customer_id": "string", "date": "string", "quantity": "int64"},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d").astype("datetime64[ns]")
    frame["revenue"] = frame["revenue"].astype("float64")
    negative = (frame["quantity"] < 0) | (frame["revenue"] < 0)
    if negative.any():
        first = int(negative.to_numpy().argmax())
        raise DataError(
            f"read_raw: {int(negative.sum()):,} records have a negative number of CDs or "
            f"dollar value (first: record {first + 1}); the CDNOW file has none, so this is "
            "not the CDNOW master file"
        )
    return frame


def tables_from_raw(raw: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return the bundled tables (``transactions``, ``orders``) from :func:`read_raw`'s table.

    >>> raw = read_raw(b"00001 19970101 1 11.77\\n00001 19970101 2 20.00\\n")
    >>> tables_from_raw(raw)["orders"]["order_id"].tolist()
    ['CD-00001', 'CD-00002']
    """
    raw = raw.reset_index(drop=True)
    width = max(5, len(str(len(raw))))
    order_id = pd.Series(
        [f"CD-{i:0{width}d}" for i in range(1, len(raw) + 1)], dtype="string", index=raw.index
    )
    orders = pd.DataFrame(
        {
            "order_id": order_id,
            "date": raw["date"],
            "customer_id": raw["customer_id"],
            "revenue": raw["revenue"],
            "refunded": 0.0,
        }
    )
    return {
        "transactions": conform(raw, _FIELDS["transactions"]),
        "orders": conform(orders, _FIELDS["orders"]),
    }


def build(raw_path, directory=None) -> Path:
    """Write the bundled ``cdnow`` data package from the raw ``CDNOW_master.txt``.

    Raises :class:`smbkit.DataError` unless the file is the one the bundle documents
    (its SHA-256 is :data:`RAW_SHA256`).
    """
    data = Path(raw_path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != RAW_SHA256:
        raise DataError(
            f"build: {raw_path} has SHA-256 {digest}, not {RAW_SHA256} (CDNOW_master.txt "
            "from the lifetimes 0.11.3 wheel); the data package documents that file"
        )
    target = Path(directory) if directory is not None else Path(__file__).resolve().parent
    target = target / "cdnow" if directory is None else target
    write_package(target, PACKAGE, tables_from_raw(read_raw(data)))
    return target


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("usage: python -m smbkit.datasets._cdnow path/to/CDNOW_master.txt")
    print(f"wrote {build(sys.argv[1])}")
