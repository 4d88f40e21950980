"""A commune's results page: each product it sent in a year, its scores (once published), stars,
recognition decision and validity, the council's feedback and the subsidy status."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.models import AdministrativeUnit
from accounts.permissions import communes_of
from accounts.portal import RECOGNITION_SUPPORT, object_extras

from .. import selectors
from ..permissions import can_view_commune_results


@login_required
def my_commune_results(request):
    """The commune officer's own page, for the latest year with products sent (the menu's link)."""
    communes = communes_of(request.user)
    if not communes:
        raise Http404
    years = selectors.commune_result_years(communes[0])
    return _render(request, communes[0], years[0] if years else timezone.localdate().year, years)


@login_required
def commune_results(request, commune, year):
    """Out of the user's scope (another commune, another district) is a 404."""
    commune = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=commune)
    if not can_view_commune_results(request.user, commune) or not 2000 <= year <= 2100:
        raise Http404
    return _render(request, commune, year, selectors.commune_result_years(commune))


def _render(request, commune, year: int, years: list[int]):
    rows = selectors.commune_results(commune, year)
    support = object_extras(RECOGNITION_SUPPORT, [row["recognition"] for row in rows], request.user)
    for row in rows:
        row["support"] = support.get(row["recognition"].pk, []) if row["recognition"] else []
    today = selectors.today()
    for row in rows:
        recognition = row["recognition"]
        row["in_force"] = recognition is not None and recognition.is_valid_on(today)
    return render(request, "evaluations/commune_results.html", {
        "commune": commune, "year": year, "rows": rows, "years": years,
    })
