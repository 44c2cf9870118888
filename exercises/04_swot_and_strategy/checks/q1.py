OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import QUADRANT, STATEMENTS, quadrant_of
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Internal + helpful = strength, internal + harmful = weakness, external + "
    "helpful = opportunity, external + harmful = threat.",
)
def check_quadrants(statements, quadrants):
    assert quadrants is not ..., "Not answered yet: replace `...` with a list of six quadrants."
    assert isinstance(quadrants, (list, tuple)), (
        f"quadrants should be a list like ['strength', ...], not a {type(quadrants).__name__}."
    )
    assert len(quadrants) == len(statements), (
        f"There are {len(statements)} statements but {len(quadrants)} quadrants: one each, "
        "in the same order."
    )
    names = set(QUADRANT.values())
    odd = [q for q in quadrants if q not in names]
    assert not odd, f"{odd[0]!r} is not a quadrant; use one of {sorted(names)} (singular)."
    for text, got in zip(statements, quadrants, strict=True):
        assert text in STATEMENTS, "The list `statements` was changed: re-run the cell above."
        want = quadrant_of(text)
        if got == want:
            continue
        origin, effect = STATEMENTS[text]
        got_origin = "internal" if got in ("strength", "weakness") else "external"
        if got_origin != origin:
            why = (
                "the bakery controls it, so it is internal"
                if origin == "internal"
                else "it happens in the market around the bakery, which does not control it, "
                "so it is external"
            )
        else:
            why = f"it {'helps' if effect == 'helpful' else 'harms'} the aim"
        raise AssertionError(f"{text!r} is not a {got}: {why}.")
