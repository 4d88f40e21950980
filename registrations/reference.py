"""Loading the OCOP product classification (Decision 1048/2019: 6 sectors, 16 groups, 26 sub-groups)
from fixtures/ocop_1048_taxonomy.json (third-party transcription, marked unverified). Idempotent."""

import datetime
import json

from accounts.reference import fixture_path
from accounts.text import nfc

TAXONOMY_1048 = "ocop_1048_taxonomy.json"
CLASSIFICATION_1048 = "QD1048"


def load_taxonomy_1048(classification_model=None, category_model=None):
    if classification_model is None:
        from .models import ProductCategory as category_model
        from .models import ProductClassification as classification_model
    data = json.loads(fixture_path(TAXONOMY_1048).read_text(encoding="utf-8"))
    classification, _ = classification_model.objects.update_or_create(
        code=CLASSIFICATION_1048,
        defaults={
            "name": "Bộ tiêu chí OCOP theo Quyết định 1048/QĐ-TTg",
            "legal_basis": nfc(data["legal_basis"]),
            "valid_from": datetime.date(2019, 8, 21),
            "valid_to": datetime.date(2023, 2, 23),
            "verified": bool(data.get("verified")),
        },
    )

    def upsert(level, code, name, parent, order, ministry=""):
        obj, _ = category_model.objects.update_or_create(
            classification=classification, level=level, code=code,
            defaults={"name": nfc(name), "parent": parent, "sort_order": order, "ministry": nfc(ministry)},
        )
        return obj

    for s_order, sector in enumerate(data["sectors"], 1):
        s = upsert("sector", sector["code"], sector["name"], None, s_order)
        for g_order, group in enumerate(sector["groups"], 1):
            g = upsert("group", group["code"], group["name"], s, g_order)
            for sg_order, sub in enumerate(group["subgroups"], 1):
                upsert("subgroup", sub["code"], sub["name"], g, sg_order, sub.get("ministry", ""))
    return classification


def load_reference() -> str:
    classification = load_taxonomy_1048()
    return f"{classification}; {load_dossier_requirements()} dossier requirements"


DOSSIER_REQUIREMENTS = "registrations_dossier_requirements.json"


def load_dossier_requirements(requirement_model=None) -> int:
    """The completeness checklist per registration kind (required and recommended documents)."""
    if requirement_model is None:
        from .models import DossierRequirement as requirement_model
    data = json.loads(fixture_path(DOSSIER_REQUIREMENTS).read_text(encoding="utf-8"))
    valid_from = datetime.date.fromisoformat(data["valid_from"])
    count = 0
    for kind, required in data["requirements"].items():
        rows = [(code, True) for code in required] + [(code, False) for code in data.get("recommended", [])]
        for order, (doc_type, is_required) in enumerate(rows, 1):
            requirement_model.objects.update_or_create(
                kind=kind, doc_type=doc_type, valid_from=valid_from,
                defaults={"required": is_required, "legal_basis": nfc(data["legal_basis"]), "sort_order": order},
            )
            count += 1
    return count
