"""The council's and the recognising unit's official papers, built from the records and issued
through the document register (documents app: number under lock, one Decree 30 layout, PDF + DOCX).

Each paper has a builder ``<paper>_paper(obj, paper) -> Paper`` (content only) and an issuer
``<paper>_issue(obj, actor, base_url="") -> Document`` (number + files in the register); the
download endpoints of this app render the same builder with the issued number, or with the number
left blank while the paper is not issued yet. ``PAPERS`` declares the issue buttons.

One module a kind of paper: ``council`` (the decision establishing the council), ``minutes`` (the
meeting's minutes and the members' sheets), ``notices`` (the result notice and the feedback to a
producer), ``recognition`` (recognition decision, certificate, revocation); ``common`` holds what
they share, ``purposes`` the issue buttons and ``demo`` the demo's register.
"""

from .common import COUNCIL_BODY, UBND, draft, num
from .council import council_decision_issue, council_decision_paper, council_title
from .demo import seed_documents
from .minutes import minutes_day, minutes_issue, minutes_paper, score_sheet_blocks, scorecard_paper
from .notices import feedback_issue, feedback_paper, published_day, result_notice_issue, result_notice_paper
from .purposes import PAPERS
from .recognition import (
    certificate_issue,
    certificate_paper,
    public_url,
    recognising_unit,
    recognition_decision_issue,
    recognition_decision_paper,
    recognition_decision_record,
    revocation_issue,
    revocation_paper,
)

__all__ = [
    "COUNCIL_BODY", "PAPERS", "UBND", "certificate_issue", "certificate_paper", "council_decision_issue",
    "council_decision_paper", "council_title", "draft", "feedback_issue", "feedback_paper", "minutes_day",
    "minutes_issue", "minutes_paper", "num", "public_url", "published_day", "recognising_unit",
    "recognition_decision_issue", "recognition_decision_paper", "recognition_decision_record",
    "result_notice_issue", "result_notice_paper", "revocation_issue", "revocation_paper", "score_sheet_blocks",
    "scorecard_paper", "seed_documents",
]
