import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AdministrativeUnit
from registrations.models import RegistrationPeriod

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def district(db):
    return AdministrativeUnit.objects.get(code="218")


@pytest.fixture
def period_2021(district):
    period, _ = RegistrationPeriod.objects.get_or_create(
        district=district, year=2021, number=1,
        defaults={"name": "Đợt đăng ký năm 2021", "deadline": datetime.date(2021, 3, 31),
                  "plan_reference": "(Kèm theo Kế hoạch số: /KH-UBND ngày /3/2021 của UBND huyện Lục Nam)"},
    )
    return period


@pytest.fixture
def period_2022(district):
    return RegistrationPeriod.objects.create(district=district, year=2022, number=1, name="Đợt 2022",
                                             deadline=datetime.date(2022, 3, 31))


@pytest.fixture
def demo_2021(demo_users):
    from registrations import demo

    demo.seed_appendix_2021(AdministrativeUnit.objects.get(code="218"))
    return demo_users


@pytest.fixture
def council_scores():
    """Stand-in for the evaluations app's score source: {registration id: points} given by a district
    council. `council_scores.default` (None: unscored) applies to registrations not in the dict."""
    from procedures.paths import register_score_source, unregister_score_source

    class Scores(dict):
        default = None

        def __call__(self, ids, level):
            if level != "district":
                return {}
            return {pk: self.get(pk, self.default) for pk in ids if self.get(pk, self.default) is not None}

    scores = Scores()
    register_score_source(scores)
    yield scores
    unregister_score_source(scores)


@pytest.fixture
def all_scored(council_scores):
    """Every registration scored 60 by the district council (forwardable under 1048)."""
    from decimal import Decimal

    council_scores.default = Decimal("60")
    return council_scores
