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
