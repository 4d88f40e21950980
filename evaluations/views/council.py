"""Councils: list, establishment, members and conflicts of interest."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import district_of_user
from registrations.models import Producer

from .. import services
from ..forms import ConflictForm, CouncilForm, MemberForm
from ..models import Council
from ..permissions import can_manage_rounds
from .common import ROUND_ROLES, _run, roles_required, save_form


@roles_required(*ROUND_ROLES)
def council_list(request):
    district = district_of_user(request.user)
    qs = Council.objects.filter(Q(district=district) | Q(members__user=request.user)).distinct().prefetch_related("members__user")
    return render(request, "evaluations/council_list.html", {
        "councils": qs, "can_create": district is not None and can_manage_rounds(request.user, district)})


@roles_required(Role.AGRICULTURE_OFFICE)
def council_create(request):
    district = district_of_user(request.user)
    form = CouncilForm(request.POST or None)
    done, council = save_form(request, form, lambda: services.council_create(
        district=district, actor=request.user, **form.cleaned_data), _("Đã thành lập hội đồng."))
    if done:
        return redirect("evaluations:council_detail", pk=council.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Thành lập hội đồng")})


@roles_required(*ROUND_ROLES)
def council_detail(request, pk):
    district = district_of_user(request.user)
    council = get_object_or_404(Council.objects.filter(Q(district=district) | Q(members__user=request.user)).distinct(), pk=pk)
    members = council.members.select_related("user").prefetch_related("conflicts__producer")
    seat = next((m for m in members if m.user_id == request.user.pk), None)
    manage = can_manage_rounds(request.user, council.district)
    producers = Producer.objects.filter(registrations__round_entries__round__council=council).distinct()
    member_form = MemberForm(request.POST if "add_member" in request.POST else None) if manage else None
    conflict_form = ConflictForm(request.POST if "declare" in request.POST else None, producers=producers) if seat else None
    if request.method == "POST":
        if "add_member" in request.POST and member_form is not None and member_form.is_valid():
            if _run(request, lambda: services.council_member_add(council=council, actor=request.user, **member_form.cleaned_data),
                    _("Đã thêm thành viên.")):
                return redirect("evaluations:council_detail", pk=council.pk)
        elif "declare" in request.POST and conflict_form is not None and conflict_form.is_valid():
            if _run(request, lambda: services.conflict_declare(member=seat, actor=request.user, **conflict_form.cleaned_data),
                    _("Đã ghi nhận khai báo xung đột lợi ích; bạn không chấm sản phẩm của chủ thể này.")):
                return redirect("evaluations:council_detail", pk=council.pk)
        elif not (member_form or conflict_form):
            raise PermissionDenied
    return render(request, "evaluations/council_detail.html", {
        "council": council, "members": members, "member_form": member_form, "conflict_form": conflict_form,
        "rounds": council.rounds.all()})
