"""A commune's results page: each product it sent in a year, its scores (once published), stars,
recognition decision and validity, the council's feedback and the subsidy status."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import AdministrativeUnit
from accounts.permissions import communes_of

from .. import selectors
from ..extensions import support_status
from ..permissions import can_view_commune_results


@login_required
def my_commune_results(request):
    """The commune officer's own page (latest year with products sent)."""
    communes = communes_of(request.user)
    if not communes:
        raise Http404
    commune = communes[0]
    years = selectors.commune_result_years(commune)
    return redirect("evaluations:commune_results", commune=commune.pk, year=years[0] if years else timezone.localdate().year)


@login_required
def commune_results(request, commune, year):
    """Out of the user's scope (another commune, another district) is a 404."""
    commune = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=commune)
    if not can_view_commune_results(request.user, commune) or not 2000 <= year <= 2100:
        raise Http404
    rows = selectors.commune_results(commune, year)
    support = support_status([row["recognition"] for row in rows], request.user)
    for row in rows:
        row["support"] = support.get(row["recognition"].pk, []) if row["recognition"] else []
    today = selectors.today()
    for row in rows:
        recognition = row["recognition"]
        row["in_force"] = recognition is not None and recognition.is_valid_on(today)
    return render(request, "evaluations/commune_results.html", {
        "commune": commune, "year": year, "rows": rows, "years": selectors.commune_result_years(commune),
    })
