import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import Recognition
from promotion import pages
from registrations import representatives as reps
from registrations import services
from registrations.models import ProducerInvitation, ProducerRepresentative, Registration
from registrations.tests.factories import ProducerFactory

from .conftest import jpeg_with_exif, pdf

pytestmark = pytest.mark.django_db


def _draft(world, producer="mine", rep="rep", name="Mật ong rừng"):
    return services.registration_create(actor=world[rep], producer=world[producer], product_name=name, year=2030,
                                        category=world["category"])


def test_join_page_creates_the_account_and_signs_in(world, client):
    _i, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Phạm H")
    bad = client.post("/chu-the/tham-gia/", {"code": "ZZZZZ-ZZZZZ", "username": "ph", "password": "Ocop-mat-khau-2030",
                                             "password2": "Ocop-mat-khau-2030"})
    assert bad.status_code == 200 and "Mã mời không đúng" in bad.content.decode()
    ok = client.post("/chu-the/tham-gia/", {"code": code.lower(), "username": "ph", "password": "Ocop-mat-khau-2030",
                                            "password2": "Ocop-mat-khau-2030"})
    assert ok.status_code == 302 and ok["Location"] == "/chu-the/"
    assert client.get("/chu-the/").status_code == 200
    client.logout()
    again = client.post("/chu-the/tham-gia/", {"code": code, "username": "ph2", "password": "Ocop-mat-khau-2030",
                                               "password2": "Ocop-mat-khau-2030"})
    assert "Mã mời không đúng" in again.content.decode()


def test_producer_pages_flow_and_scope(world, client):
    client.force_login(world["rep"])
    response = client.post("/chu-the/ho-so/moi/", {
        "producer": world["mine"].pk, "year": 2030, "product_name": "Mật ong bạc hà", "kind": "new",
        "category": world["category"].pk, "description": "Mật ong"})
    assert response.status_code == 302, response.content.decode()[:2000]
    reg = Registration.objects.get(product__name="Mật ong bạc hà")
    assert reg.status == Registration.Status.PRODUCER_DRAFT
    assert client.post(f"/chu-the/ho-so/{reg.pk}/tai-lieu/", {"doc_type": "bieu01", "file": pdf()}).status_code == 302
    assert reg.documents.count() == 1
    doc = reg.documents.get()
    assert client.get(f"/chu-the/tai-lieu/{doc.pk}/").status_code == 200
    assert client.post(f"/chu-the/ho-so/{reg.pk}/gui-xa/").status_code == 302
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PRODUCER_SENT
    assert client.get(f"/chu-the/ho-so/{reg.pk}/sua/").status_code == 403
    # another producer's dossier, another commune's: 404 on every page of the producer's side
    theirs = _draft(world, producer="neighbour", rep="rep_neighbour", name="Gà đồi")
    their_doc = services.document_upload(registration=theirs, actor=world["rep_neighbour"], doc_type="bieu01",
                                         uploaded_file=pdf())
    for url in (f"/chu-the/ho-so/{theirs.pk}/", f"/chu-the/ho-so/{theirs.pk}/sua/",
                f"/chu-the/tai-lieu/{their_doc.pk}/", f"/chu-the/trang-san-pham/{theirs.product_id}/"):
        assert client.get(url).status_code == 404, url
    for url in (f"/chu-the/ho-so/{theirs.pk}/tai-lieu/", f"/chu-the/ho-so/{theirs.pk}/gui-xa/",
                f"/chu-the/tai-lieu/{their_doc.pk}/xoa/"):
        assert client.post(url).status_code == 404, url
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.PRODUCER_DRAFT and theirs.documents.count() == 1


def test_commune_intake_pages(world, client):
    reg = _draft(world)
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    client.force_login(world["other_commune"])
    assert client.get(f"/chu-the/xa/ho-so/{reg.pk}/").status_code == 404
    client.force_login(world["commune"])
    assert "Mật ong rừng" in client.get("/chu-the/xa/ho-so/").content.decode()
    response = client.post(f"/chu-the/xa/ho-so/{reg.pk}/", {"action": "return", "reason": "Bổ sung nhãn"})
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PRODUCER_RETURNED
    client.force_login(world["rep"])
    assert "Bổ sung nhãn" in client.get(f"/chu-the/ho-so/{reg.pk}/").content.decode()
    client.post(f"/chu-the/ho-so/{reg.pk}/gui-xa/")
    client.force_login(world["commune"])
    client.post(f"/chu-the/xa/ho-so/{reg.pk}/", {"action": "accept"})
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DRAFT


