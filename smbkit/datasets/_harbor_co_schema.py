"""The Harbor & Co data dictionary: tables, types, units and descriptions.

:data:`PACKAGE` is a Frictionless Data Package descriptor, used exactly as the bakery's
(:mod:`smbkit.datasets._daily_crumb_schema`): ``generate`` casts with it, ``build`` writes
it, ``load`` checks the files against it. :data:`AB_TRUTH` holds the true rates of the
e-mail A/B test, which the simulation draws from and the data dictionary documents.
"""

from __future__ import annotations

from smbkit.datasets._daily_crumb_schema import _resource

__all__ = ["AB_DATE", "AB_TRUTH", "PACKAGE"]

USD = "USD"
COUNT = "count"

#: Day the A/B-tested newsletter went out (a Tuesday).
AB_DATE = "2025-06-10"
#: True chances per recipient in each variant (opened, clicked, converted: each implies the
#: one before) and the mean value of a converted recipient's order (USD).
AB_TRUTH = {
    "A": {"opened": 0.30, "clicked": 0.045, "converted": 0.020, "order_value": 66.0},
    "B": {"opened": 0.33, "clicked": 0.055, "converted": 0.026, "order_value": 70.0},
}


def _truth_text() -> str:
    a, b = AB_TRUTH["A"], AB_TRUTH["B"]
    parts = [
        f"{k} {100 * a[k]:g} % (A) vs {100 * b[k]:g} % (B)"
        for k in ("opened", "clicked", "converted")
    ]
    return (
        "True rates per recipient used by the simulation: "
        + ", ".join(parts)
        + f"; mean order value {a['order_value']:g} vs {b['order_value']:g} USD."
    )


_CHANNEL = (
    "Marketing channel of the visit: 'organic_search', 'paid_search', 'paid_social', "
    "'email', 'direct' or 'referral'."
)

_WEB = [
    ("date", "date", None, "Day (shop time, US Eastern).", True),
    ("channel", "string", None, _CHANNEL, True),
    ("sessions", "integer", COUNT, "Website visits that arrived through the channel.", True),
    (
        "product_views",
        "integer",
        COUNT,
        "Sessions that viewed at least one product page (<= sessions).",
        True,
    ),
    (
        "add_to_carts",
        "integer",
        COUNT,
        "Sessions that added at least one item to the cart (<= product_views).",
        True,
    ),
    ("checkouts", "integer", COUNT, "Sessions that started checkout (<= add_to_carts).", True),
    (
        "conversions",
        "integer",
        COUNT,
        "Sessions that placed an order (<= checkouts); equals the number of orders in "
        "`orders` with this day and channel.",
        True,
    ),
]

_CAMPAIGNS = [
    ("date", "date", None, "Day.", True),
    ("channel", "string", None, "'paid_search', 'paid_social' or 'email'.", True),
    (
        "spend",
        "number",
        USD,
        "Money spent that day: ad spend for paid search and paid social; the e-mail "
        "platform's fee (per subscriber) for email.",
        True,
    ),
    (
        "impressions",
        "integer",
        COUNT,
        "Ads shown; for email, e-mails delivered that day (0 on days without a send).",
        True,
    ),
    (
        "clicks",
        "integer",
        COUNT,
        "Clicks through to the shop that day; for email, clicks on links in any of the "
        "shop's e-mails. Every web session of the channel comes from a click, so "
        "sessions <= clicks.",
        True,
    ),
]

