"""Reference data of the evaluations app: the criteria sets of Decision 1048/QĐ-TTg (2019, 25 sheets)
and Decision 148/QĐ-TTg (2023, 26 sheets) with their star thresholds, from fixtures/.

The sheets are third-party transcriptions (fixtures/SOURCES_ocop_criteria.md): loaded as they are,
marked unverified; a sheet whose sums fail is stored, flagged (is_valid=False, problems listed) and
cannot be used for scoring until an officer corrects it. Idempotent: a sheet whose content did not
change is left alone; a changed fixture adds a new version (scored versions are never modified).
Works with the historical models of a data migration (pass `apps`).
"""

import datetime
import json

from accounts.reference import fixture_path
from accounts.text import nfc

from .criteria import content_hash, create_sheet_rows, normalised_for_hash, sheet_from_fixture, validate_sheet

CLASSIFICATION_148 = "QD148"

SETS = [
    {
        "code": "QD1048",
        "fixture": "ocop_1048_score_sheets.json",
        "classification": "QD1048",
        "name": "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (Quyết định 1048/QĐ-TTg)",
        "legal_basis": "Quyết định 1048/QĐ-TTg ngày 21/8/2019 của Thủ tướng Chính phủ (có thể đã được sửa đổi bởi "
        "Quyết định 781/QĐ-TTg ngày 08/6/2020). Phiếu chấm do bên thứ ba chép lại, chưa đối chiếu văn bản gốc.",
        "valid_from": datetime.date(2019, 8, 21),
        "valid_to": datetime.date(2023, 2, 23),
    },
    {
        "code": "QD148",
        "fixture": "ocop_148_score_sheets.json",
        "classification": CLASSIFICATION_148,
        "name": "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (Quyết định 148/QĐ-TTg)",
        "legal_basis": "Quyết định 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ. Phiếu chấm do bên thứ ba chép lại "
        "(nguồn không ghi số quyết định), chưa đối chiếu văn bản gốc.",
        "valid_from": datetime.date(2023, 2, 24),
        "valid_to": None,
    },
]

# Star bands of Decision 1048 Art. 1.2 (reported, fixtures/ocop_1048_taxonomy.json "star_ranks");
# Decision 148/2023 keeps the same bands (reported). Rows: at least `min_points` → stars.
THRESHOLDS = [(0, 1), (30, 2), (50, 3), (70, 4), (90, 5)]


def _models(apps):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    names = ["CriteriaSet", "StarThreshold", "ScoreSheet", "SheetPart", "Criterion", "Level"]
    found = {n: apps.get_model("evaluations", n) for n in names}
    found["ProductClassification"] = apps.get_model("registrations", "ProductClassification")
    found["ProductCategory"] = apps.get_model("registrations", "ProductCategory")
    return found


def _classification_148(m):
    classification, _ = m["ProductClassification"].objects.get_or_create(
        code=CLASSIFICATION_148,
        defaults={
            "name": "Bộ sản phẩm OCOP theo Quyết định 148/QĐ-TTg",
            "legal_basis": "Quyết định 148/QĐ-TTg ngày 24/02/2023 (26 bộ sản phẩm, tên theo phiếu chấm; chưa có cây ngành/nhóm)",
            "valid_from": datetime.date(2023, 2, 24),
            "verified": False,
        },
    )
    return classification


def _subgroup_for(m, spec, sheet, classification):
    Category = m["ProductCategory"]
    if spec["code"] == "QD1048":
        return Category.objects.get(classification=classification, level="subgroup", code=str(sheet["taxonomy_subgroup_code"]))
    obj, _ = Category.objects.update_or_create(
        classification=classification, level="subgroup", code=str(sheet["set_no"]),
        defaults={"name": nfc(sheet["subgroup"]), "parent": None, "sort_order": int(sheet["set_no"])},
    )
    return obj


def load_criteria_set(spec: dict, apps=None) -> dict:
    m = _models(apps)
    ProductClassification = m["ProductClassification"]
    if spec["classification"] == CLASSIFICATION_148:
        classification = _classification_148(m)
    else:
        classification = ProductClassification.objects.get(code=spec["classification"])
    criteria_set, _ = m["CriteriaSet"].objects.update_or_create(
        code=spec["code"],
        defaults={
            "name": spec["name"], "legal_basis": spec["legal_basis"], "classification": classification,
            "valid_from": spec["valid_from"], "valid_to": spec["valid_to"],
        },
        # An officer's "verified" mark survives a reload of the reference data.
        create_defaults={
            "name": spec["name"], "legal_basis": spec["legal_basis"], "classification": classification,
            "valid_from": spec["valid_from"], "valid_to": spec["valid_to"], "verified": False,
        },
    )
    for min_points, stars in THRESHOLDS:
        m["StarThreshold"].objects.get_or_create(criteria_set=criteria_set, stars=stars, defaults={"min_points": min_points})
    sheets = json.loads(fixture_path(spec["fixture"]).read_text(encoding="utf-8"))
    created = unchanged = 0
    for raw in sheets:
        data = sheet_from_fixture(raw)
        digest = content_hash(normalised_for_hash(data))
        subgroup = _subgroup_for(m, spec, raw, classification)
        Sheet = m["ScoreSheet"]
        current = Sheet.objects.filter(criteria_set=criteria_set, subgroup=subgroup, is_current=True).first()
        if current is not None and (current.source_hash == digest or current.origin != "fixture"):
            unchanged += 1
            continue
        version = 1
        if current is not None:
            version = current.version + 1
            Sheet.objects.filter(pk=current.pk).update(is_current=False)
        problems = validate_sheet(data)
        sheet = Sheet.objects.create(
            criteria_set=criteria_set, subgroup=subgroup, name=nfc(data["name"]), version=version, is_current=True,
            is_valid=not problems, problems=problems, verified=bool(raw.get("verified")), origin="fixture",
            source=raw.get("source", ""), source_hash=digest,
        )
        create_sheet_rows(apps_models=m, sheet_obj=sheet, data=data)
        created += 1
    return {"sheets_created": created, "sheets_unchanged": unchanged}


def load_reference(apps=None) -> dict:
    return {spec["code"]: load_criteria_set(spec, apps) for spec in SETS}
