"""Who records which recognition, from the procedure rows (issue 10 item 5):

- the recognition form offers only the levels (with their units) and the star bands that the acting
  user may grant for the product under the procedure of its date;
- the centre's stage (5★ for a product forwarded to the centre) is the ministry's, through the same
  recognition service; the ministry stays read-only for everything else, and no other role records
  a centre's decision.
"""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import make_user
from evaluations import services
from evaluations.models import Recognition, Round, RoundEntry
from evaluations.paths import recognition_options
from evaluations.tests.test_procedure_paths import PLACES, D, registration, scored_round, unit
from registrations.models import Registration, RegistrationPeriod

pytestmark = pytest.mark.django_db

YEARS = {"qd1048-2019": 2021, "qd148-2023": 2024, "qd1489-2025": 2026}


def published_round(level, year, results):
    """A published round of `level` for the procedure of `year` (PLACES), results [(total, status)]."""
    period_unit, commune, criteria, round_units = PLACES[year]
    if not RegistrationPeriod.objects.filter(district=unit(period_unit), year=year).exists():
        RegistrationPeriod.objects.create(district=unit(period_unit), year=year, number=1, name=f"Đợt {year}",
                                          deadline=D(year, 3, 31))
    regs = [(registration(commune, year, criteria, status), total) for total, status in results]
    round_ = scored_round(unit(round_units[level]), level=level, year=year, deadline=D(year, 8, 10),
                          criteria=criteria, results=regs)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.PUBLISHED)
    return [RoundEntry.objects.select_related("registration").get(round=round_, registration=r) for r, _t in regs]


def choices(form, name):
    return [str(value) for value, _label in form.fields[name].choices]


def record(entry, actor, stars, level, **kwargs):
    return services.recognition_record(
        registration=entry.registration, actor=actor, stars=stars, issuer_level=level, decision_number="5/QĐ-TTg",
        decision_date=D(entry.round.year, 12, 1), issuer="Thủ tướng Chính phủ", score=entry.score, **kwargs)


# --- the form offers what the user's level may grant on that date -----------------------------

