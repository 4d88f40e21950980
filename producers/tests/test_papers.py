"""A producer downloads its recognition's decision and certificate from the document register (the
numbered, issued papers), only its own producer's; where none was issued the page says so."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services as doc_services
from evaluations.models import Recognition
from evaluations.papers import recognition_decision_issue
from registrations import representatives as reps
from registrations import services
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def _recognised(world, producer, rep, name):
    reg = services.registration_create(actor=world[rep], producer=world[producer], product_name=name, year=2030,
                                       category=world["category"])
    Registration.objects.filter(pk=reg.pk).update(status=Registration.Status.FORWARDED)
    return Recognition.objects.create(
        registration=reg, product=reg.product, stars=3, decision_number="", decision_date=datetime.date(2030, 9, 1),
        issuer_level=Recognition.IssuerLevel.DISTRICT, valid_from=datetime.date(2030, 9, 1),
        valid_until=datetime.date(2033, 9, 1))


@pytest.fixture
def papers(world):
    """Mine: a recognition whose decision the district issued (no certificate); the far producer of
    another commune, with its own representative: a recognition with its decision too."""
    _inv, code = reps.invitation_create(actor=world["other_commune"], producer=world["far"], full_name="Đặng F")
    world["rep_far"] = reps.invitation_redeem(code=code, username="chuthe.f", password="Ocop-mat-khau-2030")
    mine = _recognised(world, "mine", "rep", "Mật ong rừng")
    far = _recognised(world, "far", "rep_far", "Dứa sấy")
    world["decision"] = recognition_decision_issue(mine, world["office"])
    world["far_decision"] = recognition_decision_issue(far, world["office"])
    world["rec"], world["far_rec"] = mine, far
    return world


def _url(rec, purpose="recognition_decision", fmt="pdf"):
    return f"/chu-the/cong-nhan/{rec.pk}/{purpose}/{fmt}/"


def _body(response):
    return b"".join(response.streaming_content)


def test_producer_downloads_its_issued_decision_and_is_told_the_certificate_was_not_issued(papers, client):
    rec, decision = papers["rec"], papers["decision"]
    client.force_login(papers["rep"])
    page = client.get(f"/chu-the/cong-nhan/{rec.pk}/").content.decode()
    assert decision.symbol in page and _url(rec) in page
    assert 'data-purpose="certificate"' in page and "chưa được ban hành trong sổ văn bản" in page
    assert _url(rec, "certificate") not in page  # no certificate is drawn up or linked
    assert "Tải PDF" in page and "bản chép lại" not in page  # issued through the portal: its own paper
    response = client.get(_url(rec))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _body(response) == decision.pdf.open("rb").read()
    assert client.get(_url(rec, "certificate")).status_code == 404
    assert client.get(_url(rec, fmt="signed")).status_code == 404  # no signed scan yet
    assert client.get(_url(rec, "council_decision")).status_code == 404
    assert client.get(_url(rec, fmt="docx")).status_code == 404
    # the dossier page links the decision's PDF too
    assert _url(rec) in client.get(f"/chu-the/ho-so/{rec.registration_id}/").content.decode()
    # once the office uploads the signed scan, the producer downloads it
    scan = decision.pdf.open("rb").read()
    doc_services.document_attach_signed(document=decision, upload=SimpleUploadedFile("ky.pdf", scan),
                                        actor=papers["office"])
    assert _url(rec, fmt="signed") in client.get(f"/chu-the/cong-nhan/{rec.pk}/").content.decode()
    signed = client.get(_url(rec, fmt="signed"))
    assert signed.status_code == 200 and _body(signed) == scan


def test_producer_downloads_the_certificate_once_issued(papers, client):
    from evaluations.papers import certificate_issue

    rec = papers["rec"]
    certificate = certificate_issue(rec, papers["office"])
    client.force_login(papers["rep"])
    page = client.get(f"/chu-the/cong-nhan/{rec.pk}/").content.decode()
    assert certificate.symbol in page and _url(rec, "certificate") in page
    response = client.get(_url(rec, "certificate"))
    assert response.status_code == 200 and _body(response)[:5] == b"%PDF-"


@pytest.mark.parametrize("who, theirs", [
    ("rep_neighbour", "rec"),  # another producer of the same commune
    ("rep_far", "rec"),        # a producer of another commune
    ("rep", "far_rec"),        # the other way round: mine cannot open the other commune's
])
def test_another_producers_papers_are_404(papers, client, who, theirs):
    rec = papers[theirs]
    client.force_login(papers[who])
    assert client.get(f"/chu-the/cong-nhan/{rec.pk}/").status_code == 404
    for purpose in ("recognition_decision", "certificate", "revocation"):
        for fmt in ("pdf", "signed"):
            assert client.get(_url(rec, purpose, fmt)).status_code == 404
    # the register's own download stays closed to producers
    document = papers["decision" if theirs == "rec" else "far_decision"]
    assert client.get(f"/van-ban/{document.pk}/pdf/").status_code in (403, 404)


def test_each_producer_opens_its_own(papers, client):
    for who, rec in (("rep", "rec"), ("rep_far", "far_rec")):
        client.force_login(papers[who])
        assert client.get(_url(papers[rec])).status_code == 200


def test_a_revoked_representative_no_longer_downloads(papers, client):
    from registrations.models import ProducerRepresentative

    rep = ProducerRepresentative.objects.get(user=papers["rep"])
    reps.representative_revoke(representative=rep, actor=papers["commune"], reason="Nghỉ")
    client.force_login(papers["rep"])
    assert client.get(_url(papers["rec"])).status_code == 404