_ORDERS = [
    ("order_id", "string", None, "Order number 'HC-' and 6 digits, in time order.", True),
    ("date", "datetime", "local time", "When the order was placed (shop time, US Eastern).", True),
    (
        "customer_id",
        "string",
        None,
        "Customer account 'C-' and 6 digits, numbered in order of first purchase (customers "
        "from before 2024 have the lowest numbers); every web order has an account.",
        True,
    ),
    ("channel", "string", None, _CHANNEL + " The session that placed the order.", True),
    (
        "location",
        "string",
        None,
        "Shipping region (US Census region): 'Northeast', 'South', 'Midwest' or 'West'.",
        True,
    ),
    (
        "revenue",
        "number",
        USD,
        "Merchandise value after discount, net of sales tax and shipping fees.",
        True,
    ),
    (
        "cost",
        "number",
        USD,
        "Cost of the goods plus packaging and the outbound shipping label.",
        True,
    ),
    (
        "discount",
        "number",
        USD,
        "Discount given (sale or welcome code), already subtracted from revenue (>= 0).",
        True,
    ),
    (
        "refunded",
        "number",
        USD,
        "Money refunded for a return, 0 <= refunded <= revenue; equals the order's refund in "
        "`returns` (0 without a return). Net revenue = revenue - refunded.",
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

_RETURNS = [
    ("return_id", "string", None, "Return number 'R-' and 5 digits, in date order.", True),
    ("order_id", "string", None, "The returned order (at most one return per order).", True),
    (
        "date",
        "date",
        None,
        "Day the return was requested (after the order; requests up to 2025-12-31).",
        True,
    ),
    (
        "reason",
        "string",
        None,
        "'damaged_in_transit', 'not_as_pictured', 'changed_mind', 'wrong_item' or 'arrived_late'.",
        True,
    ),
    ("refund", "number", USD, "Money refunded; equals `refunded` of the order.", True),
    (
        "process",
        "string",
        None,
        "'manual' (staff arrange the label and refund by e-mail) or 'self_service' (the "
        "returns-portal pilot: from 2025-07-01 a random half of requests go through it).",
        True,
    ),
    (
        "handling_minutes",
        "integer",
        "minutes",
        "Staff time spent on the return (messages, label, inspection, refund).",
        True,
    ),
]

_EMAIL_AB_TEST = [
    (
        "recipient_id",
        "string",
        None,
        "The subscriber's customer account (as customer_id in `orders`).",
        True,
    ),
    (
        "variant",
        "string",
        None,
        "'A' (control: the usual 'New in' newsletter) or 'B' (the same newsletter with a "
        "free-shipping offer in the subject line and a banner); assigned at random, 50/50.",
        True,
    ),
    ("sent_date", "date", None, "Day the newsletter was sent.", True),
    ("opened", "boolean", None, "The recipient opened the e-mail.", True),
    ("clicked", "boolean", None, "The recipient clicked a link in it (implies opened).", True),
    (
        "converted",
        "boolean",
        None,
        "The recipient placed an order through the e-mail's link within 7 days of sending "
        "(implies clicked); that order is in `orders` with channel 'email'.",
        True,
    ),
    (
        "revenue",
        "number",
        USD,
        "Revenue of that order (0 when the recipient did not convert).",
        True,
    ),
]

PACKAGE: dict = {
    "name": "harbor_co",
    "title": "Harbor & Co",
    "description": (
        "A synthetic web shop for coastal homeware (candles, ceramics, linens, prints) in "
        "Portland, Maine, selling across the US, 2024-01-01 to 2025-12-31: the daily "
        "visit-to-order funnel by marketing channel, paid-search, paid-social and e-mail "
        "campaigns, orders, returns (with a self-service returns-portal pilot from "
        "2025-07-01) and a randomised A/B test of a newsletter sent on "
        f"{AB_DATE}. Money in USD, net of sales tax; dates are timezone-naive shop times. "
        "A one-page checkout launched on 2025-04-15. Generated by "
        "smbkit.datasets.generate('harbor_co', seed=0, scale=1.0); the simulation is "
        "described in smbkit/datasets/_harbor_co.py."
    ),
    "licenses": [
        {
            "name": "CC0-1.0",
            "title": "Creative Commons Zero v1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    ],
    "sources": [{"title": "synthetic: smbkit.datasets.generate('harbor_co', seed=0)"}],
    "resources": [
        _resource(
            "web",
            "One row per day and marketing channel: the visit-to-order funnel.",
            _WEB,
            ["date", "channel"],
        ),
        _resource(
            "campaigns",
            "One row per day and paid or owned channel: spend, impressions and clicks.",
            _CAMPAIGNS,
            ["date", "channel"],
        ),
        _resource("orders", "One row per order.", _ORDERS, ["order_id"]),
        _resource("returns", "One row per return request.", _RETURNS, ["return_id"]),
        _resource(
            "email_ab_test",
            "One row per recipient of the A/B-tested newsletter. " + _truth_text(),
            _EMAIL_AB_TEST,
            ["recipient_id"],
        ),
    ],
}
