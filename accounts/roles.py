"""The portal's roles: one declaration (`RoleSpec`) per role, read by every scoped selector, every
per-object check, the home page, the navigation and the generated URL × role access tests.

Roles are rows (RoleAssignment), never boolean flags on the user. Adding a role means adding one
`RoleSpec` below: a role without one fails `accounts/tests/test_roles.py`, and a URL without a
section fails the generated access test (`<app>/access.py` declares each URL's section).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ UBND xã/thị trấn")
    AGRICULTURE_OFFICE = "agriculture_office", _("Phòng Nông nghiệp và PTNT")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng")
    FINANCE_OFFICE = "finance_office", _("Phòng Tài chính - Kế hoạch")
    ECONOMY_OFFICE = "economy_office", _("Phòng Kinh tế - Hạ tầng")
    HEALTH_OFFICE = "health_office", _("Phòng Y tế")
    CULTURE_OFFICE = "culture_office", _("Phòng Văn hóa - Thông tin")
    CULTURE_CENTRE = "culture_centre", _("Trung tâm Văn hóa - Thông tin và Thể thao")
    ENVIRONMENT_OFFICE = "environment_office", _("Phòng Tài nguyên và Môi trường")
    SUPERVISION = "supervision", _("Ủy ban MTTQ (giám sát)")
    PROVINCE = "province", _("Sở NN&PTNT / UBND tỉnh")
    MINISTRY = "ministry", _("Bộ Nông nghiệp và Môi trường")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    NATIONAL_ADMIN = "national_admin", _("Quản trị dữ liệu toàn quốc")
    ADMIN = "admin", _("Quản trị hệ thống")
    PRODUCER = "producer", _("Chủ thể (người đại diện)")


class Level(StrEnum):
    """The unit levels a role's assignment may be scoped to."""

    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"
    NATION = "nation"  # no unit: the whole country


class Sees(StrEnum):
    """Which states of the programme's records (registrations, their documents, results,
    recognitions, entitlements) a role may see inside its units. Each app turns the token into a
    condition on its own model (`<app>/selectors.py`, the `VISIBILITY` maps); a token an app does
    not map shows nothing there (fail closed)."""

    EVERYTHING = "everything"          # every state, the commune's drafts included (own commune / admin)
    SENT = "sent"                      # everything the commune has sent: no draft
    OWN_ROUNDS = "own_rounds"          # products in the rounds of the councils the user sits on
    COUNCILS_ROUNDS = "councils_rounds"  # products in the rounds of its units' councils
    RECOGNISED = "recognised"          # recognised products and their entitlements
    FORWARDED = "forwarded"            # forwarded to / proposed at its level (and what it recognised)
    NOTHING = "nothing"


class Section(StrEnum):
    """Groups of pages. Each URL pattern belongs to one section (`<app>/access.py`); a role opens the
    pages of the sections it declares. PUBLIC and ACCOUNT pages are open to everyone / every user."""

    PUBLIC = "public"                  # anonymous visitors included
    ACCOUNT = "account"                # any signed-in user (password, own jobs, home redirect)
    DOSSIERS = "dossiers"              # registrations and producers (read; edit by predicate)
    COMMUNE_DESK = "commune_desk"      # the commune's own work: lists, new producers and registrations
    COMMUNE_LISTS = "commune_lists"    # the communes' lists (the commune's own; the office's received)
    IMPORT = "import"                  # Excel import of registrations
    OFFICE_DESK = "office_desk"        # inbox, reviews, forwarding to the province
    DISTRICT_LIST = "district_list"    # the consolidated list and its export
    FORWARDINGS = "forwardings"        # forwarding letters and packages (office and province)
    ROUNDS = "rounds"                  # rounds and councils to read (office, secretary, members)
    ROUND_OFFICE = "round_office"      # open/close/publish a round, its minutes (office, secretary)
    SECRETARIAT = "secretariat"        # conclusions, reopening a sheet (the secretary)
    SCORECARDS = "scorecards"          # printed score sheets
    COUNCILS = "councils"              # councils and their members (office)
    SCORING = "scoring"                # the member's score sheets
    CRITERIA = "criteria"              # criteria sets and score sheets (read)
    CRITERIA_EDIT = "criteria_edit"    # national reference data: import/edit score sheets (national only)
    RECOGNITIONS = "recognitions"      # proposals and recognition decisions
    RECOGNITION_READ = "recognition_read"  # recognised products, monitoring (read)
    CENTRE_RECOGNITION = "centre_recognition"  # the centre's stage: 5★ for products forwarded to the centre (the ministry)
    COMMUNE_RESULTS = "commune_results"  # a commune's results page (its officers; its district's staff, read)
    PLANS = "plans"                    # the unit's plans and tasks (read; a body updates its own tasks by predicate)
    PLAN_OFFICE = "plan_office"        # copy a plan, answer supervision remarks (the agriculture office)
    PLAN_REMARKS = "plan_remarks"      # leave a supervision remark (the Fatherland Front)
    SUPPORT = "support"                # producer support cases (plan II.5)
    STATS = "stats"                    # the unit's statistics, targets and programme report
    FEEDBACK = "feedback"              # the council's feedback on products below the threshold
    SUBSIDIES = "subsidies"            # entitlements
    SUBSIDY_PROPOSALS = "subsidy_proposals"  # propose (or cancel before approval) an entitlement
    SUBSIDY_POLICIES = "subsidy_policies"
    BUDGET = "budget"                  # budget sources, allocations, expenses, exports
    PROMOTION_OFFICE = "promotion_office"  # events, news, courses (back office)
    OPEN_DATA = "open_data"            # the API key page and the province API
    PRODUCER_DESK = "producer_desk"    # a producer's representative: their own producer's dossiers and page
    REPRESENTATIVES = "representatives"  # the commune invites / revokes producers' representatives
    PAGE_REVIEW = "page_review"        # approve the public pages producers propose (commune, office)
    REGISTER = "register"              # the unit's register of documents (its own staff: district, commune, province)
    REGISTER_EDIT = "register_edit"    # number, issue, upload signed copies (not the read-only roles)


