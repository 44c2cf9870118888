"""Bundled example businesses, as canonical tidy tables.

Each dataset is a folder ``smbkit/datasets/<name>/`` holding a Frictionless
``datapackage.json`` (tables, fields, types, units, descriptions) and one gzip-compressed
CSV per table. :func:`load` reads it; :func:`generate` re-runs the simulation behind it at
another seed or size; :func:`list_datasets` lists what is bundled:

- ``daily_crumb``: The Daily Crumb, an artisan bakery (orders, order lines, customers,
  marketing, web, financials, employees, surveys), 2022-2025;
- ``northwind_supply``: Northwind Supply, a small manufacturer (production by line with
  defects, quality-control inspections, material lots and suppliers, design changes,
  weekly inventory, orders, order lines, customers), 2023-2025, built for a defect-rate
  cascade;
- ``brightlane``: Brightlane, a B2B software-as-a-service company (accounts, monthly
  subscriptions with MRR, support tickets, monthly usage with an engagement score,
  marketing), 2023-2025, where ticket spikes and falling usage precede churn;
- ``harbor_co``: Harbor & Co, a web shop (daily visit-to-order funnel by channel,
  campaigns, orders, returns with a returns-portal pilot, a newsletter A/B test),
  2024-2025;
- ``cdnow``: CDNOW, real data: the purchase records of 23,570 customers of an online
  music retailer, 1997-1998 (Fader & Hardie's CDNOW master data set, with attribution;
  no generator: see ``_cdnow.py``).

The story and the effects planted in each are documented in its generator module
(``_daily_crumb.py``, ``_northwind.py``, ``_brightlane.py``, ``_harbor_co.py``).

>>> from smbkit import datasets
>>> datasets.list_datasets()["name"].tolist()
['brightlane', 'cdnow', 'daily_crumb', 'harbor_co', 'northwind_supply']
>>> bakery = datasets.load("daily_crumb")
>>> bakery.tables[:3]
['orders', 'order_lines', 'customers']
>>> bakery.orders is bakery["orders"]
True
"""

from __future__ import annotations

import copy
import importlib
import importlib.resources
import json
from collections.abc import Iterator, Mapping

import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import closest

__all__ = ["Dataset", "generate", "list_datasets", "load", "sample_export_paths"]

#: Dataset name -> its generator module (``<module>.py`` simulates, ``<module>_schema.py``
#: holds the data package descriptor).
_GENERATORS = {
    "brightlane": "_brightlane",
    "daily_crumb": "_daily_crumb",
    "harbor_co": "_harbor_co",
    "northwind_supply": "_northwind",
}


def _root():
    return importlib.resources.files("smbkit.datasets")


def _bundled_names() -> list[str]:
    return sorted(
        entry.name
        for entry in _root().iterdir()
        if entry.is_dir() and (entry / "datapackage.json").is_file()
    )


def _fix(name: str) -> str:
    if name in _GENERATORS:
        return f"regenerate with `python -m smbkit.datasets build {name}`"
    return "reinstall smbkit or restore the dataset folder"


def _unknown(func: str, name: object, available: list[str]) -> SmbkitError:
    hint = closest(str(name), available)
    tail = f" Did you mean {hint[0]!r}?" if hint else ""
    return SmbkitError(
        f"{func}: unknown dataset {name!r} (name=); available datasets are {available!r}.{tail}"
    )


