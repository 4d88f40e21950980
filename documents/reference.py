"""Loading issuing bodies and symbol patterns from fixtures/documents_symbols.json (idempotent)."""

import json

from accounts.reference import fixture_path
from accounts.text import nfc

SYMBOLS_FIXTURE = "documents_symbols.json"


def load_symbols(body_model=None, pattern_model=None, name: str = SYMBOLS_FIXTURE) -> int:
    if body_model is None:
        from .models import IssuerBody as body_model
        from .models import SymbolPattern as pattern_model
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    basis = nfc(data.get("legal_basis", ""))
    bodies = {}
    for row in data["bodies"]:
        bodies[row["code"]], _ = body_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": nfc(row["name"]), "superior": nfc(row.get("superior", "")),
                "abbreviation": nfc(row["abbreviation"]), "signing_authority": row.get("signing_authority", ""),
                "signing_collective": nfc(row.get("signing_collective", "")),
                "signer_title": nfc(row.get("signer_title", "")), "legal_basis": basis,
            },
        )
    for row in data["symbols"]:
        pattern_model.objects.update_or_create(
            body=bodies[row["body"]], kind=row["kind"], valid_from=row.get("valid_from"),
            defaults={"pattern": nfc(row["pattern"]), "valid_to": row.get("valid_to"), "legal_basis": basis},
        )
    return len(data["symbols"])


def load_reference() -> int:
    return load_symbols()
