"""Keyed pseudonyms for personal data (e-mails, names, customer numbers)."""

from __future__ import annotations

import decimal
import hashlib
import hmac
import numbers
from collections.abc import Sequence

import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import require_columns

__all__ = ["MIN_KEY_LENGTH", "normalize_ids", "pseudonymize"]

MIN_KEY_LENGTH = 16
PREFIX = "anon_"
HEX_DIGITS = 16  # 64 bits: collisions are unlikely below ~10**8 distinct values


def _canonical(value: object) -> str:
    """The text one identifier stands for, whatever type the export gave it."""
    if isinstance(value, str):
        text = value.strip()
        return text.lower() if "@" in text else text  # e-mail addresses: case-blind
    if isinstance(value, numbers.Integral):  # int, bool, the numpy integers
        return str(int(value))
    if isinstance(value, numbers.Real):  # float and the numpy floats
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(value, decimal.Decimal) and value.is_finite() and value == value.to_integral():
        return str(int(value))
    return str(value).strip()


def normalize_ids(values: pd.Series) -> pd.Series:
    """Return the canonical text of each identifier: the form that is hashed or matched.

    Parameters
    ----------
    values : Series
        Customer numbers, e-mail addresses or names, of any dtype (numbers, text or a mix).

    Returns
    -------
    Series
        Text (``str`` dtype), same index; missing values stay missing.

    Notes
    -----
    - Text loses its leading and trailing whitespace (Unicode whitespace included).
    - Text with an ``@`` (an e-mail address) is lower-cased as well: mail systems treat
      ``Ana@Example.com`` and ``ana@example.com`` as one mailbox. Other text keeps its case,
      because ids such as Stripe's ``cus_AbC`` are case-sensitive.
    - A whole number is written without a decimal part, whatever its type: ``1001``,
      ``1001.0``, ``numpy.int64(1001)`` and ``True`` (which Python counts as 1) give
      ``"1001"`` (and ``"1"``), as the text ``"1001"`` does. Other numbers use Python's
      shortest round-tripping form (``repr``).

    This is the one normalisation of identifiers in smbkit: :func:`smbkit.io.read_orders`
    uses it for e-mail addresses before keying them, and :func:`pseudonymize` before
    hashing, so a table pseudonymized later joins with orders read with ``key=``.

    Examples
    --------
    >>> import pandas as pd
    >>> normalize_ids(pd.Series([1001, 1001.0, " 1001 ", " Ana@Example.COM", None],
    ...                         dtype=object)).tolist()
    ['1001', '1001', '1001', 'ana@example.com', nan]
    """
    present = values.notna()
    mapping = {v: _canonical(v) for v in pd.unique(values[present])}
    return values.map(mapping).where(present).astype("str")


def pseudonymize(data: pd.DataFrame, columns: Sequence[str], *, key: str | bytes) -> pd.DataFrame:
    """Return a copy of ``data`` with ``columns`` replaced by keyed pseudonyms.

    Parameters
    ----------
    data : DataFrame
    columns : list of str
        Columns holding personal data (e-mail, name, customer number).
    key : str or bytes
        A secret of at least 16 characters. Keep it out of the shared files: the same key
        gives the same pseudonym for the same value in every file and call, so tables still
        join; with another key the pseudonyms differ.

    Returns
    -------
    DataFrame
        ``data`` with each value ``v`` of ``columns`` replaced by ``"anon_" +`` the first 16
        hex digits of HMAC-SHA256(key, c(v)), where c(v) is the canonical text of ``v``
        (:func:`normalize_ids`); missing values stay missing.

    Raises
    ------
    SmbkitError
        A key shorter than 16 characters.
    DataError
        A column that is not in ``data``.

    Notes
    -----
    .. math:: \\text{pseudonym}(v) = \\text{"anon\\_"} \\Vert
       \\operatorname{hex}(\\operatorname{HMAC-SHA256}(k, v))_{1..16}

    HMAC (RFC 2104) with a secret key, unlike a plain hash, cannot be reversed by hashing a
    list of known e-mail addresses; it lets a consultant share customer-level data without
    the customers' identities.

    The same id gets the same pseudonym whatever type the file gave it: customer 1001 read
    as a number (``1001``), as a float because the column had a gap (``1001.0``), or as
    text (``"1001"``, ``" 1001 "``), and e-mail addresses in any case with stray spaces,
    exactly as :func:`smbkit.io.read_orders` normalises them with ``key=``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"email": ["ana@example.com", None, "ana@example.com"]})
    >>> out = pseudonymize(df, ["email"], key="a long secret key")
    >>> out["email"].str.startswith("anon_").tolist()[0], out["email"].isna().tolist()
    (True, [False, True, False])
    >>> out["email"][0] == out["email"][2]
    True
    >>> ids = pd.DataFrame({"a": [1001, 7], "b": [1001.0, None], "c": [" 1001 ", "x"]})
    >>> keyed = pseudonymize(ids, ["a", "b", "c"], key="a long secret key")
    >>> keyed.loc[0, "a"] == keyed.loc[0, "b"] == keyed.loc[0, "c"], keyed.loc[1, "b"]
    (True, nan)
    """
    func = "pseudonymize"
    if isinstance(key, str):
        raw_key = key.encode("utf-8")
    elif isinstance(key, bytes):
        raw_key = key
    else:
        raise SmbkitError(f"{func}: key must be str or bytes, not {type(key).__name__}.")
    if len(raw_key) < MIN_KEY_LENGTH:
        raise SmbkitError(
            f"{func}: key has {len(raw_key)} characters; use a secret of at least "
            f"{MIN_KEY_LENGTH} (e.g. secrets.token_hex(16)) and keep it out of shared files."
        )
    if isinstance(columns, str):
        columns = [columns]
    for col in columns:
        require_columns(func, list(data.columns), column=col)
    out = data.copy()

    def one(value: object) -> str:
        digest = hmac.new(raw_key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
        return PREFIX + digest[:HEX_DIGITS]

    for col in columns:
        canonical = normalize_ids(out[col])
        mapping = {v: one(v) for v in pd.unique(canonical[canonical.notna()])}
        out[col] = canonical.map(mapping).astype("str")
    return out
