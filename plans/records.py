"""The records that can prove a plan's task: the unit's events, training courses and study tours,
evaluation rounds and news articles (plans sits at the top of the chain and reads these apps)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evaluations.models import Round
from promotion.models import Article, Course, Event


def _sources(task):
    unit = task.activity.section.plan.unit
    year = task.activity.section.plan.year
    return [
        (Event, _("Hoạt động"), Event.objects.filter(district=unit, start_date__year=year)),
        (Course, _("Tập huấn, học tập"), Course.objects.filter(district=unit, start_date__year=year)),
        (Round, _("Đợt đánh giá"), Round.objects.filter(district=unit, year=year)),
        (Article, _("Bài viết"), Article.objects.filter(district=unit, created_at__year=year)),
    ]


def choices_for(task) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices "<content type id>:<pk>" for the link form (one query per kind of record)."""
    groups = []
    for model, label, qs in _sources(task):
        ct = ContentType.objects.get_for_model(model)
        options = [(f"{ct.pk}:{obj.pk}", str(obj)) for obj in qs[:200]]
        if options:
            groups.append((label, options))
    return groups


def resolve(task, value: str):
    """The record a form value names, only among the task's own unit and year."""
    try:
        ct_id, pk = (int(part) for part in value.split(":", 1))
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Kết quả không hợp lệ.")) from exc
    for model, _label, qs in _sources(task):
        if ContentType.objects.get_for_model(model).pk == ct_id:
            obj = qs.filter(pk=pk).first()
            if obj is not None:
                return obj
    raise ValidationError(_("Kết quả không thuộc đơn vị và năm của kế hoạch."))
