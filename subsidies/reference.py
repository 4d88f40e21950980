"""Loading the support policies (rules set by resolutions) from fixtures/subsidies_policies.json.

Idempotent: policies are matched by code and updated; a policy's rules are matched by
(event, stars), updated, and rules no longer in the file are removed. Works with the historical
models of a data migration (pass them in).
"""

import json

from accounts.reference import fixture_date, fixture_path
from accounts.text import nfc

POLICIES_FIXTURE = "subsidies_policies.json"


def load_policies(policy_model=None, rule_model=None, unit_model=None, name: str = POLICIES_FIXTURE) -> int:
    if policy_model is None:
        from accounts.models import AdministrativeUnit as unit_model

        from .models import PolicyRule as rule_model
        from .models import SupportPolicy as policy_model
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    for row in data["policies"]:
        policy, _ = policy_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": nfc(row["name"]),
                "legal_basis_number": nfc(row["legal_basis_number"]),
                "legal_basis_date": fixture_date(row["legal_basis_date"]),
                "issuing_body": nfc(row["issuing_body"]),
                "level": row["level"],
                "unit": unit_model.objects.get(code=row["unit"]),
                "funding_kind": row["funding_kind"],
                "effective_from": fixture_date(row["effective_from"]),
                "effective_until": fixture_date(row.get("effective_until")),
                "upgrade_mode": row.get("upgrade_mode", "difference"),
                "verified": bool(row.get("verified")),
                "note": nfc(row.get("note", "")),
                "source": nfc(row.get("source", "")),
                # a field added later: only rows that set it (historical models of older migrations lack it)
                **({"recognising_levels": row["recognising_levels"]} if "recognising_levels" in row else {}),
            },
        )
        keep = []
        for rule in row["rules"]:
            obj, _ = rule_model.objects.update_or_create(
                policy=policy, event=rule["event"], stars=rule["stars"], defaults={"amount": int(rule["amount"])}
            )
            keep.append(obj.pk)
        rule_model.objects.filter(policy=policy).exclude(pk__in=keep).delete()
    return len(data["policies"])


def load_reference() -> int:
    return load_policies()
