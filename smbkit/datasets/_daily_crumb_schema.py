"""The Daily Crumb data dictionary: the single source of truth for tables, types and units.

:data:`PACKAGE` is a Frictionless Data Package descriptor. ``generate`` casts its frames
with it, the ``build`` command writes it as ``datapackage.json``, and ``load`` reads that
file back, so the three cannot disagree.
"""

from __future__ import annotations

__all__ = ["PACKAGE"]

USD = "USD"
# (name, type, unit or None, description, required)
_F = tuple[str, str, str | None, str, bool]


def _fields(rows: list[_F], decimals: dict[str, int] | None = None) -> list[dict]:
    out = []
    for name, kind, unit, description, required in rows:
        field: dict = {"name": name, "type": kind, "description": description}
        if unit is not None:
            field["unit"] = unit
        if required:
            field["constraints"] = {"required": True}
        if kind == "number":
            field["decimals"] = (decimals or {}).get(name, 2)
        out.append(field)
    return out


def _resource(name: str, description: str, rows: list[_F], primary_key=None, decimals=None) -> dict:
    schema: dict = {"fields": _fields(rows, decimals)}
    if primary_key:
        schema["primaryKey"] = primary_key
    return {
        "name": name,
        "path": f"{name}.csv.gz",
        "format": "csv",
        "mediatype": "text/csv",
        "compression": "gz",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }


_ORDERS = [
    (
        "order_id",
        "string",
        None,
        "Order number, 'DC-' and 7 digits (more digits when a "
        "generated dataset has 10 million orders or more), in time order.",
        True,
    ),
    ("date", "datetime", "local time", "When the order was placed, during opening hours.", True),
    (
        "customer_id",
        "string",
        None,
        "Customer number 'C-' and 6 digits; missing for a guest "
        "checkout (an in-store sale without a loyalty card).",
        False,
    ),
    (
        "channel",
        "string",
        None,
        "'in_store', 'online' (from 2024-03-01) or 'catering' "
        "(from 2024-09-03, invoiced on 30-day terms).",
        True,
    ),
    (
        "location",
        "string",
        None,
        "'Old Town' or 'Riverside' (opened 2023-09-09); online "
        "orders are picked up at a location, catering is made at Old Town.",
        True,
    ),
    (
        "revenue",
        "number",
        USD,
        "Order value after discount, net of sales tax; the sum of its lines' revenue.",
        True,
    ),
    (
        "cost",
        "number",
        USD,
        "Ingredient and packaging cost of the goods; the sum of its lines' cost.",
        True,
    ),
    ("discount", "number", USD, "Discount given, already subtracted from revenue (>= 0).", True),
    (
        "refunded",
        "number",
        USD,
        "Money given back later, 0 <= refunded <= revenue. Net revenue = revenue - refunded.",
        True,
    ),
    (
        "status",
        "string",
        None,
        "'completed' (refunded = 0), 'partially_refunded' "
        "(0 < refunded < revenue) or 'refunded' (refunded = revenue).",
        True,
    ),
]

_ORDER_LINES = [
    ("order_id", "string", None, "The order this line belongs to.", True),
    ("product", "string", None, "Product name (one line per product per order).", True),
    (
        "category",
        "string",
        None,
        "'bread', 'pastry', 'cake', 'coffee' or 'catering_platter'.",
        True,
    ),
    ("quantity", "integer", "count", "Units sold.", True),
    ("unit_price", "number", USD, "List price per unit on the order date, before discount.", True),
    (
        "revenue",
        "number",
        USD,
        "quantity * unit_price minus this line's share of the "
        "discount; lines sum to the order's revenue to the cent.",
        True,
    ),
    (
        "cost",
        "number",
        USD,
        "Ingredient and packaging cost of the line; lines sum to the order's cost to the cent.",
        True,
    ),
]

_CUSTOMERS = [
    ("customer_id", "string", None, "Customer number, in order of first purchase.", True),
    (
        "first_order_date",
        "datetime",
        "local time",
        "Time of the customer's first order (equals their earliest order in orders).",
        True,
    ),
    (
        "acquisition_channel",
        "string",
        None,
        "How the customer first found the bakery: "
        "'walk_in', 'search', 'social', 'referral', 'email' or 'corporate'.",
        True,
    ),
    (
        "segment",
        "string",
        None,
        "'regular' (weekly habit), 'occasional' or 'business' (catering accounts).",
        True,
    ),
    ("region", "string", None, "Home neighbourhood.", True),
]

_MARKETING = [
    ("date", "date", None, "Day.", True),
    ("channel", "string", None, "'social', 'search', 'email' or 'print'.", True),
    ("spend", "number", USD, "Money spent that day (ads, platform fees, printing).", True),
    (
        "impressions",
        "integer",
        "count",
        "Times an ad, post, e-mail (opened) or flyer was seen; 0 on days with nothing out.",
        False,
    ),
    (
        "clicks",
        "integer",
        "count",
        "Clicks through to the website; missing for print (not measurable).",
        False,
    ),
    (
        "leads",
        "integer",
        "count",
        "Enquiries, sign-ups or redeemed coupons attributed to the channel.",
        False,
    ),
    (
        "followers",
        "integer",
        "count",
        "Social only: followers at the end of the day; missing (not zero) for other channels.",
        False,
    ),
    (
        "likes",
        "integer",
        "count",
        "Social only: likes received that day; missing for other channels.",
        False,
    ),
    (
        "shares",
        "integer",
        "count",
        "Social only: shares that day; missing for other channels.",
        False,
    ),
    (
        "local_search_visits",
        "integer",
        "count",
        "Search only: Google Business Profile "
        "style views of the bakery's local listing (map and local search) that day; missing "
        "for other channels.",
        False,
    ),
]

