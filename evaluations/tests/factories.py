"""Helpers to create recognitions through the real service (so domain events fire)."""

import datetime

from accounts.tests.factories import make_user
from evaluations.services import recognition_record
from registrations.tests.factories import RegistrationFactory


def make_recognition(registration=None, *, stars=3, decision_date=datetime.date(2021, 8, 26), actor=None, **kwargs):
    registration = registration or RegistrationFactory()
    actor = actor or make_user("province")
    return recognition_record(
        registration=registration, actor=actor, stars=stars,
        decision_number=kwargs.pop("decision_number", f"{registration.pk}/QĐ-UBND"),
        decision_date=decision_date, issuer=kwargs.pop("issuer", "UBND tỉnh Bắc Giang"), **kwargs,
    )