class Dataset(Mapping):
    """A business's tables, reachable as attributes and by key.

    A read-only mapping from table name to DataFrame (``dict(biz)`` gives a plain dict).
    Every access to a table returns the same DataFrame object; each :func:`load` or
    :func:`generate` call makes new frames, so changing one dataset never changes another.

    Attributes
    ----------
    name, title, description : str
        From the data package.
    tables : list of str
        Table names, in the data package's order.
    source : str
        ``"bundled"`` or ``"generated(seed=.., scale=..)"``.

    Examples
    --------
    >>> from smbkit import datasets
    >>> biz = datasets.load("daily_crumb")
    >>> sorted(biz)[:2]
    ['customers', 'employees']
    >>> biz.dictionary("web")["field"].tolist()
    ['date', 'sessions', 'conversions']
    """

    def __init__(self, package: dict, tables: dict[str, pd.DataFrame], source: str):
        self._package = package
        self._tables = dict(tables)
        self.name: str = package["name"]
        self.title: str = package.get("title", package["name"])
        self.description: str = package.get("description", "")
        self.source = source

    @property
    def tables(self) -> list[str]:
        """Table names, in the data package's order."""
        return list(self._tables)

    def __getitem__(self, table: str) -> pd.DataFrame:
        try:
            return self._tables[table]
        except (KeyError, TypeError):
            raise SmbkitError(self._unknown_table(table)) from None

    def _unknown_table(self, table: object) -> str:
        hint = closest(str(table), self._tables)
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        return f"Dataset {self.name!r}: no table {table!r}; tables are {self.tables!r}.{tail}"

    def __getattr__(self, table: str) -> pd.DataFrame:
        if table.startswith("_"):
            raise AttributeError(table)
        tables = self.__dict__.get("_tables", {})
        if table in tables:
            return tables[table]
        raise AttributeError(self._unknown_table(table))

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        width = max(len(t) for t in self._tables) if self._tables else 0
        rows = [
            f"  {t:<{width}}  {len(df):>10,} rows x {df.shape[1]} columns"
            for t, df in self._tables.items()
        ]
        return "\n".join([f"Dataset {self.name!r}: {self.title} [{self.source}]", *rows])

    def dictionary(self, table: str | None = None) -> pd.DataFrame:
        """Return the data dictionary: one row per field.

        Parameters
        ----------
        table : str, optional
            Only this table's fields; all tables when omitted.

        Returns
        -------
        pandas.DataFrame
            Columns ``table, field, type, unit, description`` (``unit`` missing where a
            field has none).

        Raises
        ------
        SmbkitError
            If ``table`` is not one of the dataset's tables.

        Examples
        --------
        >>> from smbkit import datasets
        >>> d = datasets.load("daily_crumb").dictionary("orders")
        >>> d.loc[d["field"] == "revenue", "unit"].item()
        'USD'
        """
        if table is not None and table not in self._tables:
            raise SmbkitError(self._unknown_table(table).replace("Dataset", "dictionary:", 1))
        rows = [
            {
                "table": res["name"],
                "field": f["name"],
                "type": f["type"],
                "unit": f.get("unit"),
                "description": f.get("description"),
            }
            for res in self._package["resources"]
            if table is None or res["name"] == table
            for f in res["schema"]["fields"]
        ]
        return pd.DataFrame(rows, columns=["table", "field", "type", "unit", "description"]).astype(
            "string"
        )


def list_datasets() -> pd.DataFrame:
    """List the bundled datasets.

    Returns
    -------
    pandas.DataFrame
        One row per dataset: ``name, title, description, tables`` (table names joined
        by commas), read from each ``datapackage.json``.

    Examples
    --------
    >>> from smbkit import datasets
    >>> "daily_crumb" in datasets.list_datasets()["name"].tolist()
    True
    """
    rows = []
    for name in _bundled_names():
        package = json.loads((_root() / name / "datapackage.json").read_text(encoding="utf-8"))
        rows.append(
            {
                "name": package["name"],
                "title": package.get("title", ""),
                "description": package.get("description", ""),
                "tables": ",".join(r["name"] for r in package["resources"]),
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "description", "tables"]).astype("string")


def load(name: str) -> Dataset:
    """Load a bundled dataset.

    Reads ``smbkit/datasets/<name>/datapackage.json`` and its tables through
    :mod:`importlib.resources`, with the dtypes the schema gives (string -> ``string``,
    integer -> ``int64`` or ``Int64`` when it may be missing, number -> ``float64``,
    date/datetime -> ``datetime64[ns]``, boolean -> ``bool``).

    Parameters
    ----------
    name : str
        Dataset name, as listed by :func:`list_datasets`.

    Returns
    -------
    Dataset
        Tables as attributes and keys (``biz.orders``, ``biz["orders"]``); fresh frames
        on every call.

    Raises
    ------
    SmbkitError
        If ``name`` is not a bundled dataset (the message lists them).
    DataError
        If a table file's columns differ from its schema or a value does not fit its type.

    Examples
    --------
    >>> from smbkit import datasets
    >>> biz = datasets.load("daily_crumb")
    >>> str(biz.orders["revenue"].dtype), str(biz.orders["date"].dtype)
    ('float64', 'datetime64[ns]')
    """
    from smbkit.datasets._package import read_package

    available = _bundled_names()
    if name not in available:
        raise _unknown("load", name, available)
    package, tables = read_package(_root() / name, name, _fix(name))
    return Dataset(package, tables, source="bundled")


