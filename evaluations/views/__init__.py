"""Pages of the evaluations app: thin views over services and selectors, one module per area."""

from .communes import commune_results, my_commune_results
from .council import council_create, council_detail, council_list
from .criteria import criteria_detail, criteria_export, criteria_import, criteria_list, sheet_detail
from .recognitions import (
    feedback_list,
    feedback_pdf,
    proposal_list,
    recognition_create,
    recognition_detail,
    recognition_list,
    recognition_refuse,
    recognition_validity,
)
from .rounds import (
    entry_conclusion,
    round_action,
    round_assign,
    round_cancel,
    round_create,
    round_detail,
    round_edit,
    round_forward,
    round_list,
    round_minutes_pdf,
    round_results_xlsx,
    scorecard_reopen,
)
from .scoring import my_entries, score_entry, score_preview, scorecard_pdf

__all__ = [
    "commune_results",
    "my_commune_results",
    "round_list",
    "round_create",
    "round_detail",
    "round_assign",
    "round_edit",
    "round_cancel",
    "round_action",
    "round_forward",
    "round_minutes_pdf",
    "round_results_xlsx",
    "entry_conclusion",
    "scorecard_reopen",
    "my_entries",
    "score_entry",
    "score_preview",
    "scorecard_pdf",
    "council_list",
    "council_create",
    "council_detail",
    "criteria_list",
    "criteria_detail",
    "sheet_detail",
    "criteria_export",
    "criteria_import",
    "proposal_list",
    "recognition_create",
    "recognition_validity",
    "recognition_refuse",
    "recognition_list",
    "recognition_detail",
    "feedback_list",
    "feedback_pdf",
]
