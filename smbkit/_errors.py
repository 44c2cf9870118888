"""The one exception family smbkit raises."""

from __future__ import annotations

__all__ = ["SmbkitError", "DataError"]


class SmbkitError(ValueError):
    """Base class for every error smbkit raises on purpose.

    A subclass of :class:`ValueError`, so code that already catches
    ``ValueError`` keeps working.
    """


class DataError(SmbkitError):
    """The data given to smbkit cannot be used as it is (a missing column,
    unreadable or out-of-range values, an inconsistent file)."""
