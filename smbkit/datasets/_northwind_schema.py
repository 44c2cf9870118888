"""The Northwind Supply data dictionary: tables, types, units and descriptions.

:data:`PACKAGE` is a Frictionless Data Package descriptor, used exactly as the bakery's
(:mod:`smbkit.datasets._daily_crumb_schema`): ``generate`` casts with it, ``build`` writes
it, ``load`` checks the files against it.
"""

from __future__ import annotations

from smbkit.datasets._daily_crumb_schema import _resource

__all__ = ["PACKAGE"]

USD = "USD"
COUNT = "count"
_LINE = "'Line 1' (valve bodies), 'Line 2' (pump housings) or 'Line 3' (mounting brackets)."
_PRODUCT = "'Valve body', 'Pump housing' or 'Mounting bracket'."

_PRODUCTION = [
    ("date", "date", None, "Working day (Monday-Friday, plant holidays excluded).", True),
    ("line", "string", None, _LINE, True),
    ("product", "string", None, "The part the line makes: " + _PRODUCT, True),
    ("lot_id", "string", None, "Material lot the line used that day (see material_lots).", True),
    ("units_produced", "integer", COUNT, "Parts made.", True),
    (
        "units_defective",
        "integer",
        COUNT,
        "Defective parts made that day, wherever they were found: in process, at final "
        "inspection or by customers (traced back by date code). Equals the sum of "
        "defects_detected over the three qc_inspections stages; <= units_produced.",
        True,
    ),
    (
        "units_scrapped",
        "integer",
        COUNT,
        "Defective parts caught in the plant (in process + final inspection) and scrapped; "
        "the rest of units_defective reached customers.",
        True,
    ),
]

_QC = [
    ("date", "date", None, "Production day of the inspected parts.", True),
    ("line", "string", None, _LINE, True),
    (
        "stage",
        "string",
        None,
        "'in_process' (gauges at the machine, every part), 'final' (end-of-line "
        "inspection, every part except during the 2024-06-03 to 2024-09-27 inspector "
        "vacancy, when a sample was checked) or 'customer' (defects customers found and "
        "returned, traced to the production day).",
        True,
    ),
    (
        "units_inspected",
        "integer",
        COUNT,
        "Parts checked at this stage: all parts made (in_process), parts checked at final "
        "inspection (final) or parts shipped to customers (customer).",
        True,
    ),
    ("defects_detected", "integer", COUNT, "Defective parts found at this stage.", True),
]

_LOTS = [
    ("lot_id", "string", None, "Lot number 'LOT-' and 4 digits, in order of first use.", True),
    ("supplier_id", "string", None, "Supplier (see suppliers).", True),
    ("material", "string", None, "'brass bar', 'aluminium casting' or 'steel sheet'.", True),
    ("line", "string", None, "Line that used the lot: " + _LINE, True),
    ("received_date", "date", None, "Day the lot arrived at the plant.", True),
    (
        "lead_time_days",
        "integer",
        "days",
        "Calendar days from purchase order to receipt.",
        True,
    ),
    ("quantity_kg", "number", "kg", "Material received.", True),
    ("price_per_kg", "number", "USD/kg", "Price paid per kilogram.", True),
    (
        "quality_score",
        "integer",
        "score 0-100",
        "Incoming inspection score of a sample from the lot (100 = flawless).",
        True,
    ),
    ("units_made", "integer", COUNT, "Parts made from the lot (sum over production).", True),
    (
        "units_defective",
        "integer",
        COUNT,
        "Defective parts made from the lot (sum over production).",
        True,
    ),
    (
        "defect_rate",
        "number",
        "share 0-1",
        "units_defective / units_made, rounded to 4 decimals; missing when no parts were "
        "made from the lot.",
        False,
    ),
]

_SUPPLIERS = [
    ("supplier_id", "string", None, "Supplier number 'SUP-' and 2 digits.", True),
    ("name", "string", None, "Company name.", True),
    ("country", "string", None, "Where the supplier ships from.", True),
    ("iso9001_certified", "boolean", None, "Holds an ISO 9001 quality certificate.", True),
    (
        "quoted_lead_time_days",
        "integer",
        "days",
        "Lead time the supplier quotes (actual lead times are in material_lots).",
        True,
    ),
    ("payment_terms_days", "integer", "days", "Days Northwind has to pay an invoice.", True),
    ("contract_start", "date", None, "Start of the supply contract.", True),
]

_DESIGN = [
    ("change_id", "string", None, "Engineering change notice number 'ECN-' and 3 digits.", True),
    ("date", "date", None, "First production day with the change.", True),
    ("product", "string", None, _PRODUCT, True),
    ("line", "string", None, _LINE, True),
    ("description", "string", None, "What engineering changed.", True),
    (
        "effect",
        "string",
        None,
        "What engineering expected the change to do, e.g. 'fewer defects' or 'lower cost' "
        "(an intention, not a measured result).",
        True,
    ),
]

