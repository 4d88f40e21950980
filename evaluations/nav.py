"""Navigation links of the evaluations app (only what the user may open)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can_open, has_role, is_admin
from accounts.portal import NavItem
from accounts.roles import Role, Section


def nav_items(user) -> list[NavItem]:
    items = []
    admin = is_admin(user)
    if admin or has_role(user, Role.COUNCIL_MEMBER):
        items.append(NavItem(_("Chấm điểm"), reverse("evaluations:my_entries"), "evaluations", 30))
    if admin or has_role(user, Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY):
        items.append(NavItem(_("Đợt đánh giá"), reverse("evaluations:round_list"), "evaluations", 31))
    if admin or has_role(user, Role.AGRICULTURE_OFFICE, Role.PROVINCE):
        items.append(NavItem(_("Đề nghị công nhận"), reverse("evaluations:proposal_list"), "evaluations", 32))
        items.append(NavItem(_("Công nhận, giám sát"), reverse("evaluations:recognition_list"), "evaluations", 33))
    if can_open(user, Section.CENTRE_RECOGNITION) and not admin:
        items.append(NavItem(_("Đề nghị công nhận 5 sao"), reverse("evaluations:centre_proposal_list"), "evaluations", 32))
    if admin or has_role(user, Role.AGRICULTURE_OFFICE):
        items.append(NavItem(_("Góp ý sản phẩm chưa đạt"), reverse("evaluations:feedback_list"), "evaluations", 34))
    if has_role(user, Role.COMMUNE_OFFICER) and not admin:
        items.append(NavItem(_("Kết quả đánh giá"), reverse("evaluations:feedback_list"), "evaluations", 32))
        items.append(NavItem(_("Kết quả của xã theo năm"), reverse("evaluations:my_commune_results"), "evaluations", 33))
    return items
