"""The ``smbkit`` command: report, datasets, lab; exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smbkit import cli
from smbkit.report import SOURCES

ROOT = Path(__file__).resolve().parents[1]
IO = ROOT / "tests" / "fixtures" / "io"


def test_datasets_list(capsys):
    assert cli.main(["datasets", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("daily_crumb: The Daily Crumb (tables: orders, order_lines,")
        for line in lines
    )


def test_report_on_an_export_writes_the_file(tmp_path, capsys):
    out = tmp_path / "client.html"
    code = cli.main(
        [
            "report",
            "--data",
            str(IO / "shopify_orders.csv"),
            "--out",
            str(out),
            "--title",
            "Bakery & Co",
            "--tables",
            str(tmp_path / "tables"),
        ]
    )
    assert code == 0
    printed = capsys.readouterr()
    assert printed.out.startswith(f"Wrote {out} (")
    assert "shopify_orders.csv" in printed.out and printed.err == ""
    html = out.read_text(encoding="utf-8")
    assert "<title>Bakery &amp; Co</title>" in html
    assert {p.name for p in (tmp_path / "tables").iterdir()} == {
        "scorecard.csv",
        "kpi_values.csv",
        "ledger.csv",
    }


def test_overlapping_exports_and_a_generic_file_with_a_column_map(tmp_path, capsys):
    out = tmp_path / "r.html"
    code = cli.main(
        [
            "report",
            "--data",
            str(IO / "square_items_1.csv"),
            "--data",
            str(IO / "square_items_2.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "duplicate across exports" in out.read_text(encoding="utf-8")
    code = cli.main(
        [
            "report",
            "--data",
            str(IO / "generic_sales.csv"),
            "--source",
            "generic",
            "--map",
            "order_id=Invoice No",
            "--map",
            "date=Sale Date",
            "--map",
            "revenue=Net Amount",
            "--map",
            "status=State",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "generic" in out.read_text(encoding="utf-8")


def _error(capsys) -> str:
    printed = capsys.readouterr()
    assert printed.out == ""
    assert "Traceback" not in printed.err
    assert printed.err.count("\n") == 1  # one paragraph
    return printed.err


def test_unrecognised_export_is_a_clean_error(capsys, tmp_path):
    code = cli.main(
        ["report", "--data", str(IO / "unknown_layout.csv"), "--out", str(tmp_path / "r.html")]
    )
    assert code == 2
    err = _error(capsys)
    assert err.startswith(
        "smbkit report: error: read_orders: could not recognise the layout of unknown_layout.csv"
    )
    assert "--source and column_map= is --map NAME=COLUMN" in err
    assert not (tmp_path / "r.html").exists()


def test_missing_file_and_missing_output_folder(capsys, tmp_path):
    assert cli.main(["report", "--data", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv' does not exist; check the path" in _error(capsys)
    assert (
        cli.main(
            [
                "report",
                "--data",
                str(IO / "shopify_orders.csv"),
                "--out",
                str(tmp_path / "no" / "r.html"),
            ]
        )
        == 2
    )
    assert "does not exist; create" in _error(capsys)


def test_generic_without_a_map_says_how(capsys, tmp_path):
    code = cli.main(
        [
            "report",
            "--data",
            str(IO / "generic_sales.csv"),
            "--source",
            "generic",
            "--out",
            str(tmp_path / "r.html"),
        ]
    )
    assert code == 2
    assert "source='generic' needs column_map=" in _error(capsys)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "--freq", "monthly"], "argument --freq: invalid choice: 'monthly'"),
        (["report", "--map", "order_id"], "'order_id' is not NAME=COLUMN"),
        (["report", "--source", "shopfy"], "argument --source: invalid choice: 'shopfy'"),
        (["report", "--growth", "lots"], "argument --growth: invalid float value"),
        ([], "the following arguments are required: COMMAND"),
        (["datasets"], "the following arguments are required: ACTION"),
        (["datasets", "list", "--all"], "unrecognized arguments: --all"),
    ],
)
def test_malformed_arguments_exit_2_with_usage(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: smbkit") and message in err


def test_cli_source_choices_are_the_report_sources():
    parser = cli.build_parser()
    report = parser._subparsers._group_actions[0].choices["report"]
    source = next(a for a in report._actions if a.dest == "source")
    assert tuple(source.choices) == SOURCES


def test_lab_outside_a_checkout_explains(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "_checkout_root", lambda: tmp_path)
    assert cli.main(["lab"]) == 2
    assert "the course notebooks come with a checkout of the repository" in _error(capsys)


def test_lab_without_jupyterlab_explains(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "jupyterlab" else real(name, *a),
    )
    assert cli.main(["lab"]) == 2
    assert "JupyterLab is not installed" in _error(capsys)


def test_lab_starts_jupyterlab_on_the_course(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "_run", lambda command: seen.append(command) or 0)
    assert cli.main(["lab", "--port", "8899"]) == 0
    (command,) = seen
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert Path(command[3]).resolve().is_relative_to(ROOT / "notebooks")
    assert command[-2:] == ["--port", "8899"]


def test_python_dash_m_smbkit_exit_code_and_version():
    done = subprocess.run(
        [sys.executable, "-m", "smbkit", "report", "--data", "missing.csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("smbkit report: error: read_orders: file 'missing.csv'")
    assert "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "smbkit", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "smbkit 0.1.0"


@pytest.mark.slow
def test_make_report_path_on_the_bundled_bakery(tmp_path):
    """What `make report` runs: the bundled Daily Crumb, in a fresh process."""
    out = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "smbkit",
            "report",
            "--out",
            str(out),
            "--tables",
            str(tmp_path / "tables"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "from the bundled Daily Crumb" in done.stdout
    html = out.read_text(encoding="utf-8")
    assert "Performance report: The Daily Crumb" in html
    card = pd.read_csv(tmp_path / "tables" / "scorecard.csv", encoding="utf-8-sig")
    assert len(card) == 15 and set(card["status"]) <= {"on track", "at risk", "off track"}


# ------------------------------------------------------------------ never a raw traceback


def _boom(args):
    raise RuntimeError("boom in an internal step")


def test_an_unexpected_error_is_one_line_asking_for_a_report(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_datasets", _boom)
    assert cli.main(["datasets", "list"]) == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err and printed.err.count("\n") == 1
    assert printed.err.startswith("smbkit: this is a bug, please report it ")
    assert "(RuntimeError: boom in an internal step)." in printed.err
    assert printed.err.rstrip().endswith("Run again with --debug to see the traceback.")


@pytest.mark.parametrize(
    "argv",
    [
        ["--debug", "datasets", "list"],
        ["datasets", "--debug", "list"],
        ["datasets", "list", "--debug"],
    ],
)
def test_debug_before_or_after_the_command_shows_the_traceback(monkeypatch, capsys, argv):
    monkeypatch.setattr(cli, "_datasets", _boom)
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom in an internal step" in err and "in _boom" in err
    assert "Run again with --debug" not in err


def test_bug_report_points_to_the_issue_tracker_when_the_metadata_names_one(monkeypatch):
    from importlib import metadata

    class Meta:
        def get_all(self, name):
            return ["Homepage, https://example.org", "Issues, https://example.org/issues"]

    monkeypatch.setattr(metadata, "metadata", lambda name: Meta())
    assert cli._issue_tracker() == "at https://example.org/issues"
    monkeypatch.setattr(
        metadata, "metadata", lambda name: type("M", (), {"get_all": lambda s, n: None})()
    )
    assert cli._issue_tracker() == "to the smbkit maintainers (with the command you ran)"


def test_ctrl_c_is_one_line_and_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_datasets", interrupted)
    assert cli.main(["datasets", "list"]) == 130
    assert capsys.readouterr().err == "smbkit datasets: interrupted.\n"


def test_a_refused_export_with_debug_still_exits_2(capsys):
    assert cli.main(["report", "--data", str(IO / "unknown_layout.csv"), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err  # asked for
    assert err.splitlines()[-1].startswith("smbkit report: error: read_orders: could not")


def test_an_email_in_a_bad_cell_does_not_reach_the_terminal(tmp_path, capsys):
    text = (IO / "shopify_orders.csv").read_text(encoding="utf-8")
    path = tmp_path / "orders_export.csv"
    path.write_text(text.replace(",USD,50.00,", ",USD,ana.smith@example.com,", 1))
    assert cli.main(["report", "--data", str(path), "--out", str(tmp_path / "r.html")]) == 2
    err = _error(capsys)
    assert "ana.smith" not in err and "'***@example.com' as money" in err


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        (OSError(28, "No space left on device"), "The disk is full: free some space"),
        (PermissionError(13, "Permission denied"), "Check the permissions of the file"),
    ],
)
def test_a_report_that_cannot_be_written_names_the_file(monkeypatch, tmp_path, capsys, error, hint):
    import smbkit._atomic

    out = tmp_path / "client.html"
    out.write_text("the old report", encoding="utf-8")

    def fail(src, dst):
        raise error

    monkeypatch.setattr(smbkit._atomic.os, "replace", fail)
    code = cli.main(["report", "--data", str(IO / "shopify_orders.csv"), "--out", str(out)])
    assert code == 2
    err = _error(capsys)
    assert err.startswith(f"smbkit report: error: cannot use {str(out)!r}: {error.strerror}.")
    assert hint in err and ".tmp" not in err
    assert out.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["client.html"]


def test_tables_folder_that_cannot_be_made_is_a_clean_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = cli.main(
        [
            "report",
            "--data",
            str(IO / "shopify_orders.csv"),
            "--out",
            str(tmp_path / "r.html"),
            "--tables",
            str(blocker / "tables"),
        ]
    )
    assert code == 2
    err = _error(capsys)
    assert f"{str(blocker / 'tables')!r}" in err and "Not a directory" in err


def test_a_closed_pipe_is_quiet():
    process = subprocess.Popen(
        [sys.executable, "-m", "smbkit", "datasets", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    process.stdout.close()  # like `| head -0`: nobody reads what it prints
    process.stdout = None
    _, err = process.communicate(timeout=120)
    assert process.returncode == 141
    assert err.decode() == ""  # no "Exception ignored ... BrokenPipeError" either


def test_unexpected_error_in_a_fresh_process_has_no_traceback():
    script = (
        "import sys, smbkit.cli as cli\n"
        "def boom(args): raise ValueError('ana@example.com broke it')\n"
        "cli._datasets = boom\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "datasets", "list"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "ana@" not in done.stderr
    assert "(ValueError: ***@example.com broke it)" in done.stderr
    done = subprocess.run(
        [sys.executable, "-c", script, "--debug", "datasets", "list"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Traceback" in done.stderr and "ana@" not in done.stderr
