"""The ``smbkit`` command line (also ``python -m smbkit``).

- ``smbkit report [--data PATH ...] [--source ...] [--out report.html] [--title ...]``
  writes the client report (:func:`smbkit.report.render`); without ``--data`` it runs on
  the bundled Daily Crumb.
- ``smbkit datasets list`` lists the bundled datasets.
- ``smbkit lab`` opens the course in JupyterLab (from a checkout of the repository).
- ``smbkit dashboard [--data PATH ...] [--port N]`` serves the client dashboard
  (``dashboard/dashboard.ipynb``, :mod:`smbkit.dashboard`) with Voila on 127.0.0.1.

The command never shows a raw traceback. An error smbkit recognises (a bad option, an
unreadable export) or a file it cannot read or write (permission, full disk, missing
folder) prints one paragraph to standard error and exits with status 2. Ctrl-C prints one
line and exits with 130. Anything else is a bug in smbkit: one line asks to report it and
the exit status is 1. ``--debug`` (before or after the command) shows the traceback too.
No message shows a customer's e-mail address (:func:`smbkit._redact.redact`).

>>> args = build_parser().parse_args(["report", "--data", "orders_export_1.csv"])
>>> args.data, args.source, args.out
(['orders_export_1.csv'], 'auto', 'report.html')
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from pathlib import Path

from smbkit._errors import SmbkitError
from smbkit._redact import redact

__all__ = ["build_parser", "main"]

PROG = "smbkit"
EXIT_ERROR = 2  # like argparse's usage errors: the command was given something it cannot use
EXIT_BUG = 1  # an exception smbkit did not expect
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report `smbkit ... | head`
DEBUG_HELP = "on an error, also show the Python traceback (for a bug report)"


def _column_pair(text: str) -> tuple[str, str]:
    name, sep, column = text.partition("=")
    if not sep or not name.strip() or not column.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NAME=COLUMN; write e.g. --map order_id='Invoice No'"
        )
    return name.strip(), column.strip()


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 1 to 65535")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``smbkit`` command.

    >>> build_parser().parse_args(["report", "--data", "a.csv", "--data", "b.csv"]).data
    ['a.csv', 'b.csv']
    """
    from smbkit import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Performance management for small businesses: the course and the toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"smbkit {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rep = sub.add_parser(
        "report",
        help="write a client-ready HTML report",
        description="Write a client-ready HTML report (no code in it). Without --data it "
        "runs on the bundled Daily Crumb.",
    )
    rep.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help="an order export (CSV, or .xlsx with --source generic); repeat for overlapping "
        "exports of one shop",
    )
    rep.add_argument(
        "--source",
        default="auto",
        choices=[
            "auto",
            "shopify",
            "square_items",
            "square_transactions",
            "stripe",
            "woocommerce",
            "generic",
        ],
        help="the export layout (default: recognise it from the headers)",
    )
    rep.add_argument(
        "--out",
        default="report.html",
        metavar="FILE",
        help="where to write the report (default: report.html)",
    )
    rep.add_argument("--title", help="the report's title")
    rep.add_argument(
        "--freq",
        default="M",
        choices=["W", "M", "Q", "Y"],
        help="reporting period: week, month, quarter or year (default: M)",
    )
    rep.add_argument(
        "--growth",
        type=float,
        default=0.05,
        metavar="SHARE",
        help="default targets: this much better than a year earlier (default: 0.05)",
    )
    rep.add_argument("--tz", metavar="ZONE", help="the business's time zone, e.g. Europe/Berlin")
    rep.add_argument("--currency", metavar="CODE", help="ISO currency code, e.g. EUR")
    rep.add_argument(
        "--map",
        action="append",
        type=_column_pair,
        metavar="NAME=COLUMN",
        help="with --source generic: which file column holds order_id, date, revenue, ...; "
        "repeat for each",
    )
    rep.add_argument(
        "--tables", metavar="DIR", help="also write the report's tables as CSV files into DIR"
    )

    data = sub.add_parser("datasets", help="the bundled example datasets")
    data_sub = data.add_subparsers(dest="datasets_command", required=True, metavar="ACTION")
    listing = data_sub.add_parser("list", help="list the bundled datasets")

    lab = sub.add_parser(
        "lab",
        help="open the course in JupyterLab",
        description="Open the course notebooks in JupyterLab (needs a checkout of the "
        "repository and the course extra). Extra arguments go to JupyterLab.",
    )
    dash = sub.add_parser(
        "dashboard",
        help="serve the client dashboard in the browser (Voila)",
        description="Serve the live client dashboard (no code in it) with Voila on "
        "127.0.0.1. Without --data it shows the bundled Daily Crumb.",
    )
    dash.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help="an order export (CSV); repeat for overlapping exports of one shop",
    )
    dash.add_argument(
        "--port", type=_port, default=8866, metavar="N", help="the port (default: 8866)"
    )
    # --debug after the command too; SUPPRESS keeps a subcommand from resetting it to False
    for command in (rep, data, listing, lab, dash):
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
        )
    return parser


