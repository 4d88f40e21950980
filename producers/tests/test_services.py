import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.permissions import roles_of
from accounts.roles import Role
from accounts.workflow import history_of
from notifications.models import Notification
from promotion import pages
from promotion.models import ProductPage
from registrations import representatives as reps
from registrations import services
from registrations.models import ProducerInvitation, ProducerRepresentative, Registration

from .conftest import jpeg_with_exif, pdf

pytestmark = pytest.mark.django_db


def _draft(world, producer_key="mine", rep_key="rep", name="Mật ong rừng"):
    return services.registration_create(actor=world[rep_key], producer=world[producer_key], product_name=name,
                                        year=2030, category=world["category"])


def _commune_sends_its_list(world, registration):
    """The 2030 period runs under 1489/QĐ-TTg: the commune assesses its dossier and sends its list
    with the proposal letter to the province."""
    met = "met"
    services.commune_assessment_record(
        registration=registration, actor=world["commune"], meeting_date=datetime.date(2030, 3, 1), chair="A",
        participants="B", results={"origin": met, "labour": met, "idea": met, "identity": met})
    return services.commune_proposal_send(commune_list=registration.commune_list, actor=world["commune"],
                                          letter_number="1/UBND", letter_date=datetime.date(2030, 3, 2), signer="A")


# --- invitations --------------------------------------------------------------------------------

def test_code_is_short_unambiguous_hashed_and_works_once(world):
    invitation, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Lê C")
    raw = code.replace("-", "")
    assert len(raw) == 10 and set(raw) <= set(reps.CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(raw)
    assert code not in invitation.code_hash and raw not in invitation.code_hash
    # typed on a phone: lower case, spaces instead of the dash
    user = reps.invitation_redeem(code=f" {raw[:5].lower()} {raw[5:].lower()} ", username="le.c",
                                  password="Ocop-mat-khau-2030")
    assert Role.PRODUCER in roles_of(user)
    assert ProducerRepresentative.objects.get(user=user).producer == world["mine"]
    invitation.refresh_from_db()
    assert invitation.status == ProducerInvitation.Status.USED and invitation.used_by == user
    with pytest.raises(ValidationError) as exc:
        reps.invitation_redeem(code=code, username="le.c2", password="Ocop-mat-khau-2030")
    assert "đã được sử dụng" in str(exc.value)


def test_code_expires(world):
    invitation, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Lê D",
                                              valid_days=1)
    ProducerInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        reps.invitation_redeem(code=code, username="le.d", password="Ocop-mat-khau-2030")
    assert not ProducerRepresentative.objects.filter(user__username="le.d").exists()


def test_cancelled_code_and_wrong_code_refused(world):
    invitation, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Lê E")
    reps.invitation_cancel(invitation=invitation, actor=world["commune"])
    for attempt in (code, "AAAAA-AAAAA"):
        with pytest.raises(ValidationError):
            reps.invitation_redeem(code=attempt, username="le.e", password="Ocop-mat-khau-2030")


def test_weak_password_is_a_field_error(world):
    _i, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Lê F")
    with pytest.raises(ValidationError) as exc:
        reps.invitation_redeem(code=code, username="le.f", password="123")
    assert "password" in exc.value.error_dict
    # the code is still usable
    assert reps.invitation_redeem(code=code, username="le.f", password="Ocop-mat-khau-2030")


def test_email_invitation_records_the_code_in_the_outbox_not_in_the_database(world):
    from accounts.models import OutboxMessage

    invitation, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Lê G",
                                              email="le.g@example.invalid")
    row = OutboxMessage.objects.filter(task="notifications.send_email").latest("pk")
    assert code in row.kwargs["body"] and row.kwargs["to"] == ["le.g@example.invalid"] or \
        row.kwargs["to"] == "le.g@example.invalid"
    assert not ProducerInvitation.objects.filter(code_hash__contains=code.replace("-", "")).exists()
    assert invitation.code_hash == reps.hash_code(code)


def test_only_the_producers_commune_invites_and_revokes_with_history(world):
    with pytest.raises(PermissionDenied):
        reps.invitation_create(actor=world["other_commune"], producer=world["mine"], full_name="X")
    with pytest.raises(PermissionDenied):
        reps.invitation_create(actor=world["rep"], producer=world["mine"], full_name="X")
    rep = ProducerRepresentative.objects.get(user=world["rep"])
    with pytest.raises(PermissionDenied):
        reps.representative_revoke(representative=rep, actor=world["other_commune"])
    reps.representative_revoke(representative=rep, actor=world["commune"], reason="Thôi làm đại diện")
    rep.refresh_from_db()
    assert not rep.active and rep.revoked_by == world["commune"]
    labels = [h.to_state for h in history_of(world["mine"])]
    assert labels.count("representative_invited") >= 1
    assert "representative_joined" in labels and "representative_revoked" in labels
    # a revoked representative no longer acts for the producer
    user = type(world["rep"]).objects.get(pk=world["rep"].pk)
    with pytest.raises(PermissionDenied):
        _draft({**world, "rep": user})


