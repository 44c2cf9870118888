"""Read and write a Frictionless Data Package of gzip-compressed CSV tables.

The in-code description of a package (a plain ``dict`` in Data Package form) is the
single source of truth: :func:`dtypes_for` turns its fields into pandas dtypes,
:func:`write_package` writes it next to the tables as ``datapackage.json``, and
:func:`read_package` reads a folder back and checks the files against it.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from smbkit._errors import DataError

__all__ = ["dtypes_for", "read_package", "render_json", "write_package", "conform"]

#: How a Data Package field type maps onto a pandas dtype.
_DATETIME_TYPES = {"datetime", "date"}
_CSV_FORMAT = {"datetime": "%Y-%m-%d %H:%M:%S", "date": "%Y-%m-%d"}


def _required(field: Mapping[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required", False))


def dtypes_for(fields: list[Mapping[str, Any]]) -> dict[str, str]:
    """Return the pandas dtype of every field of a table schema.

    >>> dtypes_for([{"name": "n", "type": "integer"},
    ...             {"name": "m", "type": "integer", "constraints": {"required": True}}])
    {'n': 'Int64', 'm': 'int64'}
    """
    out = {}
    for field in fields:
        kind = field["type"]
        if kind == "string":
            out[field["name"]] = "string"
        elif kind == "integer":
            out[field["name"]] = "int64" if _required(field) else "Int64"
        elif kind == "number":
            out[field["name"]] = "float64"
        elif kind in _DATETIME_TYPES:
            out[field["name"]] = "datetime64[ns]"
        elif kind == "boolean":
            out[field["name"]] = "bool"
        else:  # pragma: no cover - the schemas in this package use only the types above
            raise DataError(f"field {field['name']!r} has unsupported type {kind!r}")
    return out


def conform(frame: pd.DataFrame, fields: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Return ``frame`` with the schema's column order and dtypes (a new frame)."""
    dtypes = dtypes_for(fields)
    return pd.DataFrame({name: frame[name].astype(dtype) for name, dtype in dtypes.items()})


def render_json(package: Mapping[str, Any]) -> str:
    """Return the ``datapackage.json`` text for ``package`` (stable formatting)."""
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def _format_column(values: pd.Series, field: Mapping[str, Any]) -> pd.Series:
    kind = field["type"]
    missing = values.isna().to_numpy()
    if kind in _DATETIME_TYPES:
        text = values.dt.strftime(_CSV_FORMAT[kind])
    elif kind == "number":
        decimals = int(field.get("decimals", 2))
        text = pd.Series(np.char.mod(f"%.{decimals}f", values.to_numpy(dtype=float)))
    elif kind == "boolean":
        text = values.map({True: "true", False: "false"})
    else:
        text = values.astype("string")
    text = pd.Series(text.astype(object).to_numpy(), dtype=object)
    text[missing] = ""
    return text


def table_bytes(frame: pd.DataFrame, fields: list[Mapping[str, Any]]) -> bytes:
    """Return the table as deterministic gzip-compressed CSV bytes (gzip mtime 0)."""
    formatted = pd.DataFrame(
        {f["name"]: _format_column(frame[f["name"]], f) for f in fields}, dtype=object
    )
    buffer = io.StringIO()
    formatted.to_csv(buffer, index=False, lineterminator="\n")
    return gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def write_package(directory, package: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]):
    """Write ``datapackage.json`` and one ``<table>.csv.gz`` per resource into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for resource in package["resources"]:
        data = table_bytes(tables[resource["name"]], resource["schema"]["fields"])
        (directory / resource["path"]).write_bytes(data)
    (directory / "datapackage.json").write_text(render_json(package), encoding="utf-8")


def _check_header(name: str, table: str, header: list[str], expected: list[str], fix: str):
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if not missing and not extra:
        problem = f"columns are in the order {header!r}, expected {expected!r}"
    else:
        problem = f"missing columns {missing!r}, extra columns {extra!r}"
    raise DataError(
        f"load: table {table!r} of dataset {name!r} does not match its schema: {problem}; {fix}"
    )


def read_package(root, name: str, fix: str) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Read a Data Package folder (a path or an ``importlib.resources`` Traversable).

    Returns the parsed ``datapackage.json`` and one DataFrame per resource, typed by the
    schema. Raises :class:`DataError` when a file's columns differ from the schema or a
    value cannot be read as its field type; ``fix`` is appended to the message.
    """
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        table = resource["name"]
        fields = resource["schema"]["fields"]
        raw = (root / resource["path"]).read_bytes()
        if resource.get("compression") == "gz":
            raw = gzip.decompress(raw)
        header = raw.split(b"\n", 1)[0].decode("utf-8").split(",")
        _check_header(name, table, header, [f["name"] for f in fields], fix)
        dtypes = dtypes_for(fields)
        read_as = {
            f["name"]: (
                "string"
                if f["type"] in _DATETIME_TYPES | {"string"}
                else "Int64"
                if f["type"] == "integer"
                else "boolean"
                if f["type"] == "boolean"
                else "float64"
            )
            for f in fields
        }
        try:
            frame = pd.read_csv(
                io.BytesIO(raw), dtype=read_as, keep_default_na=False, na_values=[""]
            )
            columns = {}
            for f in fields:
                col = frame[f["name"]]
                if f["type"] in _DATETIME_TYPES:
                    col = pd.to_datetime(col, format=_CSV_FORMAT[f["type"]])
                columns[f["name"]] = col.astype(dtypes[f["name"]])
        except (ValueError, TypeError) as exc:
            raise DataError(
                f"load: table {table!r} of dataset {name!r} has a value that does "
                f"not fit its schema ({exc}); {fix}"
            ) from exc
        tables[table] = pd.DataFrame(columns)
    return package, tables