def generate(name: str, *, seed: int = 0, scale: float = 1.0) -> Dataset:
    """Simulate a dataset afresh, at another seed or size.

    Parameters
    ----------
    name : str
        A dataset with a generator: ``"daily_crumb"``, ``"northwind_supply"``,
        ``"brightlane"`` or ``"harbor_co"``.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same data.
        ``seed=0, scale=1.0`` reproduces the bundled copy.
    scale : float, default 1.0
        Multiplies the volume of customers and orders (and the money, staff, units or
        tickets that go with them), not the time span. For ``daily_crumb`` ``scale=1``
        gives about 180 thousand orders and ``scale=55`` about 10 million; for
        ``northwind_supply`` about 5,600 orders (production rows stay one per line and
        working day, with more units); for ``brightlane`` about 2,350 accounts and
        38 thousand account-months; for ``harbor_co`` about 65 thousand orders (web and
        campaign rows stay one per day and channel, with more sessions and spend).

    Returns
    -------
    Dataset
        Same tables and dtypes as :func:`load`.

    Raises
    ------
    SmbkitError
        If ``name`` has no generator, ``seed`` is not a non-negative integer or
        ``scale`` is not a positive number.

    Notes
    -----
    The generating story and every parameter are documented in the generator module:
    ``smbkit/datasets/_daily_crumb.py``, ``_northwind.py``, ``_brightlane.py`` or
    ``_harbor_co.py``. In the
    bakery, expected orders per day at a shop follow a logistic lifecycle,

    .. math:: L(t) = f + \\frac{1 - f}{1 + e^{-(t - t_0)/s}},

    so a business owner can see start-up, growth and maturity in the sales. Northwind's
    defect rate is a product of line, material-lot, design-change and day factors, and QC
    decides how many defects reach customers; a Brightlane account's support tickets
    rise and its usage falls in the months before it churns. Harbor & Co's funnel is a
    chain of binomial steps, so every day and channel has sessions >= product views >=
    carts >= checkouts >= orders.

    Examples
    --------
    >>> from smbkit import datasets
    >>> small = datasets.generate("daily_crumb", seed=1, scale=0.05)
    >>> small.source
    'generated(seed=1, scale=0.05)'
    >>> datasets.generate("brightlane", seed=2, scale=0.1).tables
    ['accounts', 'subscriptions', 'usage', 'tickets', 'marketing']
    """
    if name not in _GENERATORS:
        raise _unknown("generate", name, list(_GENERATORS))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SmbkitError(
            f"generate: `seed` must be a non-negative integer, but {seed!r} was passed"
        )
    if (
        isinstance(scale, bool)
        or not isinstance(scale, (int, float))
        or not scale > 0
        or (scale == float("inf"))
    ):
        raise SmbkitError(
            f"generate: `scale` must be a positive number (1.0 = the bundled size), "
            f"but {scale!r} was passed"
        )
    module = f"smbkit.datasets.{_GENERATORS[name]}"
    simulate = importlib.import_module(module).simulate
    package = importlib.import_module(f"{module}_schema").PACKAGE
    tables = simulate(seed=seed, scale=float(scale))
    return Dataset(copy.deepcopy(package), tables, source=f"generated(seed={seed}, scale={scale})")


def sample_export_paths(layout: str = "shopify") -> list:
    """Return the paths of a bundled sample client export, oldest file first.

    The files are synthetic: a thinned sample of The Daily Crumb's 2025 orders written in
    an online-shop system's export layout, with the faults real exports have (see
    ``smbkit/datasets/sample_exports/README.md`` and ``_sample_exports.py``, which
    rebuilds them). Read them with :func:`smbkit.io.read_orders`.

    Parameters
    ----------
    layout : {"shopify", "hubspot", "mixpanel", "asana"}
        The export layout. ``"shopify"`` is The Daily Crumb's orders; the other three are
        Brightlane's CRM deals (two overlapping monthly exports), product-analytics events
        and onboarding project, made by ``_sample_systems.py`` so that they agree with
        Brightlane's subscriptions. Read them with :func:`smbkit.io.read_deals`,
        :func:`smbkit.io.read_events` and :func:`smbkit.io.read_tasks`.

    Returns
    -------
    list of pathlib.Path
        The export files, which overlap (for ``"shopify"``: January to 7 July 2025, and
        1 July to December 2025).

    Raises
    ------
    SmbkitError
        If ``layout`` is not a bundled sample layout.

    Examples
    --------
    >>> from smbkit import datasets
    >>> [p.name for p in datasets.sample_export_paths("shopify")]
    ['shopify_orders_1.csv', 'shopify_orders_2.csv']
    >>> [p.name for p in datasets.sample_export_paths("hubspot")]
    ['hubspot_deals_2025-05-31.csv', 'hubspot_deals_2025-06-30.csv']
    """
    from pathlib import Path

    from smbkit._validation import check_option

    check_option(
        "sample_export_paths", "layout", layout, ["shopify", "hubspot", "mixpanel", "asana"]
    )
    folder = _root() / "sample_exports"
    return sorted(
        (Path(str(f)) for f in folder.iterdir() if f.name.startswith(f"{layout}_")),
        key=lambda p: p.name,
    )