def _report(args) -> int:
    from smbkit.report import render

    start = time.perf_counter()
    column_map = dict(args.map) if args.map else None
    data = args.data if args.data else None
    render(
        data,
        source=args.source,
        out=args.out,
        title=args.title,
        freq=args.freq,
        growth=args.growth,
        tz=args.tz,
        currency=args.currency,
        column_map=column_map,
        tables_dir=args.tables,
    )
    size = Path(args.out).stat().st_size
    what = ", ".join(args.data) if args.data else "the bundled Daily Crumb"
    print(
        f"Wrote {args.out} ({size / 1024:,.0f} KB) from {what} in "
        f"{time.perf_counter() - start:.1f} s."
    )
    if args.tables:
        print(f"Wrote the report's tables as CSV into {args.tables}.")
    return 0


def _datasets(args) -> int:
    from smbkit.datasets import list_datasets

    for row in list_datasets().itertuples(index=False):
        print(f"{row.name}: {row.title} (tables: {row.tables.replace(',', ', ')})")
    return 0


def _checkout_root() -> Path:
    """The repository checkout smbkit runs from (where ``notebooks/`` would be)."""
    return Path(__file__).resolve().parents[1]


def _run(command: list[str]) -> int:  # a seam for tests: they replace it
    import subprocess

    return subprocess.call(command)


