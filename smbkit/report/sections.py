"""The report's sections and number formats, as building blocks for other client views.

The HTML report (:func:`smbkit.report.render`) and the live dashboard
(:mod:`smbkit.dashboard`) show the same scorecard, cohorts and alignment verdicts with the
same labels and number formats; both build them from these functions, so a number never
has two definitions.

- :func:`scorecard_section`, :func:`cohort_section`, :func:`alignment_section`: the
  report's sections as plain data (dicts and tables) for a template or a widget.
- :func:`plain_label`, :func:`fmt_value`, :func:`fmt_money`: ids as plain names
  ("In store"), KPI values and money as the report writes them.
- :func:`refund_basis_sentence`: the one sentence that says on which date refunds count.

>>> from smbkit.report.sections import plain_label
>>> plain_label("in_store")
'In store'
"""

from __future__ import annotations

from smbkit.report._render import refund_basis_sentence
from smbkit.report._sections import (
    alignment_section,
    cohort_section,
    fmt_money,
    fmt_value,
    plain_label,
    scorecard_section,
)

__all__ = [
    "alignment_section",
    "cohort_section",
    "fmt_money",
    "fmt_value",
    "plain_label",
    "refund_basis_sentence",
    "scorecard_section",
]
