"""smbkit: performance management for small and medium businesses.

Importing :mod:`smbkit` is cheap: submodules load on first use, and the heavy
libraries (statsmodels, seaborn, ipywidgets) load only inside the functions that
need them.

>>> import smbkit
>>> issubclass(smbkit.DataError, ValueError)
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from smbkit._errors import DataError, SmbkitError

__version__ = "0.1.0"

_SUBMODULES = frozenset(
    {
        "ambidexterity",
        "analysis",
        "benchmarks",
        "cli",
        "customers",
        "dashboard",
        "datasets",
        "ethics",
        "experiments",
        "finance",
        "forecast",
        "growth",
        "io",
        "kpis",
        "lifecycle",
        "monitor",
        "optimize",
        "plots",
        "report",
        "scenario",
        "strategy",
        "targets",
        "widgets",
    }
)

__all__ = ["DataError", "SmbkitError", "__version__", *sorted(_SUBMODULES)]

if TYPE_CHECKING:  # pragma: no cover
    from smbkit import datasets, kpis, plots  # noqa: F401


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"smbkit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'smbkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
