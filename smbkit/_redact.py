"""Mask e-mail addresses in any text smbkit shows: messages, warnings, ledgers, reports.

This module sits at the bottom of the package (it imports only the standard library), so
:mod:`smbkit._errors` and every reader or writer can use it without an import circle.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "redact", "redact_frame"]

#: What replaces the part of an address before the ``@`` (the part that names a person).
MASK = "***"

# The characters RFC 5322 allows in an unquoted local part (the "atext" set, as the HTML
# standard's e-mail pattern lists them), with \w so that accented local parts count too.
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(
    rf"(?<!{_LOCAL})"  # start at the beginning of a run: linear time, no partial leaks
    rf"(?P<local>{_LOCAL}+)"
    r"@"
    r"(?P<domain>[\w-]+(?:\.[\w-]+)*\.[^\W\d_][\w-]*)"  # at least one dot; TLD starts with a letter
)
_QUOTES = "'`"


def _mask(match: re.Match) -> str:
    local = match["local"]
    lead = local[: len(local) - len(local.lstrip(_QUOTES))]  # a quote before the address
    return f"{lead}{MASK}@{match['domain']}"


def redact(text: object) -> str:
    """Return ``text`` with the local part of every e-mail address masked.

    ``ana.smith@example.com`` becomes ``***@example.com``: the domain stays (it helps to
    see which column or system a value came from), the part that names a person goes.

    Parameters
    ----------
    text : str
        Any text (other objects are converted with :func:`str` first).

    Returns
    -------
    str
        The same text with each address masked; unchanged when it holds none.

    Notes
    -----
    An address is a run of the characters RFC 5322 allows before the ``@`` followed by a
    domain with at least one dot whose last label starts with a letter, so ``@media``,
    ``3 @ 2.50`` or ``user@localhost`` are left alone. The whole local part is replaced,
    not just its middle: even a first letter narrows a customer list down. Masking is
    idempotent (``***@example.com`` stays as it is), so text may pass through it twice.
    Business meaning: an error message or a report can be e-mailed to a colleague or a
    client without handing over a customer's address.

    Examples
    --------
    >>> redact("row 2: cannot read 'ana.smith@example.com' as money")
    "row 2: cannot read '***@example.com' as money"
    >>> redact("Ana <ANA+shop@mail.example.co.uk>, ben@example.org.")
    'Ana <***@mail.example.co.uk>, ***@example.org.'
    >>> redact("no address here, @media print, user@localhost")
    'no address here, @media print, user@localhost'
    >>> redact(redact("ana@example.com")) == redact("ana@example.com")
    True
    """
    if not isinstance(text, str):
        text = str(text)
    if "@" not in text:  # the common case, and it keeps huge strings cheap
        return text
    return _EMAIL.sub(_mask, text)


def redact_frame(frame):
    """Return a copy of a table with :func:`redact` applied to every text cell and column name.

    Parameters
    ----------
    frame : DataFrame
        Any table (e.g. a data-quality ledger with example rows).

    Returns
    -------
    DataFrame
        A new table; numbers, dates and missing values are left as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> led = pd.DataFrame({"example": ["ana@example.com", None], "rows": [1, 2]})
    >>> redact_frame(led)["example"].tolist()
    ['***@example.com', nan]
    """
    import pandas as pd

    out = frame.copy()
    out.columns = [redact(c) if isinstance(c, str) else c for c in out.columns]
    for position in range(out.shape[1]):
        col = out.iloc[:, position]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if pd.api.types.is_string_dtype(col.dtype) or col.dtype == object:
            fixed = col.map(lambda v: redact(v) if isinstance(v, str) else v)
            out.isetitem(position, fixed.astype(col.dtype))
    return out