def _lab(args) -> int:
    import importlib.util

    root = _checkout_root()
    notebooks = root / "notebooks"
    if not (notebooks.is_dir() and (root / "pyproject.toml").is_file()):
        raise SmbkitError(
            "the course notebooks come with a checkout of the repository, and "
            f"this smbkit is installed without them (looked in {str(notebooks)!r}). Clone the "
            "repository and run `make lab` there; the smbkit package itself works without "
            "the course."
        )
    if importlib.util.find_spec("jupyterlab") is None:
        raise SmbkitError(
            "JupyterLab is not installed. Install the course extra with "
            '`pip install -e ".[course]"` in the repository (or run `make lab`).'
        )
    start = notebooks / "00_start_here.ipynb"
    target = start if start.is_file() else notebooks
    command = [sys.executable, "-m", "jupyterlab", str(target)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses to run as root without it
    return _run(command + list(args.jupyter_args))


def _dashboard(args) -> int:
    import importlib.util

    from smbkit.dashboard import ENV_VAR

    notebook = _checkout_root() / "dashboard" / "dashboard.ipynb"
    if not notebook.is_file():
        raise SmbkitError(
            "the dashboard notebook comes with a checkout of the repository, and this "
            f"smbkit is installed without it (looked for {str(notebook)!r}). Clone the "
            "repository and run `make dashboard` there."
        )
    if importlib.util.find_spec("voila") is None:
        raise SmbkitError(
            "Voila is not installed. Install the course extra with "
            '`pip install -e ".[course]"` in the repository (or run `make dashboard`).'
        )
    if args.data:
        from smbkit.io import read_orders

        paths = [Path(p) for p in args.data]
        read_orders(paths)  # refuse an unreadable export here, in one paragraph
        os.environ[ENV_VAR] = os.pathsep.join(str(p.resolve()) for p in paths)
    else:
        os.environ.pop(ENV_VAR, None)
    print(
        f"Serving the dashboard at http://127.0.0.1:{args.port}/ (open it in your browser; "
        "Ctrl-C stops it).",
        flush=True,
    )
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser"]
    return _run(command + [f"--port={args.port}", "--Voila.ip=127.0.0.1"])


def _one_paragraph(message: str) -> str:
    return redact(" ".join(message.split()))


def _issue_tracker() -> str:
    """Where to report a bug: the package's Issues (or Bug Tracker) URL from its metadata."""
    from importlib import metadata

    try:
        urls = metadata.metadata("smbkit").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower().replace(" ", "") in {"issues", "bugtracker", "tracker", "bugs"}:
            return f"at {url.strip()}"
    return "to the smbkit maintainers (with the command you ran)"


_DENIED = "check the permissions of the file and its folder, or use another path"
_FULL = "free some space or write somewhere else"
_OS_HINTS = {
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.ENOSPC: f"the disk is full: {_FULL}",
    getattr(errno, "EDQUOT", -1): f"your disk quota is used up: {_FULL}",
    errno.ENOENT: "check the path; the folder must exist",
    errno.ENOTDIR: "part of the path is a file, not a folder: check the path",
    errno.EROFS: "that disk is read-only: write somewhere else",
    errno.EISDIR: "that is a folder: give a file name",
}


def _os_error(exc: OSError) -> str:
    """One paragraph naming the file and what the person can do about it."""
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    what = exc.strerror or str(exc)
    names = [os.fsdecode(p) if isinstance(p, (str, bytes, os.PathLike)) else str(p) for p in paths]
    where = " -> ".join(repr(name) for name in names) or "a file"
    hint = _OS_HINTS.get(exc.errno, "check the path and try again")
    return _one_paragraph(f"cannot use {where}: {what}. {hint[0].upper()}{hint[1:]}.")


def _wants_debug(argv: list[str]) -> bool:
    """--debug (or an abbreviation argparse accepts, such as --deb) anywhere before ``--``.

    Known before parsing, so that an error while parsing is covered too.

    >>> _wants_debug(["report", "--deb"]), _wants_debug(["lab", "--", "--debug"])
    (True, False)
    """
    before = argv[: argv.index("--")] if "--" in argv else argv
    return any(len(a) >= 4 and "--debug".startswith(a) for a in before)


def _traceback(exc: BaseException) -> None:
    import traceback

    text = "".join(traceback.format_exception(exc))
    print(redact(text), end="", file=sys.stderr)


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at the null device, so exiting prints nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor
        pass


def _command(argv: list[str] | None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":  # only `smbkit lab` passes arguments on
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.jupyter_args = [a for a in extra if a != "--"]
    commands = {"report": _report, "datasets": _datasets, "lab": _lab, "dashboard": _dashboard}
    return commands[args.command](args)


def _for_the_command_line(message: str, command: str | None) -> str:
    """Name the command-line options where a message names the Python arguments."""
    if command == "report" and ("source=" in message or "column_map=" in message):
        message += (
            " (On the command line, source= is --source and column_map= is --map "
            "NAME=COLUMN, once per column.)"
        )
    return message


def main(argv: list[str] | None = None) -> int:
    """Run the ``smbkit`` command; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``smbkit``; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        - 0 on success;
        - 2 when smbkit refuses the input or cannot read or write a file (the reason is
          printed to standard error as one paragraph), or the arguments are malformed
          (argparse's usage message, by :class:`SystemExit`);
        - 130 when interrupted (Ctrl-C);
        - 1 on an unexpected error, a bug: one line asks to report it.

        No traceback is printed unless ``--debug`` is given; then it is printed as well.

    Examples
    --------
    >>> main(["report", "--data", "no_such_export.csv"])  # the reason goes to stderr
    2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = _wants_debug(argv)
    words = [a for a in argv if not a.startswith("-")]
    known = {"report", "datasets", "lab", "dashboard"}
    command = words[0] if words and words[0] in known else None
    prefix = f"{PROG} {command}" if command else PROG
    try:
        code = _command(argv)
        sys.stdout.flush()  # a closed pipe shows here, not after main has returned
        return code
    except SmbkitError as exc:
        if debug:
            _traceback(exc)
        message = _for_the_command_line(_one_paragraph(str(exc)), command)
        print(f"{prefix}: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`smbkit datasets list | head -1`)
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # e.g. the report cannot be written: permission, full disk
        if debug:
            _traceback(exc)
        print(f"{prefix}: error: {_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        if debug:
            _traceback(exc)
        print(f"{prefix}: interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if debug:
            _traceback(exc)
        summary = _one_paragraph(f"{type(exc).__name__}: {exc}")
        if len(summary) > 300:
            summary = summary[:299] + "…"
        print(
            f"{PROG}: this is a bug, please report it {_issue_tracker()} ({summary})."
            + ("" if debug else " Run again with --debug to see the traceback."),
            file=sys.stderr,
        )
        return EXIT_BUG
