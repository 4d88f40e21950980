"""State changes of the stats app: a programme's targets (with a history row on the programme)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.workflow import DomainError, ensure, record_event

from .models import Metric, Programme, Target
from .permissions import can_edit_targets


@dataclass(frozen=True)
class TargetValue:
    metric: str
    min_stars: int = 0
    minimum: int | None = None  # None: no target (an existing one is removed)
    maximum: int | None = None
    source: str = ""


@transaction.atomic
def programme_ensure(*, unit, year: int, actor, name: str = "", source: str = "") -> Programme:
    """The unit's programme of the year, created when missing (by someone who may edit it)."""
    ensure(can_edit_targets(actor, unit) if actor is not None else True, _("Bạn không có quyền lập chỉ tiêu cho đơn vị này."))
    programme, created = Programme.objects.get_or_create(unit=unit, year=year, defaults={"name": name, "source": source})
    if created:
        record_event(programme, actor=actor, label="created", workflow="programme")
    return programme


@transaction.atomic
def targets_update(*, programme: Programme, values: list[TargetValue], actor) -> Programme:
    """Set the programme's targets; one history row lists what changed ("old → new")."""
    programme = Programme.objects.select_for_update(of=("self",)).select_related("unit").get(pk=programme.pk)
    if actor is not None:
        ensure(can_edit_targets(actor, programme.unit), _("Bạn không có quyền sửa chỉ tiêu của đơn vị này."))
    current = {(t.metric, t.min_stars): t for t in programme.targets.all()}
    changes = []
    for value in values:
        if value.metric not in Metric.values:
            raise DomainError(_("Chỉ tiêu không hợp lệ."))
        stars = value.min_stars if value.metric == Metric.RECOGNISED else 0
        if value.metric == Metric.RECOGNISED and not 1 <= stars <= 5:
            raise DomainError(_("Hạng sao phải từ 1 đến 5."))
        if value.minimum is not None and value.minimum < 0:
            raise DomainError(_("Chỉ tiêu không được âm."))
        if value.minimum is not None and value.maximum is not None and value.maximum < value.minimum:
            raise DomainError(_("Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu."))
        existing = current.get((value.metric, stars))
        before = existing.range_text if existing else "—"
        if value.minimum is None:
            if existing is not None:
                label = existing.label
                existing.delete()
                changes.append(f"{label}: {before} → —")
            continue
        if existing is None:
            target = Target(programme=programme, metric=value.metric, min_stars=stars, minimum=value.minimum,
                            maximum=value.maximum, source=value.source, updated_by=actor)
            target.full_clean()
            target.save()
        elif (existing.minimum, existing.maximum) != (value.minimum, value.maximum) or (
            value.source and value.source != existing.source
        ):
            target = existing
            target.minimum, target.maximum, target.updated_by = value.minimum, value.maximum, actor
            target.source = value.source or target.source
            target.full_clean()
            target.save(update_fields=["minimum", "maximum", "source", "updated_by", "updated_at"])
        else:
            continue
        changes.append(f"{target.label}: {before} → {target.range_text}")
    if changes:
        record_event(programme, actor=actor, label="targets_changed", note="\n".join(changes), workflow="targets")
        programme.save(update_fields=["updated_at"])
    return programme
