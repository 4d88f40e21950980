"""The one workflow helper every app uses.

A workflow is readable data: ``{from_state: {to_state: {roles allowed}}}``. ``transition()``
checks the move against it, changes the object's state field, saves it with ``update_fields``
and appends a ``StatusChange`` row. Callers are services, already inside ``transaction.atomic``
with the row locked; scope checks (which commune, which council) stay in the service's
permission predicate.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from . import clock
from .models import StatusChange


class DomainError(Exception):
    """A business rule refused an action; the message is shown to the user as is."""


class InvalidTransition(DomainError):
    pass


def ensure(condition: bool, message: str) -> None:
    """Raise PermissionDenied with a user-facing message unless `condition` holds."""
    if not condition:
        raise PermissionDenied(message)


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: Mapping[str, Mapping[str, Iterable[str]]]
    field: str = "status"

    def targets(self, from_state: str) -> Mapping[str, Iterable[str]]:
        return self.transitions.get(from_state, {})

    def allows(self, from_state: str, to_state: str, roles: Iterable[str] | None = None) -> bool:
        allowed_roles = self.targets(from_state).get(to_state)
        if allowed_roles is None:
            return False
        if roles is None:
            return True
        return bool(set(allowed_roles) & set(roles))


def transition(
    obj: models.Model,
    *,
    workflow: Workflow,
    to: str,
    actor,
    note: str = "",
    extra_update_fields: Iterable[str] = (),
) -> StatusChange:
    """Move `obj` to state `to` if `workflow` allows it for one of the actor's roles."""
    from .permissions import roles_of  # local: permissions imports models only

    from_state = getattr(obj, workflow.field)
    if to not in workflow.targets(from_state):
        raise InvalidTransition(
            _("Không thể chuyển từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": _state_label(obj, workflow.field, from_state), "to": _state_label(obj, workflow.field, to)}
        )
    if actor is not None and not workflow.allows(from_state, to, roles_of(actor)):
        raise PermissionDenied(_("Vai trò của bạn không được thực hiện bước chuyển trạng thái này."))
    setattr(obj, workflow.field, to)
    update_fields = {workflow.field, *extra_update_fields}
    if any(f.name == "updated_at" for f in obj._meta.get_fields()):
        update_fields.add("updated_at")
    obj.save(update_fields=sorted(update_fields))
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        workflow=workflow.name,
        from_state=from_state or "",
        to_state=to,
        actor=actor,
        note=note or "",
        at=clock.now(),
    )


def record_event(obj: models.Model, *, actor, label: str, note: str = "", workflow: str = "event") -> StatusChange:
    """Append a history row for an action that does not change the state (e.g. a reopened sheet)."""
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        workflow=workflow,
        from_state="",
        to_state=label,
        actor=actor,
        note=note or "",
        at=clock.now(),
    )


def record_events(objs, *, actor, label: str, note: str = "", workflow: str = "event") -> list[StatusChange]:
    """Batch form of record_event: one history row per object (all of one model), one INSERT per
    batch. For services that create many rows at once (an Excel import)."""
    objs = list(objs)
    if not objs:
        return []
    content_type, at = ContentType.objects.get_for_model(objs[0], for_concrete_model=True), clock.now()
    return StatusChange.objects.bulk_create([
        StatusChange(content_type=content_type, object_id=obj.pk, workflow=workflow, from_state="", to_state=label,
                     actor=actor, note=note or "", at=at)
        for obj in objs
    ], batch_size=1000)


def transition_many(objs, *, workflow: Workflow, to: str, actor, note: str = "") -> list[StatusChange]:
    """Batch form of transition() for objects of one model already saved: every object's move is
    checked against the workflow and the actor's roles as transition() checks it, then one UPDATE
    and one INSERT of history rows per batch. The caller holds the rows (it created them in the
    same transaction, or locked them)."""
    from .permissions import roles_of

    objs = list(objs)
    if not objs:
        return []
    roles = roles_of(actor) if actor is not None else None
    for from_state in sorted({getattr(obj, workflow.field) for obj in objs}):
        if to not in workflow.targets(from_state):
            raise InvalidTransition(
                _("Không thể chuyển từ trạng thái “%(from)s” sang “%(to)s”.")
                % {"from": _state_label(objs[0], workflow.field, from_state),
                   "to": _state_label(objs[0], workflow.field, to)}
            )
        if roles is not None and not workflow.allows(from_state, to, roles):
            raise PermissionDenied(_("Vai trò của bạn không được thực hiện bước chuyển trạng thái này."))
    model = type(objs[0])
    from_states = [getattr(obj, workflow.field) for obj in objs]
    values = {workflow.field: to}
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        values["updated_at"] = clock.now()
    pks = [obj.pk for obj in objs]
    for start in range(0, len(pks), 1000):
        model._base_manager.filter(pk__in=pks[start:start + 1000]).update(**values)
    for obj in objs:
        for key, value in values.items():
            setattr(obj, key, value)
    content_type, at = ContentType.objects.get_for_model(model, for_concrete_model=True), clock.now()
    return StatusChange.objects.bulk_create([
        StatusChange(content_type=content_type, object_id=obj.pk, workflow=workflow.name, from_state=from_state or "",
                     to_state=to, actor=actor, note=note or "", at=at)
        for obj, from_state in zip(objs, from_states, strict=True)
    ], batch_size=1000)


_STATE_LABELS: dict[str, str] = {}


def register_state_labels(labels: Mapping[str, str]) -> None:
    """Let an app name its states and events for every history page (call it in AppConfig.ready()).

    History rows of one object can come from several apps (a registration is scheduled and rated by
    evaluations), so the labels live in one registry rather than in each app's views.
    """
    _STATE_LABELS.update(labels)


def state_label(code: str) -> str:
    """The Vietnamese label of a state or event code ("scheduled" → "Xếp vào đợt đánh giá")."""
    return str(_STATE_LABELS.get(code, code))


def history_of(obj: models.Model):
    """The object's status history, oldest first, with the actor loaded (one query)."""
    return (
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def labelled_history(obj) -> list[StatusChange]:
    """The object's history rows with Vietnamese labels (`from_label`, `to_label`) for the shared
    history table (templates/registrations/_history.html)."""
    rows = list(history_of(obj))
    for row in rows:
        row.from_label, row.to_label = state_label(row.from_state), state_label(row.to_state)
    return rows


def _state_label(obj, field, value):
    try:
        choices = dict(obj._meta.get_field(field).choices or [])
    except Exception:  # noqa: BLE001 - a label is cosmetic; fall back to the raw value
        choices = {}
    return choices.get(value, value)
