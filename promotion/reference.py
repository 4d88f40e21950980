"""Reference data of the promotion app: the eligibility rule for trade-promotion events."""

import json

from accounts.reference import fixture_date, fixture_path

FIXTURE = "promotion_eligibility_rules.json"


def load_reference(apps=None) -> dict:
    """Load (idempotently, by start date) the rules of fixtures/promotion_eligibility_rules.json.

    `apps` is given by the data migration (historical models)."""
    model = (apps.get_model("promotion", "EventEligibilityRule") if apps is not None else _model())
    rows = json.loads(fixture_path(FIXTURE).read_text(encoding="utf-8"))
    created = 0
    for row in rows:
        _, was_created = model.objects.update_or_create(
            valid_from=fixture_date(row["valid_from"]),
            defaults={
                "min_stars": row["min_stars"],
                "legal_basis": row["legal_basis"],
                "valid_to": fixture_date(row.get("valid_to")),
            },
        )
        created += was_created
    return {"eligibility_rules_created": created}


def _model():
    from .models import EventEligibilityRule

    return EventEligibilityRule
