import datetime

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_producer_sees_dua_bao_son_dossier_decision_and_certificate(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    from evaluations.models import Recognition
    from registrations.models import ProducerRepresentative, Registration

    assert ProducerRepresentative.objects.filter(user__username="chuthe.duabaoson").count() == 1
    from accounts.models import User

    user = User.objects.get(username="chuthe.duabaoson")
    assert user.check_password("ocop-demo-2021")
    client.force_login(user)
    reg = Registration.objects.get(product__name="Dứa Bảo Sơn", year=2021)
    home = client.get("/chu-the/")
    assert home.status_code == 200
    assert "Dứa Bảo Sơn" in home.content.decode()
    page = client.get(f"/chu-the/ho-so/{reg.pk}/").content.decode()
    rec = Recognition.objects.get(registration=reg)
    assert rec.decision_number in page
    certificate = client.get(f"/chu-the/cong-nhan/{rec.pk}/")
    assert certificate.status_code == 200
    assert "GIẤY CHỨNG NHẬN" in certificate.content.decode()
    # Another producer's dossier: 404.
    other = Registration.objects.exclude(producer=reg.producer).first()
    assert other is not None
    assert client.get(f"/chu-the/ho-so/{other.pk}/").status_code == 404
    # The staff pages stay closed to a producer.
    assert client.get(f"/ho-so/{reg.pk}/").status_code in (403, 404)
