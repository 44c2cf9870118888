OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import formula_note
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Pass the notes table through report.escape_formulas and "
    "take the escaped cell: a text cell starting with '=' gets a leading apostrophe.",
)
def check_escape(safe_note):
    assert safe_note is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(safe_note, str), "safe_note should be the escaped text of one cell."
    note = formula_note()
    assert safe_note != note, (
        "That is the note as written: a spreadsheet would run it as a formula. Escape it."
    )
    assert safe_note.endswith(note), (
        "Escaping adds to the front of the text and changes nothing else; the client must "
        "still be able to read the note."
    )
    assert safe_note == "'" + note, (
        f"safe_note starts with {safe_note[:2]!r}. Spreadsheets treat a leading apostrophe "
        "(') as 'this is text'; a backslash or a space does not protect the cell."
    )