def test_several_representatives_per_producer(world):
    _i, code = reps.invitation_create(actor=world["commune"], producer=world["mine"], full_name="Hai")
    second = reps.invitation_redeem(code=code, username="chuthe.a2", password="Ocop-mat-khau-2030")
    assert ProducerRepresentative.objects.filter(producer=world["mine"], active=True).count() == 2
    reg = _draft(world)
    reg2 = services.registration_update(registration=reg, actor=second, description="Mật ong hoa nhãn")
    assert reg2.description == "Mật ong hoa nhãn"


# --- the producer's dossier ---------------------------------------------------------------------

def test_producer_drafts_uploads_sends_and_cannot_change_after(world):
    reg = _draft(world)
    assert reg.status == Registration.Status.PRODUCER_DRAFT
    doc = services.document_upload(registration=reg, actor=world["rep"], doc_type="bieu01", uploaded_file=pdf())
    with pytest.raises(ValidationError):  # the same upload checks as the commune's
        services.document_upload(registration=reg, actor=world["rep"], doc_type="bieu01",
                                 uploaded_file=SimpleUploadedFile("a.pdf", b"MZ not a pdf", "application/pdf"))
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PRODUCER_SENT
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=reg, actor=world["rep"], description="sửa sau khi gửi")
    with pytest.raises(PermissionDenied):
        services.document_upload(registration=reg, actor=world["rep"], doc_type="nhan", uploaded_file=pdf())
    with pytest.raises(PermissionDenied):
        services.document_delete(document=doc, actor=world["rep"])
    with pytest.raises(PermissionDenied):
        reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    # the commune was told
    assert Notification.objects.filter(user=world["commune"], kind=reps.PRODUCER_SENT_KIND).exists()
    assert not Notification.objects.filter(user=world["other_commune"]).exists()


def test_every_producer_action_lands_in_history(world):
    reg = _draft(world)
    services.registration_update(registration=reg, actor=world["rep"], description="Mô tả")
    doc = services.document_upload(registration=reg, actor=world["rep"], doc_type="bieu01", uploaded_file=pdf())
    services.document_delete(document=doc, actor=world["rep"])
    services.document_upload(registration=reg, actor=world["rep"], doc_type="bieu01", uploaded_file=pdf())
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    by_rep = [h.to_state for h in history_of(reg) if h.actor_id == world["rep"].pk]
    assert by_rep == ["created", "updated", "document_added", "document_removed", "document_added", "p_sent"]


def test_commune_returns_with_reason_producer_answers_commune_accepts(world):
    reg = _draft(world)
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    with pytest.raises(PermissionDenied):
        reps.registration_return_to_producer(registration=reg, actor=world["other_commune"], reason="x")
    with pytest.raises(ValidationError):
        reps.registration_return_to_producer(registration=reg, actor=world["commune"], reason=" ")
    reps.registration_return_to_producer(registration=reg, actor=world["commune"], reason="Thiếu nhãn sản phẩm")
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PRODUCER_RETURNED and reg.review_reason == "Thiếu nhãn sản phẩm"
    assert Notification.objects.filter(user=world["rep"], kind=reps.PRODUCER_ANSWER_KIND).count() == 1
    assert not Notification.objects.filter(user=world["rep_neighbour"]).exists()
    # the producer answers: edits and sends again
    services.document_upload(registration=reg, actor=world["rep"], doc_type="nhan", uploaded_file=pdf("nhan.pdf"))
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    reps.registration_take_into_list(registration=reg, actor=world["commune"])
    reg.refresh_from_db()
    assert reg.status == Registration.Status.DRAFT and reg.commune_list is not None
    assert Notification.objects.filter(user=world["rep"], kind=reps.PRODUCER_ANSWER_KIND).count() == 2
    # now the commune's: the producer cannot change it, the commune sends it with its list
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=reg, actor=world["rep"], description="x")
    _commune_sends_its_list(world, reg)
    reg.refresh_from_db()
    assert reg.status == Registration.Status.SUBMITTED


