"""``python -m smbkit``: the same as the ``smbkit`` command (see :mod:`smbkit.cli`)."""

from __future__ import annotations

import sys

from smbkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
