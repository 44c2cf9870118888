"""Private checks shared by every public function.

Each helper raises :class:`smbkit.SmbkitError` or :class:`smbkit.DataError`
with a message that names the function, the argument, the offending value and
what would be valid, so a person can act on it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from smbkit._errors import DataError, SmbkitError

__all__ = [
    "check_option",
    "closest",
    "describe_rows",
    "require_columns",
]


def closest(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` names from ``choices`` that look like ``name``.

    >>> closest("revenu", ["revenue", "cost", "date"])
    ['revenue']
    """
    return difflib.get_close_matches(str(name), [str(c) for c in choices], n=n, cutoff=0.6)


def check_option(func: str, arg: str, value: object, options: Iterable[object]) -> None:
    """Raise unless ``value`` is one of ``options``.

    >>> check_option("compute", "freq", "M", ["W", "M", "Q", "Y"])
    >>> check_option("compute", "freq", "monthly", ["W", "M", "Q", "Y"])
    Traceback (most recent call last):
    ...
    smbkit._errors.SmbkitError: compute: the value for `freq` must be one of ['W', 'M', 'Q', 'Y'], but 'monthly' was passed
    """
    options = list(options)
    if value not in options:
        hint = closest(str(value), [str(o) for o in options])
        tail = f". Did you mean {hint[0]!r}?" if hint else ""
        raise SmbkitError(
            f"{func}: the value for `{arg}` must be one of {options!r}, "
            f"but {value!r} was passed{tail}"
        )


def require_columns(func: str, columns: Sequence[str], table: str = "data", **roles: str) -> None:
    """Raise :class:`DataError` if a column named for a role is missing.

    ``roles`` maps an argument name to the column it names, e.g.
    ``revenue="revenue"``. ``columns`` are the columns the data has.

    >>> require_columns("gross_margin", ["rev", "cost"], revenue="revenue")
    Traceback (most recent call last):
    ...
    smbkit._errors.DataError: gross_margin: column 'revenue' (revenue=) is not in data; columns are ['rev', 'cost']. Did you mean 'rev'? Pass revenue='<your column>' to use another name.
    """
    present = [str(c) for c in columns]
    for arg, col in roles.items():
        if col not in present:
            hint = closest(col, present)
            tail = f" Did you mean {hint[0]!r}?" if hint else ""
            raise DataError(
                f"{func}: column {col!r} ({arg}=) is not in {table}; columns are {present!r}."
                f"{tail} Pass {arg}='<your column>' to use another name."
            )


def describe_rows(
    func: str,
    problem: str,
    n_bad: int,
    n_total: int,
    first_row: object,
    first_value: object = None,
    fix: str = "",
) -> str:
    """Format a message for bad rows: a count, a share and the first example.

    >>> describe_rows("aov", "have negative revenue", 3, 1204, 17, -5.0, "check refunds")
    'aov: 3 of 1,204 rows (0.25 %) have negative revenue (first: row 17, value -5.0); check refunds'
    """
    share = 100.0 * n_bad / n_total if n_total else 0.0
    example = f"first: row {first_row}"
    if first_value is not None:
        example += f", value {first_value!r}"
    msg = f"{func}: {n_bad:,} of {n_total:,} rows ({share:.2f} %) {problem} ({example})"
    if fix:
        msg += f"; {fix}"
    return msg
