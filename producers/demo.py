"""Demo producer account (issue 15): `chuthe.duabaoson` (password `ocop-demo-2021`, demo only)
represents the producer of Dứa Bảo Sơn and sees its dossier, decision and certificate.
Idempotent: matched by username and by the representative link."""

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from registrations.models import Registration
from registrations.representatives import representative_add

USERNAME = "chuthe.duabaoson"


def seed() -> dict:
    registration = Registration.objects.select_related("producer", "producer__commune").filter(
        product__name="Dứa Bảo Sơn").order_by("year").first()
    if registration is None:
        return {"producer_accounts": 0}
    producer = registration.producer
    user, created = User.objects.get_or_create(
        username=USERNAME, defaults={"full_name": producer.legal_representative or "Người đại diện Dứa Bảo Sơn",
                                     "email": f"{USERNAME}@ocop.invalid"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    representative_add(producer=producer, user=user, actor=None)
    return {"producer_accounts": int(created)}
