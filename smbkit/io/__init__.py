"""Read clients' real exports into canonical tables, with a ledger of every row.

Each reader returns a :class:`ReadResult`: ``.data`` (the canonical table), ``.ledger``
(rows kept, excluded and repaired, by reason, with money), ``.warnings``, ``.source`` and
``.summary()``. The raw total of a file always equals kept + excluded, in rows and money.

- :func:`read_orders` - Shopify, Square (items or transactions), Stripe, WooCommerce, or
  any table with a ``column_map``.
- :func:`read_profit_and_loss` - Profit and Loss reports from QuickBooks Online, Xero and
  Sage, with the accounting basis and part months flagged.
- :func:`read_general_ledger` - the QuickBooks Online general ledger.
- :func:`read_xero_invoices`, :func:`read_xero_account_transactions` - Xero.
- :func:`read_ga4` - Google Analytics 4 downloads.
- :func:`read_deals` - CRM deals: HubSpot, Salesforce opportunities, Zoho CRM.
- :func:`read_events` - product-analytics events: Mixpanel, Amplitude.
- :func:`read_tasks` - project tasks: Asana, Trello, Monday.com.
- :func:`pseudonymize` - keyed pseudonyms for e-mails and names.
- :func:`validate` - check a canonical orders table, in plain sentences.

Files are only read, never written.
"""

from __future__ import annotations

from smbkit.io._core import ReadResult
from smbkit.io._deals import read_deals
from smbkit.io._events import read_events
from smbkit.io._ga4 import read_ga4
from smbkit.io._money import parse_money
from smbkit.io._orders import read_orders
from smbkit.io._privacy import pseudonymize
from smbkit.io._quickbooks import read_general_ledger, read_profit_and_loss
from smbkit.io._tasks import read_tasks
from smbkit.io._validate import problems as _problems
from smbkit.io._xero import read_xero_account_transactions, read_xero_invoices

__all__ = [
    "ReadResult",
    "parse_money",
    "pseudonymize",
    "read_deals",
    "read_events",
    "read_ga4",
    "read_general_ledger",
    "read_orders",
    "read_profit_and_loss",
    "read_tasks",
    "read_xero_account_transactions",
    "read_xero_invoices",
    "validate",
]


def validate(data, *, table: str = "orders") -> list[str]:
    """Check a canonical table; return one plain sentence per problem (empty when valid).

    Parameters
    ----------
    data : DataFrame
        A canonical table, e.g. ``read_orders(...).data`` after your own edits.
    table : {"orders"}
        Which canonical table ``data`` is.

    Returns
    -------
    list of str
        E.g. ``"revenue: 3 of 1,204 rows (0.25 %) are negative, e.g. row 17 value -5.0"``.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"order_id": ["1", "2"],
    ...     "date": pd.to_datetime(["2026-05-01", "2026-05-02"]).astype("datetime64[us]"),
    ...     "customer_id": ["c1", None], "channel": "online", "location": None,
    ...     "revenue": [10.0, 5.0], "cost": float("nan"), "discount": 0.0,
    ...     "refunded": [0.0, 12.0], "status": "completed"}).astype({"location": "str"})
    >>> validate(orders)
    ['refunded: 1 of 2 rows (50.00 %) have refunded above revenue, e.g. row 1 value 12.0']
    """
    from smbkit._validation import check_option

    check_option("validate", "table", table, ["orders"])
    return _problems(data, table)
