"""Demo data of the evaluations app: the reported outcome of 2021 — Dứa Bảo Sơn, 3 stars,
Decision 191/QĐ-UBND of 26/08/2021 of UBND tỉnh Bắc Giang — as a recorded recognition. Idempotent."""

import datetime

from accounts.models import User
from registrations.models import Registration

from .models import Recognition
from .services import recognition_record


def seed() -> dict:
    registration = Registration.objects.filter(product__name="Dứa Bảo Sơn", year=2021).first()
    if registration is None:
        return {"recognitions_created": 0}
    created = 0
    if not Recognition.objects.filter(registration=registration, status=Recognition.Status.RECOGNISED).exists():
        recognition_record(
            registration=registration,
            actor=User.objects.get(username="tinh"),
            stars=3,
            decision_number="191/QĐ-UBND",
            decision_date=datetime.date(2021, 8, 26),
            issuer="UBND tỉnh Bắc Giang",
            proposed_stars=3,
        )
        created = 1
    return {"recognitions_created": created}
