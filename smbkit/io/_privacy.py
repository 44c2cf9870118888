"""Keyed pseudonyms for personal data (e-mails, names, customer numbers)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import require_columns

__all__ = ["MIN_KEY_LENGTH", "pseudonymize"]

MIN_KEY_LENGTH = 16
PREFIX = "anon_"
HEX_DIGITS = 16  # 64 bits: collisions are unlikely below ~10**8 distinct values


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
        hex digits of HMAC-SHA256(key, str(v)); missing values stay missing.

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

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"email": ["ana@example.com", None, "ana@example.com"]})
    >>> out = pseudonymize(df, ["email"], key="a long secret key")
    >>> out["email"].str.startswith("anon_").tolist()[0], out["email"].isna().tolist()
    (True, [False, True, False])
    >>> out["email"][0] == out["email"][2]
    True
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
        values = out[col]
        present = values.notna()
        uniques = pd.unique(values[present])
        mapping = {v: one(v) for v in uniques}
        out[col] = values.map(mapping).astype("str")
    return out
