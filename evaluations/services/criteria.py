"""Criteria sheets: a new version of a sub-group's score sheet (validated; scored versions stay)."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.workflow import ensure, record_event

from ..criteria import content_hash, create_sheet_rows, normalised_for_hash, validate_sheet
from ..models import CriteriaSet, Criterion, Level, ScoreSheet, SheetPart
from ..permissions import can_edit_criteria

SHEET_MODELS = {"SheetPart": SheetPart, "Criterion": Criterion, "Level": Level}


@transaction.atomic
def sheet_save_version(
    *, criteria_set: CriteriaSet, subgroup, data: dict, actor, origin: str = ScoreSheet.Origin.IMPORT
) -> ScoreSheet:
    """Store `data` as the new current version of the sub-group's sheet. It is validated (parts add
    up to their maxima and to 100); a failing sheet is stored but flagged and cannot be scored.
    Earlier versions stay untouched, so score cards keep the version they were scored on."""
    ensure(actor is None or can_edit_criteria(actor), _("Bạn không có quyền sửa bộ tiêu chí."))
    digest = content_hash(normalised_for_hash(data))
    current = (
        ScoreSheet.objects.select_for_update().filter(criteria_set=criteria_set, subgroup=subgroup, is_current=True).first()
    )
    if current is not None and current.source_hash == digest:
        return current
    version = 1
    if current is not None:
        version = current.version + 1
        current.is_current = False
        current.save(update_fields=["is_current"])
    last = ScoreSheet.objects.filter(criteria_set=criteria_set, subgroup=subgroup).aggregate(v=Max("version"))["v"] or 0
    version = max(version, last + 1)
    problems = validate_sheet(data)
    sheet = ScoreSheet.objects.create(
        criteria_set=criteria_set, subgroup=subgroup, name=data["name"][:255], version=version, is_current=True,
        is_valid=not problems, problems=problems, origin=origin, source_hash=digest, created_by=actor,
    )
    create_sheet_rows(apps_models=SHEET_MODELS, sheet_obj=sheet, data=data)
    record_event(sheet, actor=actor, label="sheet_version", note=f"{criteria_set.code} v{version}", workflow="criteria")
    return sheet


def sheet_for(criteria_set: CriteriaSet, subgroup) -> ScoreSheet | None:
    if subgroup is None:
        return None
    return ScoreSheet.objects.filter(criteria_set=criteria_set, subgroup=subgroup, is_current=True).first()