@dataclass(frozen=True)
class RoleSpec:
    role: "Role"
    levels: tuple[Level, ...]          # unit levels an assignment may be scoped to (first: the usual one)
    sees: Sees                         # which states of the records in its units it may see
    home: str                          # URL name of its home page
    sections: frozenset                # the page sections it may open
    read_only: bool = False            # changes nothing (except what its predicates grant by name)
    national: bool = False             # sees every unit (no unit on the assignment)
    priority: int = 100                # which home page wins when a user holds several roles
    slug: str = ""                     # its home page's address: /lam-viec/<slug>/ (Vietnamese, no diacritics)

    @property
    def scope_kind(self) -> str | None:
        return None if self.national else self.levels[0].value


S = Section
_STAFF_LEVELS = (Level.DISTRICT, Level.PROVINCE)  # district staff; after the 2025 reform, province staff
_COMMON = frozenset({S.PUBLIC, S.ACCOUNT})

ROLE_SPECS: dict[str, RoleSpec] = {
    spec.role: spec
    for spec in (
        # Every section but a producer's own pages (it acts for no producer) and the Front's supervision
        # remarks (the Front's own voice: plans.permissions.can_remark).
        RoleSpec(Role.ADMIN, (Level.NATION,), Sees.EVERYTHING, "home_admin",
                 frozenset(Section) - {S.PRODUCER_DESK, S.PLAN_REMARKS}, national=True,
                 priority=0, slug="quan-tri-he-thong"),
        RoleSpec(Role.NATIONAL_ADMIN, (Level.NATION,), Sees.NOTHING, "home_national_admin",
                 _COMMON | {S.CRITERIA, S.CRITERIA_EDIT}, national=True, priority=5, slug="quan-tri-toan-quoc"),
        RoleSpec(Role.UNIT_ADMIN, (Level.PROVINCE, Level.DISTRICT), Sees.NOTHING, "home_unit_admin", _COMMON,
                 priority=90, slug="quan-tri-don-vi"),
        RoleSpec(Role.AGRICULTURE_OFFICE, _STAFF_LEVELS, Sees.SENT, "home_agriculture",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.IMPORT, S.OFFICE_DESK, S.COMMUNE_LISTS, S.DISTRICT_LIST, S.FORWARDINGS,
                            S.ROUNDS, S.ROUND_OFFICE, S.COUNCILS, S.CRITERIA, S.RECOGNITIONS,
                            S.RECOGNITION_READ, S.FEEDBACK, S.SUBSIDIES, S.SUBSIDY_PROPOSALS, S.SUBSIDY_POLICIES, S.PROMOTION_OFFICE, S.PLANS, S.PLAN_OFFICE, S.SUPPORT, S.STATS, S.PAGE_REVIEW,
                            S.COMMUNE_RESULTS},
                 priority=10, slug="phong-nong-nghiep"),
        RoleSpec(Role.COUNCIL_SECRETARY, _STAFF_LEVELS, Sees.COUNCILS_ROUNDS, "home_secretary",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.DISTRICT_LIST, S.ROUNDS, S.ROUND_OFFICE, S.SECRETARIAT,
                            S.SCORECARDS, S.CRITERIA, S.STATS, S.COMMUNE_RESULTS}, priority=20, slug="thu-ky-hoi-dong"),
        RoleSpec(Role.COUNCIL_MEMBER, _STAFF_LEVELS, Sees.OWN_ROUNDS, "home_council",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.SCORING, S.SCORECARDS, S.ROUNDS, S.CRITERIA, S.STATS}, priority=30, slug="hoi-dong"),
        RoleSpec(Role.FINANCE_OFFICE, _STAFF_LEVELS, Sees.RECOGNISED, "home_finance",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.RECOGNITION_READ, S.SUBSIDIES, S.SUBSIDY_POLICIES, S.BUDGET, S.PLANS, S.SUPPORT, S.STATS,
                            S.COMMUNE_RESULTS}, priority=40, slug="phong-tai-chinh"),
        RoleSpec(Role.ECONOMY_OFFICE, _STAFF_LEVELS, Sees.RECOGNISED, "home_economy",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.RECOGNITION_READ, S.PROMOTION_OFFICE, S.PLANS, S.SUPPORT, S.STATS,
                            S.COMMUNE_RESULTS}, priority=50, slug="phong-kinh-te"),
        RoleSpec(Role.PROVINCE, (Level.PROVINCE,), Sees.FORWARDED, "home_province",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.FORWARDINGS, S.DISTRICT_LIST, S.RECOGNITIONS,
                            S.RECOGNITION_READ, S.CRITERIA, S.OPEN_DATA, S.PLANS, S.STATS},
                 priority=60, slug="tinh"),
        # National and read-only, except the centre's stage of the procedure: it records the 5★
        # recognition of products forwarded to the centre (evaluations.permissions.can_record_centre_recognition).
        RoleSpec(Role.MINISTRY, (Level.NATION,), Sees.FORWARDED, "home_ministry",
                 _COMMON | {S.DOSSIERS, S.RECOGNITION_READ, S.CRITERIA, S.CENTRE_RECOGNITION}, read_only=True, national=True,
                 priority=65, slug="bo-nong-nghiep"),
        RoleSpec(Role.HEALTH_OFFICE, _STAFF_LEVELS, Sees.RECOGNISED, "home_health",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.RECOGNITION_READ, S.PLANS, S.SUPPORT}, priority=71, slug="phong-y-te"),
        RoleSpec(Role.CULTURE_OFFICE, _STAFF_LEVELS, Sees.RECOGNISED, "home_culture",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.RECOGNITION_READ, S.PLANS, S.SUPPORT}, priority=72, slug="phong-van-hoa"),
        RoleSpec(Role.CULTURE_CENTRE, _STAFF_LEVELS, Sees.RECOGNISED, "home_culture_centre",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.RECOGNITION_READ, S.PLANS}, priority=73, slug="trung-tam-van-hoa"),
        RoleSpec(Role.ENVIRONMENT_OFFICE, _STAFF_LEVELS, Sees.RECOGNISED, "home_environment",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.RECOGNITION_READ, S.PLANS, S.SUPPORT}, priority=74, slug="phong-tai-nguyen"),
        # Social supervision (plan III.8): reads the plan's progress and the published figures, leaves
        # remarks the office answers; no dossier, no personal data beyond what is public.
        RoleSpec(Role.SUPERVISION, _STAFF_LEVELS, Sees.NOTHING, "home_supervision",
                 _COMMON | {S.REGISTER, S.PLANS, S.PLAN_REMARKS, S.STATS}, read_only=True, priority=80, slug="giam-sat"),
        RoleSpec(Role.COMMUNE_OFFICER, (Level.COMMUNE,), Sees.EVERYTHING, "home_commune",
                 _COMMON | {S.REGISTER, S.REGISTER_EDIT, S.DOSSIERS, S.COMMUNE_DESK, S.COMMUNE_LISTS, S.IMPORT, S.FEEDBACK, S.SUBSIDIES,
                            S.RECOGNITION_READ, S.PLANS, S.SUPPORT, S.REPRESENTATIVES, S.PAGE_REVIEW, S.COMMUNE_RESULTS},
                 priority=70, slug="can-bo-xa"),
        # A producer's representative (issue 15): scoped to one producer through
        # registrations.ProducerRepresentative, not to a unit. The assignment carries the producer's
        # commune only because every non-national assignment names a unit; it grants no visibility
        # over the commune (Sees.NOTHING), so every staff selector shows such a user nothing.
        RoleSpec(Role.PRODUCER, (Level.COMMUNE,), Sees.NOTHING, "home_producer", _COMMON | {S.PRODUCER_DESK},
                 priority=95, slug="chu-the"),
    )
}


def spec(role: str) -> RoleSpec:
    return ROLE_SPECS[Role(role)]


# Derived views of the registry, kept for their callers.
# Which kind of administrative unit usually scopes each role's assignment (None: national).
ROLE_SCOPE_KIND = {role: s.scope_kind for role, s in ROLE_SPECS.items()}

# Home page (URL name) each role lands on after login, in priority order.
ROLE_HOME = {s.role: s.home for s in sorted(ROLE_SPECS.values(), key=lambda s: s.priority)}

# Roles whose assignment covers the whole country.
NATIONAL_ROLES = tuple(role for role, s in ROLE_SPECS.items() if s.national)

# Roles whose accounts approve, pay, record decisions or manage users: they sign in with a second
# factor (TOTP) where settings.OCOP_TWO_FACTOR_REQUIRED is on (production).
TWO_FACTOR_ROLES = frozenset(
    {
        Role.AGRICULTURE_OFFICE,
        Role.COUNCIL_SECRETARY,
        Role.FINANCE_OFFICE,
        Role.PROVINCE,
        Role.MINISTRY,
        Role.UNIT_ADMIN,
        Role.NATIONAL_ADMIN,
        Role.ADMIN,
    }
)
