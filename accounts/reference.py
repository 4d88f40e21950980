"""Loading reference data (administrative units) from fixtures/ idempotently."""

import json
from pathlib import Path

from django.conf import settings

UNITS_FIXTURE = "administrative_units_luc_nam_2021.json"


def fixture_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / name


def load_units(unit_model=None, name: str = UNITS_FIXTURE) -> int:
    """Create or update the units of a fixture (matched by code). Works with historical models."""
    from .text import fold, nfc

    if unit_model is None:
        from .models import AdministrativeUnit as unit_model
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    by_code = {}
    for row in data["units"]:
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if row["parent"] and parent is None:
            parent = unit_model.objects.get(code=row["parent"])
        name_ = nfc(row["name"])
        unit, _ = unit_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name": name_,
                "name_search": fold(name_),
                "parent": parent,
                "sort_order": row.get("sort_order", 0),
                "valid_from": row.get("valid_from"),
                "valid_to": row.get("valid_to"),
                "legal_basis": row.get("legal_basis", ""),
            },
        )
        by_code[unit.code] = unit
    return len(by_code)


def load_reference() -> int:
    return load_units()
