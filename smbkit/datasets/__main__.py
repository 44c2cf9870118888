"""Command line for the bundled datasets.

``python -m smbkit.datasets list`` prints the bundled datasets;
``python -m smbkit.datasets build daily_crumb`` rewrites the bundled copy from
``generate("daily_crumb", seed=0, scale=1.0)`` (byte-identical on every run);
``build`` takes several names, and ``build all`` rebuilds every dataset with a generator
(``daily_crumb``, ``northwind_supply``, ``brightlane``, ``harbor_co``; what
``make data`` runs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smbkit._errors import SmbkitError


def build(name: str, directory: Path | None = None) -> Path:
    """Write ``generate(name, seed=0, scale=1.0)`` as the bundled data package."""
    from smbkit.datasets import _GENERATORS, _unknown, generate
    from smbkit.datasets._package import write_package

    if name not in _GENERATORS:
        raise _unknown("build", name, list(_GENERATORS))
    dataset = generate(name, seed=0, scale=1.0)
    target = directory if directory is not None else Path(__file__).resolve().parent / name
    write_package(target, dataset._package, dict(dataset))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smbkit.datasets", description="List or rebuild smbkit's bundled datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="print the bundled datasets")
    p_build = sub.add_parser("build", help="regenerate bundled datasets (seed 0, scale 1)")
    p_build.add_argument("names", nargs="+", metavar="name", help="dataset names, or 'all'")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            from smbkit.datasets import list_datasets

            table = list_datasets()
            for row in table.itertuples(index=False):
                print(f"{row.name}: {row.title} (tables: {row.tables})")
        else:
            from smbkit.datasets import _GENERATORS

            names = list(_GENERATORS) if args.names == ["all"] else args.names
            for name in names:
                target = build(name)
                size = sum(f.stat().st_size for f in target.iterdir())
                print(f"wrote {target} ({size / 1e6:.2f} MB)")
    except SmbkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
