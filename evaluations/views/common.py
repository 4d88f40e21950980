"""Shared helpers of the evaluations pages: role gate, service-error handling, downloads."""


from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from accounts.http import error_text as _error_text  # noqa: F401 (re-exported for the views)
from accounts.http import roles_required, save_form  # noqa: F401 (re-exported for the views)
from accounts.http import run_action as _run  # noqa: F401 (re-exported for the views)
from accounts.roles import Role

from .. import selectors
from ..models import Round

ROUND_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER)


OFFICE_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY)


RECOGNITION_ROLES = (Role.PROVINCE, Role.AGRICULTURE_OFFICE)


def _round_for(request, pk) -> Round:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    return selectors.round_with_council(round_.pk)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


FEEDBACK_ROLES = (Role.COMMUNE_OFFICER, Role.AGRICULTURE_OFFICE)
