"""Who may see and change a plan. A body's staff hold the portal role whose code is the body's
(models.Body), in the plan's unit or, for communes, in one of its communes."""

from accounts.permissions import _assignments, is_admin
from accounts.roles import Role

from .models import Body, Plan, Task

SUPERVISION = Body.FRONT.value  # the Fatherland Front's supervision role: reads, remarks, never edits
OFFICE = Role.AGRICULTURE_OFFICE.value


def _in_unit(assignment, unit) -> bool:
    """The assignment's unit is the plan's unit, one of its communes, or the province above it."""
    own = assignment.unit
    if own is None:
        return False
    return own.pk == unit.pk or own.parent_id == unit.pk or own.pk == unit.parent_id


def bodies_of(user, unit) -> set[str]:
    """The plan bodies the user acts for in `unit` (a commune officer acts for "the communes")."""
    return {
        a.role for a in _assignments(user)
        if a.role in Body.values and a.unit is not None
        and (a.unit.pk == unit.pk or a.unit.parent_id == unit.pk)
    }


def can_view_plan(user, plan: Plan) -> bool:
    return is_admin(user) or any(_in_unit(a, plan.unit) for a in _assignments(user))


def can_manage_plan(user, plan: Plan) -> bool:
    """The agriculture office of the plan's unit leads the programme (plan III.1)."""
    return is_admin(user) or OFFICE in bodies_of(user, plan.unit)


def can_update_task(user, task: Task) -> bool:
    """The lead body's staff (and the office); supervision is read-only, so the office updates the
    Front's own tasks from what the Front reports."""
    plan = task.activity.section.plan
    if can_manage_plan(user, plan):
        return True
    return task.lead_body != SUPERVISION and task.lead_body in bodies_of(user, plan.unit)


def can_remark(user, plan: Plan) -> bool:
    return SUPERVISION in bodies_of(user, plan.unit)


def can_open_plans(user) -> bool:
    """Any staff member of a unit (plans are the unit's shared work), and administrators."""
    return is_admin(user) or any(a.unit_id for a in _assignments(user))


# Producer support cases (plan II.5): the producer's district runs them; its commune sees them.


def _district_of(producer):
    return producer.commune.parent


def can_open_case(user, producer) -> bool:
    """The agriculture office of the producer's district, or its commune's officer."""
    if is_admin(user):
        return True
    bodies = bodies_of(user, _district_of(producer))
    return OFFICE in bodies or any(
        a.role == Role.COMMUNE_OFFICER and a.unit_id == producer.commune_id for a in _assignments(user)
    )


def can_update_case(user, case) -> bool:
    """The office and the body that provides the support (not the supervision role)."""
    district = _district_of(case.producer)
    if is_admin(user) or OFFICE in bodies_of(user, district):
        return True
    return case.provider_body != SUPERVISION and case.provider_body in bodies_of(user, district)


def can_record_case_cost(user, case) -> bool:
    """Spending goes through the budget: the finance office of the producer's district."""
    return is_admin(user) or Role.FINANCE_OFFICE in bodies_of(user, _district_of(case.producer))
