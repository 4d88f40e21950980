"""The promotion demo seed: the district OCOP day of 2021 with Dứa Bảo Sơn, one article, one
training course with attendees, one study tour; idempotent; nothing fabricated in the catalogue."""

import pytest
from django.core.management import call_command

from evaluations.models import Recognition
from promotion.models import Article, Course, Event, Participation

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_promotion_data_once(client, settings):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    event = Event.objects.get(name="Ngày hội Mỗi xã một sản phẩm huyện Lục Nam lần thứ 2")
    assert event.kind == Event.Kind.OCOP_DAY and event.status == Event.Status.FINISHED
    participation = Participation.objects.get(event=event)
    assert participation.product.name == "Dứa Bảo Sơn"
    assert participation.recognition.decision_number == "191/QĐ-UBND"
    assert participation.sales_amount is None  # no invented results
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 1
    training = Course.objects.get(kind=Course.Kind.TRAINING)
    assert training.participants.filter(attended=True).exists()
    assert training.participants.filter(producer__isnull=False).exists() and training.participants.filter(user__isnull=False).exists()
    tour = Course.objects.get(kind=Course.Kind.STUDY_TOUR)
    assert tour.destination == "Quảng Ninh" and tour.report and tour.participants.exists()
    # The recognitions are the real one of 2021 (recorded from outside the portal) and the demo 2026
    # one under 1489; on today's date (2026) the 2021 one has expired (the old URL answers with the
    # notice) and the 2026 demo product is listed with no date pinned; pinned to 2021 Dứa Bảo Sơn is.
    assert sorted(Recognition.objects.values_list("decision_number", flat=True)) == ["191/QĐ-UBND", "45/QĐ-UBND (demo)"]
    settings.OCOP_CATALOGUE_AS_OF = None
    import time_machine

    with time_machine.travel("2026-11-28 10:00 +0700", tick=False):
        assert client.get("/san-pham/dua-bao-son/").status_code == 410
        catalogue = client.get("/san-pham/").content.decode()
        assert "Dứa sấy dẻo Bảo Đài" in catalogue and "Dứa Bảo Sơn<" not in catalogue
    settings.OCOP_CATALOGUE_AS_OF = "2021-12-10"
    assert "Dứa Bảo Sơn" in client.get("/san-pham/", {"q": "dua"}).content.decode()
