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
    # the decision and the certificate as the register holds them, each downloadable as its PDF
    from documents.selectors import document_about

    decision, paper = document_about(rec, "recognition_decision"), document_about(rec, "certificate")
    assert decision.symbol == "191/QĐ-UBND" and paper.kind == "GCN"
    body = certificate.content.decode()
    assert "Giấy chứng nhận sản phẩm OCOP" in body and paper.symbol in body and decision.symbol in body
    assert "chưa được ban hành" not in body
    # the province's decision was issued outside the portal: its PDF is said to be the register's transcription
    assert "Tải bản chép lại (PDF)" in body
    for purpose, document in (("recognition_decision", decision), ("certificate", paper)):
        url = f"/chu-the/cong-nhan/{rec.pk}/{purpose}/pdf/"
        assert url in body and url in page
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == document.pdf.open("rb").read()
    rec.refresh_from_db()
    assert rec.certificate_number == paper.symbol
    # Another producer's dossier: 404.
    other = Registration.objects.exclude(producer=reg.producer).first()
    assert other is not None
    assert client.get(f"/chu-the/ho-so/{other.pk}/").status_code == 404
    # The staff pages and the register stay closed to a producer.
    assert client.get(f"/ho-so/{reg.pk}/").status_code in (403, 404)
    assert client.get(f"/van-ban/{decision.pk}/pdf/").status_code in (403, 404)
    # Another producer's representative opens neither the page nor the papers.
    from accounts.roles import Role
    from accounts.tests.factories import make_user
    from registrations.representatives import representative_add

    stranger = make_user(Role.PRODUCER, other.producer.commune.code, username="chuthe.khac")
    representative_add(producer=other.producer, user=stranger, actor=None)
    client.force_login(stranger)
    assert client.get(f"/chu-the/cong-nhan/{rec.pk}/").status_code == 404
    assert client.get(f"/chu-the/cong-nhan/{rec.pk}/certificate/pdf/").status_code == 404
