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
    return str(load_taxonomy_1048())
