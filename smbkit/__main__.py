"""``python -m smbkit``: the same as the ``smbkit`` command (see :mod:`smbkit.cli`)."""

from __future__ import annotations

import sys


def _start() -> int:
    """Import the command and run it; a broken installation gets one line, not a traceback."""
    debug = "--debug" in sys.argv[1:]
    try:
        from smbkit.cli import main
    except KeyboardInterrupt:
        print("smbkit: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # e.g. a missing or broken dependency
        if debug:
            raise
        print(
            f"smbkit: cannot start ({type(exc).__name__}: {exc}). Reinstall smbkit with its "
            "dependencies; run again with --debug to see the traceback.",
            file=sys.stderr,
        )
        return 1
    return main()


if __name__ == "__main__":
    sys.exit(_start())
