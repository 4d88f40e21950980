"""Sections of the evaluations pages (see accounts.access; read by the generated access test)."""

from accounts.access import Page
from accounts.roles import Section as S

PAGES = {
    "evaluations:round_list": Page(S.ROUNDS),
    "evaluations:round_create": Page(S.COUNCILS),
    "evaluations:round_detail": Page(S.ROUNDS, scoped=True),
    "evaluations:round_edit": Page(S.COUNCILS, scoped=True),
    "evaluations:round_cancel": Page(S.COUNCILS, scoped=True),
    "evaluations:round_assign": Page(S.COUNCILS, scoped=True),
    "evaluations:round_forward": Page(S.COUNCILS, scoped=True),
    "evaluations:round_action": Page(S.ROUND_OFFICE, scoped=True),
    "evaluations:round_minutes": Page(S.ROUND_OFFICE, scoped=True),
    "evaluations:round_results": Page(S.ROUND_OFFICE, scoped=True),
    "evaluations:my_entries": Page(S.SCORING),
    "evaluations:score_entry": Page(S.SCORING, scoped=True),
    "evaluations:score_preview": Page(S.SCORING, scoped=True),
    "evaluations:scorecard_pdf": Page(S.SCORECARDS, scoped=True),
    "evaluations:entry_conclusion": Page(S.SECRETARIAT, scoped=True),
    "evaluations:scorecard_reopen": Page(S.SECRETARIAT, scoped=True),
    "evaluations:council_list": Page(S.ROUNDS),
    "evaluations:council_create": Page(S.COUNCILS),
    "evaluations:council_detail": Page(S.ROUNDS, scoped=True),
    "evaluations:criteria_list": Page(S.CRITERIA),
    "evaluations:criteria_detail": Page(S.CRITERIA),
    "evaluations:criteria_export": Page(S.CRITERIA),
    "evaluations:criteria_import": Page(S.CRITERIA_EDIT),
    "evaluations:sheet_detail": Page(S.CRITERIA),
    "evaluations:proposal_list": Page(S.RECOGNITIONS),
    "evaluations:recognition_create": Page(S.RECOGNITIONS, scoped=True),
    "evaluations:recognition_validity": Page(S.RECOGNITIONS, scoped=True),
    "evaluations:recognition_refuse": Page(S.RECOGNITIONS, scoped=True),
    "evaluations:centre_proposal_list": Page(S.CENTRE_RECOGNITION),
    "evaluations:centre_recognition_create": Page(S.CENTRE_RECOGNITION, scoped=True),
    "evaluations:centre_outside_list": Page(S.CENTRE_RECOGNITION),
    "evaluations:centre_outside_create": Page(S.CENTRE_RECOGNITION, scoped=True),  # pk: a registration
    "evaluations:recognition_list": Page(S.RECOGNITION_READ),
    "evaluations:recognition_detail": Page(S.RECOGNITION_READ, scoped=True),
    "evaluations:feedback_list": Page(S.FEEDBACK),
    "evaluations:feedback_pdf": Page(S.FEEDBACK, scoped=True),
    "evaluations:my_commune_results": Page(S.COMMUNE_RESULTS),  # the officer's own commune
    "evaluations:commune_results": Page(S.COMMUNE_RESULTS, scoped=True),
}
