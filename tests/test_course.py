"""Structure of the course: every lesson has its parts, the index covers every
concept, and notebooks are committed clean and offline."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.rglob("[0-9][0-9]_*.ipynb"))
ALL_NOTEBOOKS = sorted(
    p
    for p in [*NOTEBOOKS.rglob("*.ipynb"), *(ROOT / "exercises").rglob("*.ipynb")]
    if ".ipynb_checkpoints" not in p.parts
)
ALLOWED_MAGICS = {"%matplotlib"}
ALLOWED_NB_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"tags"}


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_lessons():
    assert (NOTEBOOKS / "00_start_here.ipynb").exists()
    assert len(LESSONS) >= 3


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_notebook_is_committed_clean(path):
    nb = _read(path)
    nbformat.validate(nb)
    extra = set(nb.metadata) - ALLOWED_NB_METADATA
    assert not extra, f"stray notebook metadata {sorted(extra)}"
    for i, cell in enumerate(nb.cells):
        extra = set(cell.get("metadata", {})) - ALLOWED_CELL_METADATA
        assert not extra, f"cell {i}: stray metadata {sorted(extra)}"
        if cell.cell_type == "code":
            assert not cell.outputs, f"cell {i} has stored outputs"
            assert cell.execution_count is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_notebook_is_offline_and_portable(path):
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            s = line.strip()
            assert not re.match(r"^[!%]\s*(pip|conda)\b", s), f"cell {i}: installs a package: {s}"
            assert not s.startswith("!"), f"cell {i}: shell escape: {s}"
            if s.startswith("%"):
                magic = s.split()[0]
                # an unknown magic fails silently and skips the rest of its cell
                assert magic in ALLOWED_MAGICS, f"cell {i}: magic {magic} is not allowed"
        assert not re.search(r"https?://", cell.source), f"cell {i}: network address in code"
        assert not re.search(r"['\"](/|[A-Z]:\\)(home|Users|work|tmp|root)", cell.source), (
            f"cell {i}: absolute path"
        )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_has_its_parts(path):
    nb = _read(path)
    md = _markdown(nb).lower()
    code = _code(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "starts with a title"
    assert "learning goals" in md, "has learning goals"
    assert "consultant" in md, "has a 'what a consultant would say' takeaway"
    assert re.search(r"smbkit\.plots|plots\.|sns\.|widgets\.", code), "has a picture or widget"
    assert re.search(r"^\s*assert ", code, re.M), "checks its key numbers with assert cells"
    number = int(path.name[:2])
    if number >= 2:
        links = re.findall(r"\]\((\.\./)+exercises/([^)]+)\)", _markdown(nb))
        assert links, "links to its exercise"
        for _, target in links:
            assert (ROOT / "exercises" / target).exists(), f"broken exercise link {target}"


def _index_rows():
    text = (NOTEBOOKS / "README.md").read_text()
    rows = []
    for line in text.splitlines():
        m = re.match(
            r"^\|\s*(\d\d)\s*\|\s*\[[^\]]+\]\(([^)]+\.ipynb)\)\s*\|([^|]*)\|([^|]*)\|", line
        )
        if m:
            rows.append(
                (m.group(1), m.group(2), [c.strip() for c in m.group(3).split(";")], m.group(4))
            )
    return rows


def test_index_lists_every_lesson():
    listed = {(NOTEBOOKS / r[1]).resolve() for r in _index_rows()}
    missing = [
        _rel(p) for p in [NOTEBOOKS / "00_start_here.ipynb", *LESSONS] if p.resolve() not in listed
    ]
    assert not missing, f"notebooks/README.md does not list {missing}"


@pytest.mark.parametrize("row", _index_rows(), ids=lambda r: r[0])
def test_every_indexed_concept_is_a_heading_or_bold_term(row):
    number, link, concepts, exercise_cell = row
    nb = _read(NOTEBOOKS / link)
    md = _markdown(nb)
    marked = [m.lower() for m in re.findall(r"\*\*([^*]+)\*\*", md)]
    marked += [h.lower() for h in re.findall(r"^#+\s*(.+)$", md, re.M)]
    for concept in filter(None, concepts):
        assert any(concept.lower() in m for m in marked), (
            f"lesson {number}: concept '{concept}' is not a heading or **bold** term"
        )
    for target in re.findall(r"\(([^)]+\.ipynb)\)", exercise_cell):
        assert (NOTEBOOKS / target).resolve().exists(), f"lesson {number}: broken link {target}"
