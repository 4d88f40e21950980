"""Loading the procedures (fixtures/procedures.json) idempotently; works with historical models."""

import json
from decimal import Decimal

from accounts.reference import fixture_date, fixture_path
from accounts.text import nfc

PROCEDURES_FIXTURE = "procedures.json"


def load_procedures(procedure_model=None, stage_model=None, name: str = PROCEDURES_FIXTURE) -> int:
    if procedure_model is None:
        from .models import Procedure as procedure_model
        from .models import Stage as stage_model
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    for row in data["procedures"]:
        procedure, _ = procedure_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": nfc(row["name"]),
                "legal_basis": nfc(row["legal_basis"]),
                "valid_from": fixture_date(row["valid_from"]),
                "valid_to": fixture_date(row.get("valid_to")),
                "verified": bool(row.get("verified")),
                "source": nfc(row.get("source", "")),
                "note": nfc(row.get("note", "")),
            },
        )
        stage_model.objects.filter(procedure=procedure).delete()
        stage_model.objects.bulk_create([
            stage_model(
                procedure=procedure, order=order, level=stage["level"], action=stage["action"],
                actor=nfc(stage.get("actor", "")), description=nfc(stage.get("description", "")),
                min_stars=stage.get("min_stars"), max_stars=stage.get("max_stars"),
                forward_min_points=Decimal(stage["forward_min_points"]) if stage.get("forward_min_points") else None,
                to_level=stage.get("to_level", ""), documents=nfc(stage.get("documents", "")),
            )
            for order, stage in enumerate(row["stages"], 1)
        ])
    return len(data["procedures"])


def load_reference() -> int:
    return load_procedures()
