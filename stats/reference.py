"""Reference data of the stats app: the common sectors (fixtures/stats_sector_groups.json)."""

import json

from django.db.models import Q

from accounts.reference import fixture_path
from accounts.text import nfc

SECTOR_GROUPS = "stats_sector_groups.json"
LEVEL_OF = {"QD1048": "sector", "QD148": "subgroup"}


def load_sector_groups(apps=None) -> int:
    """Create/update the common sectors and map the categories that exist (idempotent): a 1048
    sector with its groups and sub-groups, a 148 product set.

    A classification not loaded yet (148 before the evaluations reference data) is skipped; the
    next load maps it."""
    get = apps.get_model if apps is not None else _get_model
    group_model, member_model = get("stats", "SectorGroup"), get("stats", "SectorGroupMember")
    category_model = get("registrations", "ProductCategory")
    data = json.loads(fixture_path(SECTOR_GROUPS).read_text(encoding="utf-8"))
    mapped = 0
    for order, spec in enumerate(data["groups"], 1):
        group, _ = group_model.objects.update_or_create(
            code=spec["code"], defaults={"name": nfc(spec["name"]), "sort_order": order}
        )
        for classification, level in LEVEL_OF.items():
            codes = spec.get(classification, [])
            own = Q(level=level, code__in=codes)
            if level == "sector":  # a 1048 sector's groups and sub-groups count in its common sector
                own |= Q(parent__level="sector", parent__code__in=codes)
                own |= Q(parent__parent__level="sector", parent__parent__code__in=codes)
            categories = category_model.objects.filter(own, classification__code=classification)
            for category in categories:
                member_model.objects.update_or_create(category=category, defaults={"group": group})
                mapped += 1
    return mapped


def load_reference() -> dict:
    return {"sector_categories_mapped": load_sector_groups()}


def _get_model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)