def test_commune_invites_prints_the_code_and_revokes(world, client):
    client.force_login(world["commune"])
    page = client.get("/chu-the/xa/dai-dien/").content.decode()
    assert "Nguyễn Văn A" in page and world["far"].name not in page
    response = client.post(f"/chu-the/xa/moi/{world['mine'].pk}/", {"full_name": "Đỗ K", "phone": "0987"})
    code = response.context["code"]
    assert code in response.content.decode()
    assert ProducerInvitation.objects.filter(full_name="Đỗ K").get().code_hash == reps.hash_code(code)
    assert client.get(f"/chu-the/xa/moi/{world['far'].pk}/").status_code == 404
    rep = ProducerRepresentative.objects.get(user=world["rep"])
    client.force_login(world["other_commune"])
    assert client.post(f"/chu-the/xa/dai-dien/{rep.pk}/thu-hoi/").status_code == 404
    client.force_login(world["commune"])
    assert client.post(f"/chu-the/xa/dai-dien/{rep.pk}/thu-hoi/", {"reason": "Nghỉ"}).status_code == 302
    rep.refresh_from_db()
    assert not rep.active
    client.force_login(world["rep"])
    assert client.get("/chu-the/").status_code == 200
    assert world["mine"].name not in client.get("/chu-the/").content.decode()


def test_public_product_page_shows_only_the_approved_version(world, client, settings,
                                                            django_capture_on_commit_callbacks):
    reg = _draft(world)
    product = reg.product
    Registration.objects.filter(pk=reg.pk).update(status=Registration.Status.FORWARDED)
    Recognition.objects.create(registration=reg, product=product, stars=3, decision_number="99/QĐ-UBND",
                               decision_date=datetime.date(2030, 9, 1), valid_from=datetime.date(2030, 9, 1),
                               valid_until=datetime.date(2033, 9, 1))
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2031, 1, 1)
    proposal = pages.page_propose(product=product, actor=world["rep"], description="Mật ong hoa rừng Huyền Sơn",
                                  visiting_hours="8h–17h thứ Bảy",
                                  photos=[SimpleUploadedFile("a.jpg", jpeg_with_exif((300, 200)), "image/jpeg")])
    url = f"/san-pham/{product.slug}/"
    assert "Mật ong hoa rừng Huyền Sơn" not in client.get(url).content.decode()
    photo = proposal.photos.get()
    assert client.get(f"/san-pham/{product.slug}/anh-trang/{photo.pk}/").status_code == 404
    client.force_login(world["commune"])
    with django_capture_on_commit_callbacks(execute=True):  # the approval empties the public page cache
        assert client.post(f"/chu-the/duyet-trang/{proposal.pk}/", {"action": "approve"}).status_code == 302
    client.logout()
    body = client.get(url).content.decode()
    assert "Mật ong hoa rừng Huyền Sơn" in body and "8h–17h thứ Bảy" in body
    assert client.get(f"/san-pham/{product.slug}/anh-trang/{photo.pk}/").status_code == 200
    # a newer proposal does not replace the public text until approved
    pages.page_propose(product=product, actor=world["rep"], description="Bản mới chưa duyệt")
    body = client.get(url).content.decode()
    assert "Bản mới chưa duyệt" not in body and "Mật ong hoa rừng Huyền Sơn" in body


def _grow(world, n):
    """n more producers of Huyền Sơn, each with a representative, a dossier sent to the commune and a
    page proposal; and n more dossiers of the first representative."""
    for i in range(n):
        producer = ProducerFactory(name=f"HTX thêm {n}-{i}")
        _inv, code = reps.invitation_create(actor=world["commune"], producer=producer, full_name=f"Người {i}")
        user = reps.invitation_redeem(code=code, username=f"rep{n}-{i}", password="Ocop-mat-khau-2030")
        reg = services.registration_create(actor=user, producer=producer, product_name=f"SP {n}-{i}", year=2030,
                                           category=world["category"])
        reps.registration_send_to_commune(registration=reg, actor=user)
        pages.page_propose(product=reg.product, actor=user, description="x")
        mine = services.registration_create(actor=world["rep"], producer=world["mine"], product_name=f"Của tôi {n}-{i}",
                                            year=2030, category=world["category"])
        pages.page_propose(product=mine.product, actor=world["rep"], description="y")


@pytest.mark.parametrize("n", [2, 8])
def test_list_pages_run_a_fixed_number_of_queries(world, client, django_assert_max_num_queries, n):
    _grow(world, n)
    for user, url in ((world["rep"], "/chu-the/"), (world["commune"], "/chu-the/xa/dai-dien/"),
                      (world["commune"], "/chu-the/xa/ho-so/"), (world["commune"], "/chu-the/duyet-trang/"),
                      (world["office"], "/chu-the/duyet-trang/")):
        client.force_login(user)
        client.get(url)  # warm the per-process caches (content types, nav)
        with django_assert_max_num_queries(22):
            response = client.get(url)
        assert response.status_code == 200, url
