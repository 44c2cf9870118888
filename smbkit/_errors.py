"""The one exception family smbkit raises."""

from __future__ import annotations

from smbkit._redact import redact

__all__ = ["SmbkitError", "DataError"]


class SmbkitError(ValueError):
    """Base class for every error smbkit raises on purpose.

    A subclass of :class:`ValueError`, so code that already catches
    ``ValueError`` keeps working. Every text argument is passed through
    :func:`smbkit._redact.redact`, so no message can carry a customer's
    e-mail address, whichever function raised it.

    Examples
    --------
    >>> str(SmbkitError("read_orders: cannot read 'ana@example.com' as money"))
    "read_orders: cannot read '***@example.com' as money"
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))


class DataError(SmbkitError):
    """The data given to smbkit cannot be used as it is (a missing column,
    unreadable or out-of-range values, an inconsistent file)."""
