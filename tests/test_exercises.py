"""Every exercise: the learner copy is current, fails its checks as shipped, the
solution passes them, and each check rejects the typical wrong answers."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
IPYTHONDIR = ROOT / "tests" / "ipython"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load(EXERCISES / "build.py", "exercise_build")
FOLDERS = build.exercise_dirs()
IDS = [f.name for f in FOLDERS]


def _questions(folder: Path) -> list[str]:
    return sorted(p.stem for p in (folder / "checks").glob("q*.py"))


def test_there_are_exercises():
    assert FOLDERS, "no exercises/<lesson>/solution.ipynb found"


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_learner_copy_is_current(folder):
    stale = [p for p in build.build(check=True) if p.parent == folder]
    assert not stale, f"{folder.name}/exercise.ipynb is stale: run `make learner-copies`"


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_every_question_has_a_check_and_a_call(folder):
    questions = _questions(folder)
    assert questions, f"{folder.name} has no checks/q*.py"
    source = "\n".join(
        c.source for c in nbformat.read(folder / "exercise.ipynb", as_version=4).cells
    )
    for q in questions:
        assert f'grader.check("{q}")' in source, f'{folder.name}: no grader.check("{q}") cell'


def _run_and_collect(notebook: Path, questions: list[str], monkeypatch) -> dict[str, bool]:
    """Execute a notebook in a fresh kernel, then ask otter for each check's result."""
    from nbclient import NotebookClient

    monkeypatch.setenv("IPYTHONDIR", str(IPYTHONDIR))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(notebook, as_version=4)
    probe = (
        "import json as _json\n"
        f"print('RESULTS=' + _json.dumps({{q: bool(grader.check(q).passed_all) for q in {questions!r}}}))"
    )
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    for out in nb.cells[-1].outputs:
        text = out.get("text", "")
        if text.startswith("RESULTS="):
            return json.loads(text[len("RESULTS=") :])
    raise AssertionError(f"{notebook}: the probe cell printed no results: {nb.cells[-1].outputs}")


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_solution_passes_every_check(folder, monkeypatch):
    results = _run_and_collect(folder / "solution.ipynb", _questions(folder), monkeypatch)
    failed = [q for q, ok in results.items() if not ok]
    assert not failed, f"{folder.name}/solution.ipynb fails {failed}"


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_learner_copy_fails_every_check_as_shipped(folder, monkeypatch):
    results = _run_and_collect(folder / "exercise.ipynb", _questions(folder), monkeypatch)
    passed = [q for q, ok in results.items() if ok]
    assert not passed, f"{folder.name}/exercise.ipynb passes {passed} before any answer is given"


def _check(folder: Path, question: str, env: dict):
    # our checks use otter's exception format (OK_FORMAT = False in every checks/qN.py)
    from otter.test_files import ExceptionTestFile

    test_file = ExceptionTestFile.from_file(str(folder / "checks" / f"{question}.py"))
    test_file.run(dict(env))
    return test_file


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_checks_accept_right_and_reject_wrong_answers(folder, monkeypatch):
    """Each folder's cases.py gives, per question, a right answer and typical mistakes."""
    # every folder's checks import their own `_answers`: forget the previous folder's one
    monkeypatch.delitem(sys.modules, "_answers", raising=False)
    cases = _load(folder / "cases.py", f"cases_{folder.name}").cases()
    assert set(cases) == set(_questions(folder)), "cases.py must cover every question"
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        for q, case in cases.items():
            right = _check(folder, q, case["right"])
            assert right.passed_all, f"{q}: the right answer fails: {right.summary()}"
            assert case["wrong"], f"{q}: give at least one wrong answer"
            for env, mistake in case["wrong"]:
                result = _check(folder, q, env)
                assert not result.passed_all, f"{q}: the check accepts a wrong answer ({mistake})"
    finally:
        os.chdir(cwd)