_INVENTORY = [
    ("week", "date", None, "Monday of the week.", True),
    ("product", "string", None, _PRODUCT, True),
    ("units_produced", "integer", COUNT, "Parts made in the week.", True),
    ("units_scrapped", "integer", COUNT, "Defective parts caught and scrapped.", True),
    ("units_shipped", "integer", COUNT, "Parts shipped (ordered) in the week.", True),
    (
        "units_on_hand",
        "integer",
        COUNT,
        "Finished parts in stock at the end of the week: the previous week's units_on_hand "
        "+ units_produced - units_scrapped - units_shipped.",
        True,
    ),
    ("value", "number", USD, "units_on_hand at standard cost.", True),
]

_ORDERS = [
    ("order_id", "string", None, "Order number 'NW-' and 6 digits, in time order.", True),
    ("date", "datetime", "local time", "When the order was placed (and shipped).", True),
    ("customer_id", "string", None, "Customer number 'NC-' and 4 digits.", True),
    (
        "channel",
        "string",
        None,
        "'distributor' (6 % off list), 'direct' (OEM contracts, 10 % off list) or 'web' "
        "(repair shops, list price).",
        True,
    ),
    ("location", "string", None, "Where the order ships from: always 'Northwind plant'.", True),
    ("revenue", "number", USD, "Order value after discount; the sum of its lines' revenue.", True),
    ("cost", "number", USD, "Standard cost of the parts; the sum of its lines' cost.", True),
    ("discount", "number", USD, "Discount given, already subtracted from revenue (>= 0).", True),
    (
        "refunded",
        "number",
        USD,
        "Credit for defective parts the customer returned, 0 <= refunded <= revenue.",
        True,
    ),
    (
        "status",
        "string",
        None,
        "'completed' (refunded = 0), 'partially_refunded' (0 < refunded < revenue) or "
        "'refunded' (refunded = revenue).",
        True,
    ),
]

_ORDER_LINES = [
    ("order_id", "string", None, "The order this line belongs to.", True),
    ("product", "string", None, _PRODUCT, True),
    ("category", "string", None, "'machined', 'cast' or 'stamped'.", True),
    ("quantity", "integer", COUNT, "Parts ordered.", True),
    ("unit_price", "number", USD, "List price per part on the order date.", True),
    (
        "revenue",
        "number",
        USD,
        "quantity * unit_price minus the line's discount; lines sum to the order's revenue.",
        True,
    ),
    ("cost", "number", USD, "quantity * standard cost per part.", True),
]

_CUSTOMERS = [
    ("customer_id", "string", None, "Customer number, in order of first order.", True),
    ("first_order_date", "datetime", "local time", "Time of the customer's first order.", True),
    (
        "acquisition_channel",
        "string",
        None,
        "'sales_rep', 'trade_show', 'referral' or 'web_search'.",
        True,
    ),
    ("segment", "string", None, "'distributor', 'oem' or 'repair_shop'.", True),
    ("region", "string", None, "'Midwest', 'Northeast', 'South', 'West' or 'Canada'.", True),
]

PACKAGE: dict = {
    "name": "northwind_supply",
    "title": "Northwind Supply",
    "description": (
        "A synthetic small manufacturer in Ohio, 2023-01-01 to 2025-12-31: three production "
        "lines (valve bodies, pump housings, mounting brackets), quality control at three "
        "stages, material lots from four suppliers (one of them worse), engineering design "
        "changes, weekly finished-goods inventory and B2B orders. Built so that the plant's "
        "defect rate cascades to production, QC, procurement and engineering. Money in USD; "
        "dates are timezone-naive local times. Generated by "
        "smbkit.datasets.generate('northwind_supply', seed=0, scale=1.0); the simulation "
        "and the effects planted in it are described in smbkit/datasets/_northwind.py."
    ),
    "licenses": [
        {
            "name": "CC0-1.0",
            "title": "Creative Commons Zero v1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    ],
    "sources": [{"title": "synthetic: smbkit.datasets.generate('northwind_supply', seed=0)"}],
    "resources": [
        _resource("production", "One row per line and working day.", _PRODUCTION, ["date", "line"]),
        _resource(
            "qc_inspections",
            "One row per line, working day and inspection stage.",
            _QC,
            ["date", "line", "stage"],
        ),
        _resource(
            "material_lots",
            "One row per lot of raw material.",
            _LOTS,
            ["lot_id"],
            decimals={"quantity_kg": 1, "defect_rate": 4},
        ),
        _resource("suppliers", "One row per material supplier.", _SUPPLIERS, ["supplier_id"]),
        _resource("design_changes", "One row per engineering change.", _DESIGN, ["change_id"]),
        _resource(
            "inventory",
            "One row per product and week: finished-goods stock.",
            _INVENTORY,
            ["week", "product"],
        ),
        _resource("orders", "One row per customer order.", _ORDERS, ["order_id"]),
        _resource(
            "order_lines", "One row per product on an order.", _ORDER_LINES, ["order_id", "product"]
        ),
        _resource("customers", "One row per customer.", _CUSTOMERS, ["customer_id"]),
    ],
}