@pytest.mark.parametrize(("code", "username_unit", "role", "levels", "stars"), [
    # 1048: the district recognises nothing; the office enters the province's 3–4★ decision
    ("qd1048-2019", "218", "agriculture_office", ["province"], ["3", "4"]),
    ("qd1048-2019", "24", "province", ["province"], ["3", "4"]),
    # 148: the district's UBND recognises 3★ and the province 4★
    ("qd148-2023", "218", "agriculture_office", ["district", "province"], ["3", "4"]),
    # 1489: no district; the province recognises 3–4★
    ("qd1489-2025", "BN-2025", "agriculture_office", ["province"], ["3", "4"]),
    ("qd1489-2025", "BN-2025", "province", ["province"], ["3", "4"]),
])
def test_the_form_offers_only_the_levels_and_stars_the_user_may_grant(client, code, username_unit, role, levels, stars):
    level = "province" if YEARS[code] == 2026 else "district"
    (entry,) = published_round(level, YEARS[code], [("75", Registration.Status.ACCEPTED)])
    user = make_user(role, unit_code=username_unit)
    client.force_login(user)
    response = client.get(reverse("evaluations:recognition_create", args=[entry.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert choices(form, "issuer_level") == levels and choices(form, "stars") == stars
    html = response.content.decode()
    assert 'value="national"' not in html and '<option value="5"' not in html
    units = {o["issuer_level"]: o["unit"] for o in recognition_options(user, entry.registration)}
    assert set(units) == set(levels)
    if "district" in units:
        assert units["district"].code == "218" and "Cấp huyện – Lục Nam" in html
    assert form.initial["issuer_level"] == levels[-1]  # 75 points: 4★ at the district's proposal


def test_a_district_level_option_goes_with_its_band(client):
    """Under 148 a 65-point product (3★) is offered to the district first, named after its UBND."""
    (entry,) = published_round("district", 2024, [("65", Registration.Status.ACCEPTED)])
    client.force_login(make_user("agriculture_office"))
    form = client.get(reverse("evaluations:recognition_create", args=[entry.pk])).context["form"]
    assert form.initial["issuer_level"] == "district" and form.initial["issuer"] == "UBND huyện Lục Nam"


def test_options_follow_the_users_levels():
    """Another province's office and the finance office record nothing for a Lục Nam product; the
    ministry only the centre's band."""
    (entry,) = published_round("district", 2021, [("60", Registration.Status.ACCEPTED)])
    assert recognition_options(make_user("agriculture_office", unit_code="BN-2025"), entry.registration) == []
    assert recognition_options(make_user("finance_office"), entry.registration) == []
    assert [o["issuer_level"] for o in recognition_options(make_user("ministry"), entry.registration)] == ["national"]


# --- the centre's stage: the ministry records 5★ for a product forwarded to the centre ---------

@pytest.mark.parametrize("code", sorted(YEARS))
def test_the_ministry_records_5_stars_for_a_product_forwarded_to_the_centre(client, code):
    year = YEARS[code]
    status = Registration.Status.ACCEPTED if year >= 2026 else Registration.Status.FORWARDED
    forwarded, below = published_round("province", year, [("92", status), ("89.99", status)])
    ministry = make_user("ministry")
    client.force_login(ministry)
    page = client.get(reverse("evaluations:centre_proposal_list"))
    assert page.status_code == 200
    listed = [e.pk for e in page.context["entries"]]
    assert listed == [forwarded.pk]  # 89.99 was never forwarded to the centre
    url = reverse("evaluations:centre_recognition_create", args=[forwarded.pk])
    form = client.get(url).context["form"]
    assert choices(form, "issuer_level") == ["national"] and choices(form, "stars") == ["5"]
    response = client.post(url, {"decision_number": "12/QĐ-TTg", "decision_date": f"{year}-12-01",
                                 "issuer": "Thủ tướng Chính phủ", "stars": "5", "issuer_level": "national"})
    assert response.status_code == 302, response.content.decode()[:2000]
    recognition = Recognition.objects.get(registration=forwarded.registration)
    assert (recognition.stars, recognition.issuer_level, recognition.issuer_unit, recognition.created_by) == (
        5, "national", None, ministry)
    assert recognition.score == Decimal("92")
    # the product that stayed at the province: no path to the centre, even for the ministry
    with pytest.raises(ValidationError, match="Không có kết quả chấm điểm"):
        record(below, ministry, 5, "national")
    assert client.get(reverse("evaluations:centre_recognition_create", args=[below.pk])).status_code == 404
    # decided: listed with its decision, no second one
    again = client.get(reverse("evaluations:centre_proposal_list")).content.decode()
    assert "Đã có quyết định" in again


def test_the_ministry_records_no_3_or_4_stars():
    forwarded, four = published_round("province", 2021, [("92", Registration.Status.FORWARDED),
                                                         ("80", Registration.Status.FORWARDED)])
    ministry = make_user("ministry")
    for stars in (3, 4):
        with pytest.raises(ValidationError, match="trung ương chỉ công nhận 5–5 sao"):
            record(forwarded, ministry, stars, "national")
        with pytest.raises(PermissionDenied):
            record(four, ministry, stars, "province")  # the province's decision is not the ministry's
    assert not Recognition.objects.exists()


def test_the_ministry_form_refuses_4_stars(client):
    (forwarded,) = published_round("province", 2024, [("95", Registration.Status.FORWARDED)])
    client.force_login(make_user("ministry"))
    url = reverse("evaluations:centre_recognition_create", args=[forwarded.pk])
    response = client.post(url, {"decision_number": "1", "decision_date": "2024-12-01", "issuer": "TTg",
                                 "stars": "4", "issuer_level": "national"})
    assert response.status_code == 200 and "4 không phải là một trong các lựa chọn" in response.content.decode()
    response = client.post(url, {"decision_number": "1", "decision_date": "2024-12-01", "issuer": "TTg",
                                 "stars": "5", "issuer_level": "province"})
    assert response.status_code == 200 and not Recognition.objects.exists()


@pytest.mark.parametrize(("role", "unit_code"), [
    ("province", "24"), ("agriculture_office", "218"), ("agriculture_office", "24"), ("council_secretary", "218"),
    ("finance_office", "218"), ("national_admin", None), ("supervision", "218"),
])
def test_no_other_role_records_a_centre_decision(client, role, unit_code):
    (forwarded,) = published_round("province", 2021, [("92", Registration.Status.FORWARDED)])
    user = make_user(role, unit_code=unit_code)
    with pytest.raises(PermissionDenied):
        record(forwarded, user, 5, "national")
    assert all(o["issuer_level"] != "national" for o in recognition_options(user, forwarded.registration))
    client.force_login(user)
    assert client.get(reverse("evaluations:centre_proposal_list")).status_code == 403
    url = reverse("evaluations:centre_recognition_create", args=[forwarded.pk])
    assert client.post(url, {"decision_number": "1", "decision_date": "2021-12-01", "issuer": "TTg", "stars": "5",
                             "issuer_level": "national"}).status_code == 403
    assert not Recognition.objects.exists()


def test_the_ministry_changes_nothing_else(client):
    """Read-only but for the centre's stage: no province or district decision, no refusal, no
    revocation, no round, no forwarding; the province's pages stay closed to it."""
    from accounts.permissions import is_read_only
    from registrations import services as reg_services

    forwarded, four = published_round("province", 2021, [("92", Registration.Status.FORWARDED),
                                                         ("80", Registration.Status.FORWARDED)])
    ministry = make_user("ministry")
    assert is_read_only(ministry)
    with pytest.raises(PermissionDenied):
        services.recognition_record_refusal(registration=four.registration, actor=ministry, decision_number="1",
                                            decision_date=D(2021, 12, 1), issuer="UBND tỉnh", reason="Không đạt")
    recognition = record(forwarded, ministry, 5, "national")
    with pytest.raises(PermissionDenied):
        services.recognition_end(recognition=recognition, actor=ministry, to=Recognition.Status.REVOKED, reason="x")
    with pytest.raises(PermissionDenied):
        services.round_create(district=unit("24"), year=2022, number=1, name="Tỉnh", deadline=D(2022, 8, 10),
                              criteria_set=forwarded.round.criteria_set, actor=ministry)
    (accepted,) = published_round("district", 2024, [("80", Registration.Status.ACCEPTED)])
    with pytest.raises(PermissionDenied):
        reg_services.forwarding_create(district=unit("218"), year=2024, registrations=[accepted.registration],
                                       letter_number="1", letter_date=D(2024, 7, 12), signer="A", actor=ministry,
                                       confirm_missing=True)
    client.force_login(ministry)
    for name in ("proposal_list",):
        assert client.get(reverse(f"evaluations:{name}")).status_code == 403
    for name in ("recognition_create", "recognition_refuse"):
        assert client.get(reverse(f"evaluations:{name}", args=[four.pk])).status_code == 403
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.RECOGNISED


@pytest.mark.parametrize("products", [2, 12])
def test_centre_list_fixed_query_count(client, django_assert_max_num_queries, products):
    published_round("province", 2021, [("92", Registration.Status.FORWARDED)] * products)
    client.force_login(make_user("ministry"))
    with django_assert_max_num_queries(11):  # 11 at both sizes
        page = client.get(reverse("evaluations:centre_proposal_list")).content.decode()
    assert len(re.findall(r"de-nghi-trung-uong/\d+/cong-nhan/", page)) == products
