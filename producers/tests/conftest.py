import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AdministrativeUnit
from accounts.roles import Role
from accounts.tests.factories import make_user
from registrations.models import RegistrationPeriod
from registrations.representatives import invitation_create, invitation_redeem
from registrations.tests.factories import ProducerFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name="a.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def jpeg_with_exif(size=(2400, 1200)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 150, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"   # Make
    exif[0x0132] = "2021:05:01 10:00:00"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def world(db, settings, tmp_path):
    """Two producers of Huyền Sơn (218-11), one of Bảo Sơn (218-03); the 2030 period of Lục Nam;
    the communes' officers; a representative of the first producer (signed up with a code)."""
    settings.MEDIA_ROOT = tmp_path
    district = AdministrativeUnit.objects.get(code="218")
    RegistrationPeriod.objects.create(district=district, year=2030, number=1, name="Đợt 2030",
                                      deadline=datetime.date(2030, 3, 31))
    commune = make_user(Role.COMMUNE_OFFICER, "218-11", username="xa.hs")
    other_commune = make_user(Role.COMMUNE_OFFICER, "218-03", username="xa.bs")
    office = make_user(Role.AGRICULTURE_OFFICE, "218", username="pnn")
    mine = ProducerFactory(name="HTX Mật ong Huyền Sơn")
    neighbour = ProducerFactory(name="HTX Gà đồi Huyền Sơn")
    far = ProducerFactory(name="HTX Dứa Bảo Sơn thử", commune=AdministrativeUnit.objects.get(code="218-03"))
    _inv, code = invitation_create(actor=commune, producer=mine, full_name="Nguyễn Văn A", phone="0912345678")
    rep = invitation_redeem(code=code, username="chuthe.a", password="Ocop-mat-khau-2030")
    _inv2, code2 = invitation_create(actor=commune, producer=neighbour, full_name="Trần B")
    rep_neighbour = invitation_redeem(code=code2, username="chuthe.b", password="Ocop-mat-khau-2030")
    return {"commune": commune, "other_commune": other_commune, "office": office, "mine": mine,
            "neighbour": neighbour, "far": far, "rep": rep, "rep_neighbour": rep_neighbour,
            "category": subgroup_in_force(district, 2030)}


def subgroup_in_force(district, year):
    from registrations.models import ProductCategory
    from registrations.selectors import classification_for

    return ProductCategory.objects.filter(classification=classification_for(district, year),
                                          level=ProductCategory.Level.SUBGROUP).order_by("pk").first()
