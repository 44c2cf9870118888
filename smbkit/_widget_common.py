"""Small pieces every what-if widget shares: number text and the figure as PNG bytes."""

from __future__ import annotations

import io
import math


def fmt_amount(x: float, unit: str | None = None) -> str:
    """Format an amount for a widget's summary: 12,500 or 12.50, with its unit.

    >>> fmt_amount(12500.4, "USD"), fmt_amount(12.5), fmt_amount(float("nan"), "USD")
    ('12,500 USD', '12.50', 'n/a')
    """
    if math.isnan(x):
        return "n/a"
    text = f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"
    return f"{text} {unit}" if unit else text


def png_bytes(fig, *, dpi: int = 80) -> bytes:
    """Render a matplotlib figure to PNG bytes for an ``ipywidgets.Image``."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