def test_producer_stages_stay_out_of_the_commune_list_and_the_office(world):
    from registrations.selectors import registrations_visible_to

    reg = _draft(world)
    reps.registration_send_to_commune(registration=reg, actor=world["rep"])
    assert registrations_visible_to(world["commune"]).filter(pk=reg.pk).exists()
    assert not registrations_visible_to(world["office"]).filter(pk=reg.pk).exists()
    assert not registrations_visible_to(world["rep"]).exists()  # staff lists show a producer nothing
    # a list sent now does not carry the producer's dossier
    commune_draft = services.registration_create(actor=world["commune"], producer=world["neighbour"],
                                                 product_name="Gà đồi", year=2030, category=world["category"])
    _commune_sends_its_list(world, commune_draft)
    commune_draft.refresh_from_db()
    assert commune_draft.status == Registration.Status.SUBMITTED
    reg.refresh_from_db()
    assert reg.status == Registration.Status.PRODUCER_SENT


def test_producer_cannot_act_for_another_producer(world):
    with pytest.raises(PermissionDenied):
        _draft(world, producer_key="neighbour")
    with pytest.raises(PermissionDenied):
        _draft(world, producer_key="far")
    theirs = _draft(world, producer_key="neighbour", rep_key="rep_neighbour", name="Gà đồi")
    for call in (
        lambda: services.registration_update(registration=theirs, actor=world["rep"], description="x"),
        lambda: services.document_upload(registration=theirs, actor=world["rep"], doc_type="bieu01", uploaded_file=pdf()),
        lambda: reps.registration_send_to_commune(registration=theirs, actor=world["rep"]),
        lambda: services.registration_delete(registration=theirs, actor=world["rep"]),
    ):
        with pytest.raises(PermissionDenied):
            call()


# --- the public page ----------------------------------------------------------------------------

def _photo(name="p.jpg", content=None):
    return SimpleUploadedFile(name, content or jpeg_with_exif(), "image/jpeg")


def test_photo_is_checked_resized_and_stripped_of_exif(world):
    from PIL import Image

    product = _draft(world).product
    page = pages.page_propose(product=product, actor=world["rep"], description="Mật ong", photos=[_photo()])
    photo = page.photos.get()
    with Image.open(photo.image.open("rb")) as stored:
        assert max(stored.size) == pages.PHOTO_MAX_SIDE and stored.format == "JPEG"
        assert not stored.getexif()
    with pytest.raises(ValidationError) as exc:
        pages.page_propose(product=product, actor=world["rep"], description="x",
                           photos=[SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", "image/jpeg")])
    assert "photos" in exc.value.error_dict
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    with pytest.raises(ValidationError):
        pages.page_propose(product=product, actor=world["rep"], description="x",
                           photos=[SimpleUploadedFile("x.gif", gif.getvalue(), "image/gif")])


def test_links_must_be_web_addresses(world):
    product = _draft(world).product
    with pytest.raises(ValidationError) as exc:
        pages.page_propose(product=product, actor=world["rep"], description="x", shop_links="javascript:alert(1)")
    assert "shop_links" in exc.value.error_dict


def test_approval_gates_the_public_version_and_keeps_history(world):
    product = _draft(world).product
    first = pages.page_propose(product=product, actor=world["rep"], description="Bản một",
                               points_of_sale="Chợ Lục Nam", shop_links="https://shop.example/mat-ong",
                               visiting_hours="8h-17h", buyer_contact="0912 345 678")
    assert pages.approved_page(product) is None
    with pytest.raises(PermissionDenied):
        pages.page_approve(page=first, actor=world["rep"])
    with pytest.raises(PermissionDenied):
        pages.page_approve(page=first, actor=world["other_commune"])
    pages.page_approve(page=first, actor=world["commune"])
    assert pages.approved_page(product).description == "Bản một"
    second = pages.page_propose(product=product, actor=world["rep"], description="Bản hai")
    assert pages.approved_page(product).pk == first.pk  # the previous approved version stays public
    pages.page_reject(page=second, actor=world["office"], reason="Ảnh chưa rõ")
    assert pages.approved_page(product).pk == first.pk
    third = pages.page_propose(product=product, actor=world["rep"], description="Bản ba")
    pages.page_approve(page=third, actor=world["office"])
    first.refresh_from_db()
    assert pages.approved_page(product).pk == third.pk and first.status == ProductPage.Status.SUPERSEDED
    assert [h.to_state for h in history_of(first)] == ["proposed", "approved", "superseded"]
    assert [h.to_state for h in history_of(second)] == ["proposed", "rejected"]
    with pytest.raises(PermissionDenied):
        pages.page_propose(product=product, actor=world["rep_neighbour"], description="không phải của tôi")
