"""Loading reference data (administrative units) from fixtures/ idempotently."""

import datetime
import json
from pathlib import Path

from django.conf import settings

UNITS_FIXTURE = "administrative_units_luc_nam_2021.json"


def fixture_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / name


def fixture_date(value: str | None) -> datetime.date | None:
    """A fixture's ISO date ("2021-08-26"), or None for an empty or missing one."""
    return datetime.date.fromisoformat(value) if value else None


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


REFORM_FIXTURE = "administrative_units_reform_2025.json"


def load_reform(unit_model=None, name: str = REFORM_FIXTURE) -> int:
    """The 2025 reform: new units with their validity and source, then the end (valid_to) and the
    successor of every unit it replaced. Idempotent; loaded after the 2021 units."""
    from .text import fold, nfc

    if unit_model is None:
        from .models import AdministrativeUnit as unit_model
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    created = {}
    for row in data["units"]:
        name_ = nfc(row["name"])
        unit, _ = unit_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"], "name": name_, "name_search": fold(name_),
                "parent": unit_model.objects.get(code=row["parent"]) if row["parent"] else None,
                "sort_order": row.get("sort_order", 0), "valid_from": row.get("valid_from"),
                "valid_to": row.get("valid_to"), "legal_basis": nfc(row.get("legal_basis", "")),
                "verified": bool(row.get("verified")), "source": nfc(row.get("source", "")),
            },
        )
        created[unit.code] = unit
        for code in row.get("predecessors", []):
            unit_model.objects.filter(code=code).update(
                valid_to="2025-06-30", successor=unit,
                source=nfc(f"Đơn vị kế thừa từ 01/07/2025: xã {name_} — {row.get('source', '')}"),
            )
    for row in data["ends"]:
        successor = unit_model.objects.get(code=row["successor"]) if row.get("successor") else None
        unit_model.objects.filter(code=row["code"]).update(
            valid_to=row["valid_to"], successor=successor, source=nfc(row.get("note", "")),
        )
    return len(created)


def load_reference() -> dict:
    return {"units": load_units(), "reform_2025": load_reform()}
