"""Make each exercise's learner copy from its solution notebook.

The solution notebook (``exercises/<lesson>/solution.ipynb``) is the single
source. Its answers are marked the way otter-grader's ``otter assign`` marks
them, and this script removes them:

* a line ending in ``# SOLUTION`` keeps its left-hand side: ``x = f(y)  # SOLUTION``
  becomes ``x = ...``;
* lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become one
  ``# your code here`` line;
* cells tagged ``solution-only`` are left out, and in the first cell the word
  "Solution" in the title becomes "Exercise".

Run ``make learner-copies`` (or ``python exercises/build.py``) after editing a
solution; ``tests/test_exercises.py`` fails when a learner copy is stale.
We wrote this instead of running ``otter assign`` because otter assign builds an
autograder bundle for a course server, which a self-study course does not need;
otter's ``Notebook.check`` is still what gives the learner feedback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
_LINE = re.compile(r"^(?P<lhs>\s*[^=#]+?=)\s*.*#\s*SOLUTION\s*$")


def strip_solution(source: str) -> str:
    """Return a code cell's source with its answers removed."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "# BEGIN SOLUTION":
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# your code here")
            continue
        if stripped == "# END SOLUTION":
            inside = False
            continue
        if inside:
            continue
        m = _LINE.match(line)
        if m:
            out.append(f"{m.group('lhs')} ...")
            continue
        out.append(line)
    if inside:
        raise ValueError("a '# BEGIN SOLUTION' has no matching '# END SOLUTION'")
    return "\n".join(out)


def learner_copy(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the learner version of a solution notebook (a new object)."""
    nb = nbformat.from_dict(solution)
    cells = []
    for i, cell in enumerate(nb.cells):
        if "solution-only" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source)
        elif i == 0:
            cell.source = cell.source.replace("Solution", "Exercise", 1)
        cells.append(cell)
    for i, cell in enumerate(cells):
        cell["id"] = str(i)  # sequential ids, as nbstripout writes them
    nb.cells = cells
    return nb


def exercise_dirs() -> list[Path]:
    return sorted(p.parent for p in HERE.glob("*/solution.ipynb"))


def build(check: bool = False) -> list[Path]:
    """Write (or with ``check``, only compare) every learner copy; return the stale ones."""
    stale = []
    for folder in exercise_dirs():
        solution = nbformat.read(folder / "solution.ipynb", as_version=4)
        text = nbformat.writes(learner_copy(solution)) + "\n"
        target = folder / "exercise.ipynb"
        if not target.exists() or target.read_text() != text:
            stale.append(target)
            if not check:
                target.write_text(text)
    return stale


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    stale = build(check=check)
    for path in stale:
        print(("stale: " if check else "wrote: ") + str(path.relative_to(HERE.parent)))
    sys.exit(1 if check and stale else 0)