_WEB = [
    ("date", "date", None, "Day; starts when online ordering launched (2024-03-01).", True),
    ("sessions", "integer", "count", "Website sessions.", True),
    (
        "conversions",
        "integer",
        "count",
        "Online orders placed that day (equals the number of online orders in orders).",
        True,
    ),
]

_FINANCIALS = [
    ("month", "date", None, "First day of the month.", True),
    ("revenue", "number", USD, "Net revenue (revenue - refunded) of the month's orders.", True),
    (
        "cogs",
        "number",
        USD,
        "Cost of goods sold: the month's order costs plus unsold-bake waste.",
        True,
    ),
    (
        "operating_expenses",
        "number",
        USD,
        "Wages, rent, utilities, marketing (the month's "
        "marketing spend), depreciation and other costs (insurance, card fees, loan "
        "interest).",
        True,
    ),
    (
        "net_income",
        "number",
        USD,
        "revenue - cogs - operating_expenses (a pass-through business: no corporate income tax).",
        True,
    ),
    ("cash", "number", USD, "Cash at the end of the month.", True),
    (
        "accounts_receivable",
        "number",
        USD,
        "Catering invoices not yet paid at month end (30-day terms).",
        True,
    ),
    ("inventory", "number", USD, "Ingredients and packaging on hand at month end.", True),
    ("accounts_payable", "number", USD, "Supplier bills not yet paid at month end.", True),
    (
        "depreciation",
        "number",
        USD,
        "Depreciation of equipment and fit-outs (included in operating_expenses).",
        True,
    ),
    ("capex", "number", USD, "Cash spent on equipment and fit-outs.", True),
    (
        "financing",
        "number",
        USD,
        "Loan drawdowns and owner injections (+), loan "
        "repayments and owner draws (-). Cash change = net_income + depreciation - change in "
        "accounts_receivable - change in inventory + change in accounts_payable - capex + "
        "financing.",
        True,
    ),
]

_EMPLOYEES = [
    ("employee_id", "string", None, "Employee number 'E-' and 4 digits.", True),
    ("department", "string", None, "'bakery', 'front_of_house', 'delivery' or 'office'.", True),
    ("location", "string", None, "'Old Town' or 'Riverside'.", True),
    ("hire_date", "date", None, "First day of work.", True),
    (
        "exit_date",
        "date",
        None,
        "Last day of work; missing if still employed on 2025-12-31.",
        False,
    ),
    (
        "satisfaction",
        "number",
        "score 1-5",
        "Latest staff-survey satisfaction (1 = very unhappy, 5 = very happy).",
        True,
    ),
]

_SURVEYS = [
    ("date", "date", None, "Day of the response.", True),
    (
        "customer_id",
        "string",
        None,
        "Respondent; missing for anonymous in-store (QR code) responses.",
        False,
    ),
    (
        "nps_score",
        "integer",
        "score 0-10",
        "'How likely are you to recommend us?' (promoters 9-10, detractors 0-6).",
        True,
    ),
    ("csat_score", "integer", "score 1-5", "'How satisfied were you with your visit?'", True),
    ("comment", "string", None, "Free-text comment; missing when none was left.", False),
]

PACKAGE: dict = {
    "name": "daily_crumb",
    "title": "The Daily Crumb",
    "description": (
        "A synthetic artisan bakery in a mid-sized US town, 2022-01-01 to 2025-12-31: one "
        "shop (Old Town) that grows into two (Riverside opens 2023-09-09), adds online "
        "ordering (2024-03-01) and catering (2024-09-03). Money in USD, net of sales tax; "
        "dates are timezone-naive local times. Marketing columns that do not apply to a "
        "channel are missing, not zero: followers, likes and shares exist only for social; "
        "local_search_visits only for search. Generated by "
        "smbkit.datasets.generate('daily_crumb', seed=0, scale=1.0); the simulation is "
        "described in smbkit/datasets/_daily_crumb.py."
    ),
    "licenses": [
        {
            "name": "CC0-1.0",
            "title": "Creative Commons Zero v1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    ],
    "sources": [{"title": "synthetic: smbkit.datasets.generate('daily_crumb', seed=0)"}],
    "resources": [
        _resource("orders", "One row per order.", _ORDERS, ["order_id"]),
        _resource(
            "order_lines", "One row per product on an order.", _ORDER_LINES, ["order_id", "product"]
        ),
        _resource("customers", "One row per identified customer.", _CUSTOMERS, ["customer_id"]),
        _resource(
            "marketing", "One row per marketing channel and day.", _MARKETING, ["date", "channel"]
        ),
        _resource("web", "One row per day of website analytics.", _WEB, ["date"]),
        _resource(
            "financials",
            "One row per month: income statement, balances and cash flow items.",
            _FINANCIALS,
            ["month"],
        ),
        _resource(
            "employees",
            "One row per person employed.",
            _EMPLOYEES,
            ["employee_id"],
            decimals={"satisfaction": 1},
        ),
        _resource("surveys", "One row per customer survey response.", _SURVEYS, None),
    ],
}
