"""Packaging promises: cheap import, one error family, environment.yml in sync."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import smbkit

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("statsmodels", "seaborn", "ipywidgets", "scipy.optimize", "matplotlib.pyplot")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "code",
    [
        "import smbkit",
        "import smbkit.kpis",
        "import smbkit.datasets",
        "import smbkit.targets, smbkit.finance, smbkit.lifecycle, smbkit.strategy",
        "import smbkit.plots",
    ],
)
def test_import_does_not_load_heavy_libraries(code):
    loaded = _modules_after(code)
    leaked = [m for m in HEAVY if m in loaded]
    assert leaked == [], f"`{code}` imported {leaked}; import them inside the functions"


def test_error_family():
    assert issubclass(smbkit.SmbkitError, ValueError)
    assert issubclass(smbkit.DataError, smbkit.SmbkitError)


def test_unknown_attribute_message():
    with pytest.raises(AttributeError, match="no attribute 'kpiz'"):
        smbkit.kpiz  # noqa: B018


# conda names that differ from their PyPI names
CONDA_TO_PYPI = {
    "matplotlib-base": "matplotlib",
    "python-duckdb": "duckdb",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pypi = {_name(r) for r in project["dependencies"]}
    for _extra, reqs in project["optional-dependencies"].items():
        pypi |= {_name(r) for r in reqs if not r.startswith("smbkit")}

    conda = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+)", line)
        if m and m.group(1) not in {"python", "pip"}:
            name = _name(m.group(1))
            conda.add(CONDA_TO_PYPI.get(name, name))
    assert conda == pypi, (
        f"only in environment.yml: {sorted(conda - pypi)}; only in pyproject: {sorted(pypi - conda)}"
    )


def test_environment_yml_pins_python_311_and_installs_the_package():
    text = (ROOT / "environment.yml").read_text()
    assert "python=3.11" in text
    assert re.search(r"-\s+-e\s+\.", text)
