"""Generated access tests: EVERY URL pattern × EVERY role (plus anonymous, another commune, another
district, another province, the ministry and the national administrator), answered as the role
registry (accounts.roles.ROLE_SPECS) and the page declarations (<app>/access.py) say.

A URL pattern with no declaration fails; a role without a spec fails; each answer that differs from
the declaration is listed. One object set (the 2021 demo, plus a second district and a second
province), many requests: every request runs in a savepoint that is rolled back, so POST-only
actions are exercised (empty form: an allowed role gets a form error or a redirect, a denied one a
403/404) without changing the objects the next request sees.
"""

import datetime
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import declared_pages
from accounts.models import Job
from accounts.roles import ROLE_SPECS, Level, Role, Section
from accounts.tests.factories import make_user
from registrations.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"

# persona -> (role, unit code) of a user made for the test, or a demo username, or None (anonymous).
# "home" says whose unit the shared objects belong to (Lục Nam, commune Bảo Sơn).
PERSONAS = {
    "anonymous": None,
    "admin": "admin",
    "commune": "xa.baoson",            # the objects' own commune
    "other_commune": "xa.huyenson",    # same district, another commune
    "agriculture": "phongnn",
    "council_member": "hoidong.chutich",
    "secretary": "thuky",
    "finance": "taichinh",
    "province": "tinh",
    "economy": (Role.ECONOMY_OFFICE, "218"),
    "ministry": "bo.nnmt",
    "national_admin": (Role.NATIONAL_ADMIN, None),
    "unit_admin": (Role.UNIT_ADMIN, "24"),
    "other_district_agriculture": (Role.AGRICULTURE_OFFICE, "9218"),
    "other_district_finance": (Role.FINANCE_OFFICE, "9218"),
    "other_district_secretary": (Role.COUNCIL_SECRETARY, "9218"),
    "other_district_council": (Role.COUNCIL_MEMBER, "9218"),
    "other_province": (Role.PROVINCE, "98"),
    "other_province_agriculture": (Role.AGRICULTURE_OFFICE, "9801"),
    "other_province_commune": (Role.COMMUNE_OFFICER, "9801-01"),
    "producer": "chuthe.duabaoson",      # represents the objects' producer (Dứa Bảo Sơn)
    "other_producer": (Role.PRODUCER, "218-11"),  # represents a producer of Huyền Sơn
    "health": (Role.HEALTH_OFFICE, "218"),
    "culture": (Role.CULTURE_OFFICE, "218"),
    "culture_centre": (Role.CULTURE_CENTRE, "218"),
    "environment": (Role.ENVIRONMENT_OFFICE, "218"),
    "supervision": (Role.SUPERVISION, "218"),
    "other_district_supervision": (Role.SUPERVISION, "9218"),
}
# Personas whose units do not hold the shared objects (they must get a 404 on each object's page).
OUTSIDERS = {"other_commune", "other_district_agriculture", "other_district_finance", "other_district_secretary",
             "other_district_council", "other_province", "other_province_agriculture", "other_province_commune",
             "unit_admin", "other_producer", "other_district_supervision"}
# Pages of one user's own things (their background job, their seat's score sheet): only the personas
# that own the fixture's object open them, whatever their sections.
OWNER_ONLY = {
    "accounts:job_status": {"agriculture"}, "accounts:job_download": {"agriculture"},
    "evaluations:score_entry": {"council_member"}, "evaluations:score_preview": {"council_member"},
    "notifications:open": {"agriculture"},
    "evaluations:my_commune_results": {"commune", "other_commune", "other_province_commune"},
    # The register of Bảo Sơn and its papers: kept by the commune itself (and the system administrator).
    **{f"documents:{name}": {"commune", "admin"}
       for name in ("register", "export", "reserve", "download", "upload_signed", "issue")},
}
# Insiders of the shared objects' district: a district's object (Page.owner) is theirs too.
SAME_DISTRICT = {"other_commune"}
# Personas that first choose a unit in the header's unit switcher: the system administrator works
# on Lục Nam (pages that act for a district need one; no default district for signed-in users).
SWITCH_TO = {"admin": "218"}


def _patterns(resolver=None, ns=""):
    """(url name, pattern object, converters) of every pattern, admin and format-suffix twins excluded."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _patterns(entry, ns + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name:
            if "format" in str(entry.pattern):
                continue  # DRF's ".json" twins of the same view
            yield ns + entry.name, set(entry.pattern.regex.groupindex)


def url_names() -> list[str]:
    return sorted({name for name, _ in _patterns()})


def url_params() -> dict[str, set]:
    return dict(_patterns())


@pytest.fixture
def world(two_provinces, settings, tmp_path):
    """The demo objects of Lục Nam 2021 (Dứa Bảo Sơn: in round 1, forwarded, recognised 3★, with its
    entitlement) plus a draft and a submitted registration of Bảo Sơn, a document, a forwarding,
    a job; and the personas' users."""
    settings.MEDIA_ROOT = tmp_path
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    call_command("seed_demo", verbosity=0)
    from accounts.models import User
    from evaluations.models import Council, Recognition, Round, RoundEntry, Scorecard
    from promotion.models import Article, Course, Event, Participation
    from registrations import services as reg_services
    from registrations.models import CommuneList, DossierDocument, Forwarding, Registration, RegistrationPeriod
    from subsidies.models import BudgetSource, Entitlement

    users = {u.username: u for u in User.objects.all()}
    personas = {}
    for name, who in PERSONAS.items():
        if who is None:
            personas[name] = None
        elif isinstance(who, str):
            personas[name] = users[who]
        else:
            personas[name] = make_user(who[0], who[1], username=f"t.{name}")
    reg = Registration.objects.select_related("producer", "product").get(product__name="Dứa Bảo Sơn", year=2021)
    from registrations.models import Producer
    from registrations.representatives import representative_add

    representative_add(producer=Producer.objects.filter(commune__code="218-11").first(),
                       user=personas["other_producer"], actor=None)
    RegistrationPeriod.objects.create(district=reg.commune.parent, year=2030, number=1, name="Đợt 2030",
                                      deadline=datetime.date(2030, 3, 31))
    draft = reg_services.registration_create(actor=users["xa.baoson"], producer=reg.producer,
                                             product_name="Mứt dứa thử", year=2030)
    RegistrationPeriod.objects.create(district=reg.commune.parent, year=2031, number=1, name="Đợt 2031",
                                      deadline=datetime.date(2031, 3, 31))
    from registrations.selectors import classification_for, subgroups_of

    subgroup = subgroups_of(classification_for(reg.commune.parent, 2031)).first()  # ready to be sent
    submitted = reg_services.registration_create(actor=users["xa.baoson"], producer=reg.producer,
                                                 product_name="Dứa sấy thử", year=2031, category=subgroup)
    # 2031 runs under 1489/QĐ-TTg: the commune assesses the dossier and sends its list with a proposal letter.
    met = "met"
    reg_services.commune_assessment_record(
        registration=submitted, actor=users["xa.baoson"], meeting_date=datetime.date(2031, 3, 1), chair="A",
        participants="B", results={"origin": met, "labour": met, "idea": met, "identity": met})
    reg_services.commune_proposal_send(commune_list=submitted.commune_list, actor=users["xa.baoson"],
                                       letter_number="1/UBND", letter_date=datetime.date(2031, 3, 2), signer="A")
    submitted.refresh_from_db()
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    draft_doc = reg_services.document_upload(registration=draft, actor=users["xa.baoson"], doc_type="bieu01",
                                             uploaded_file=SimpleUploadedFile("a.pdf", pdf, "application/pdf"))
    reg_doc = DossierDocument.objects.create(registration=reg, doc_type="bieu01", original_name="b.pdf",
                                             content_type="application/pdf", size=len(pdf),
                                             file=SimpleUploadedFile("b.pdf", pdf, "application/pdf"))
    forwarding = Forwarding.objects.create(district=reg.commune.parent, year=2021, letter_number="1/UBND",
                                           letter_date=datetime.date(2021, 7, 20), signer="A",
                                           created_by=users["phongnn"])
    forwarding.registrations.add(reg)
    job = Job.objects.create(kind="test", title="t", owner=users["phongnn"], status=Job.Status.DONE,
                             result_file=SimpleUploadedFile("r.xlsx", b"x"), result_name="r.xlsx")
    forwarding.package_job = Job.objects.create(kind="package", title="p", owner=users["phongnn"],
                                                status=Job.Status.DONE, result_name="p.zip",
                                                result_file=SimpleUploadedFile("p.zip", b"PK"))
    forwarding.save(update_fields=["package_job"])
    photo = DossierDocument.objects.create(registration=reg, doc_type=DossierDocument.DocType.PHOTO, is_public=True,
                                           original_name="p.png", content_type="image/png", size=3,
                                           file=SimpleUploadedFile("p.png", b"png", "image/png"))
    article = Article.objects.first()
    article.cover_image = SimpleUploadedFile("c.png", b"png", "image/png")
    article.save(update_fields=["cover_image"])
    entry = RoundEntry.objects.select_related("round").get(registration=reg)
    published = Round.objects.create(
        district=reg.commune.parent, year=2022, number=1, name="Đợt thử", deadline=datetime.date(2022, 7, 10),
        criteria_set=entry.round.criteria_set, council=entry.round.council, status=Round.Status.PUBLISHED)
    baoson = reg.commune
    proposal, below = (
        RoundEntry.objects.create(
            round=published, registration=RegistrationFactory(year=2022, product__producer__commune=baoson),
            sheet=entry.sheet, order=order, score=score, stars=stars, proposed=proposed)
        for order, score, stars, proposed in ((1, 75, 4, True), (2, 40, 2, False))
    )
    # A product the province council scored 92 (2022, under 1048): forwarded to the centre, where the
    # ministry records its 5★ decision (the centre's stage).
    from accounts.models import AdministrativeUnit

    province_round = Round.objects.create(
        district=AdministrativeUnit.objects.get(code="24"), level="province", year=2022, number=1, name="Đợt tỉnh",
        deadline=datetime.date(2022, 8, 10), criteria_set=entry.round.criteria_set, status=Round.Status.PUBLISHED)
    centre_proposal = RoundEntry.objects.create(
        round=province_round, registration=RegistrationFactory(year=2022, product__producer__commune=baoson,
                                                               status="forwarded"),
        sheet=entry.sheet, order=1, score=92, stars=5, proposed=True)
    scorecard = Scorecard.objects.filter(entry=entry, member__user=users["hoidong.chutich"]).first()
    producer_objects = _producer_objects(users, reg, pdf)
    planned = Round.objects.create(
        district=reg.commune.parent, year=2023, number=1, name="Đợt dự kiến", deadline=datetime.date(2023, 7, 10),
        criteria_set=entry.round.criteria_set, council=entry.round.council)
    from notifications.models import Notification
    from plans.models import Plan, Remark, SupportCase, Task

    plan = Plan.objects.get(unit=reg.commune.parent, year=2021)
    task = Task.objects.filter(activity__section__plan=plan, lead_body=Role.AGRICULTURE_OFFICE).first()
    remark = Remark.objects.create(plan=plan, author=personas["supervision"], text="Ý kiến thử")
    case = SupportCase.objects.create(producer=reg.producer, kind=SupportCase.Kind.values[0],
                                      provider_body=Role.AGRICULTURE_OFFICE, created_by=users["phongnn"])
    notification = Notification.objects.create(user=users["phongnn"], kind="test", title="Thông báo thử")
    # The 1489 commune stage's records on the shared dossier (which every dossier role sees): its
    # assessment report and its list's proposal letter, as a 1489 dossier carries them.
    from registrations.models import CommuneAssessment, CommuneProposal

    met = CommuneAssessment.Result.MET
    CommuneAssessment.objects.create(registration=reg, meeting_date=datetime.date(2021, 5, 10), chair="A",
                                     participants="B", origin=met, labour=met, idea=met, identity=met)
    CommuneProposal.objects.create(commune_list=reg.commune_list, letter_number="1/UBND", signer="A",
                                   letter_date=datetime.date(2021, 5, 20), created_by=users["xa.baoson"])
    event = Event.objects.first()
    # The register of Bảo Sơn (its commune keeps it) with a number reserved by the commune; a public signed copy.
    from documents import services as doc_services
    from documents.models import Document, Kind

    register_doc = doc_services.document_reserve(unit=baoson, body_code="ubnd", kind=Kind.LETTER,
                                                 day=datetime.date(2021, 5, 20), title="Công văn thử",
                                                 actor=users["xa.baoson"])
    import io

    from pypdf import PdfWriter

    signed, writer = io.BytesIO(), PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(signed)
    doc_services.document_attach_signed(document=register_doc, actor=users["xa.baoson"],
                                        upload=SimpleUploadedFile("ky.pdf", signed.getvalue(), "application/pdf"))
    Document.objects.filter(pk=register_doc.pk).update(public=True)  # a signed copy the issuer made public
    public_doc = register_doc
    objects = {
        "registration": reg.pk, "draft": draft.pk, "submitted": (submitted or draft).pk,
        "draft_doc": draft_doc.pk, "reg_doc": reg_doc.pk,
        "draft_list": CommuneList.objects.get(pk=draft.commune_list_id).pk,
        "producer": reg.producer_id, "forwarding": forwarding.pk, "job": job.pk,
        "round": entry.round_id, "entry": entry.pk, "scorecard": scorecard.pk if scorecard else 0,
        "council": Council.objects.get(rounds=entry.round).pk, "criteria_set": entry.round.criteria_set_id,
        "sheet": entry.sheet_id, "recognition": Recognition.objects.get(registration=reg).pk,
        "below": below.pk, "proposal": proposal.pk, "published": published.pk, "centre_proposal": centre_proposal.pk,
        "centre_registration": centre_proposal.registration_id,
        "entitlement": Entitlement.objects.get(recognition__registration=reg).pk,
        "budget_source": BudgetSource.objects.first().pk,
        "slug": reg.product.slug, "photo": photo.pk, "event": event.pk if event else 0,
        "participation": Participation.objects.first().pk if Participation.objects.exists() else 0,
        "article": article.pk if article else 0, "article_slug": article.slug if article else "x",
        "course": Course.objects.first().pk if Course.objects.exists() else 0,
        **producer_objects,
        "planned": planned.pk, "plan": plan.pk, "task": task.pk, "remark": remark.pk, "case": case.pk,
        "notification": notification.pk, "commune": baoson.pk,
        "list": reg.commune_list_id,
        "register": baoson.code, "register_doc": register_doc.pk, "public_doc": public_doc.pk if public_doc else 0,
    }
    return {"personas": personas, "objects": objects}


def _producer_objects(users, reg, pdf) -> dict:
    """The objects of the producer's pages (issue 15): a draft and a sent dossier of Dứa Bảo Sơn's
    producer by its representative, a document, an invitation, a page proposal with a photo."""
    import io

    from PIL import Image

    from promotion.pages import page_approve, page_propose
    from registrations import representatives
    from registrations import services as reg_services
    from registrations.models import ProducerRepresentative

    rep = users["chuthe.duabaoson"]
    p_draft = reg_services.registration_create(actor=rep, producer=reg.producer, product_name="Nước dứa thử", year=2030)
    p_doc = reg_services.document_upload(registration=p_draft, actor=rep, doc_type="bieu01",
                                         uploaded_file=SimpleUploadedFile("c.pdf", pdf, "application/pdf"))
    p_sent = reg_services.registration_create(actor=rep, producer=reg.producer, product_name="Dứa ép thử", year=2030)
    representatives.registration_send_to_commune(registration=p_sent, actor=rep)
    invitation, _code = representatives.invitation_create(actor=users["xa.baoson"], producer=reg.producer,
                                                          full_name="Người thử")
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8)).save(jpeg, format="JPEG")
    page = page_propose(product=reg.product, actor=rep, description="Thử",
                        photos=[SimpleUploadedFile("p.jpg", jpeg.getvalue(), "image/jpeg")])
    page_approve(page=page, actor=users["xa.baoson"])  # its photo is public (promotion:page_photo)
    return {"p_draft": p_draft.pk, "p_sent": p_sent.pk, "p_doc": p_doc.pk, "invitation": invitation.pk,
            "representative": ProducerRepresentative.objects.get(user=rep).pk, "page": page.pk,
            "page_photo": page.photos.get().pk, "product": reg.product_id}


def kwargs_for(name: str, o: dict, params: set) -> dict:
    """The URL arguments of each pattern, from the shared object set."""
    by_name = {
        "accounts:job_status": {"pk": o["job"]}, "accounts:job_download": {"pk": o["job"]},
        "registrations:producer_detail": {"pk": o["producer"]},
        "registrations:registration_detail": {"pk": o["registration"]},
        "registrations:registration_history": {"pk": o["registration"]},
        "registrations:registration_edit": {"pk": o["draft"]},
        "registrations:document_upload": {"pk": o["draft"]},
        "registrations:registration_review": {"pk": o["submitted"]},
        "registrations:document_download": {"pk": o["reg_doc"]},
        "registrations:document_delete": {"pk": o["draft_doc"]},
        "registrations:commune_list_submit": {"pk": o["draft_list"]},
        "evaluations:feedback_pdf": {"pk": o["below"]},
        "evaluations:round_action": {"pk": o["round"], "action": "open"},
        "evaluations:round_minutes": {"pk": o["published"]}, "evaluations:round_results": {"pk": o["published"]},
        "evaluations:score_entry": {"pk": o["entry"]}, "evaluations:score_preview": {"pk": o["entry"]},
        "evaluations:entry_conclusion": {"pk": o["entry"]},
        "evaluations:scorecard_pdf": {"pk": o["scorecard"]}, "evaluations:scorecard_reopen": {"pk": o["scorecard"]},
        "evaluations:council_detail": {"pk": o["council"]},
        "evaluations:criteria_detail": {"pk": o["criteria_set"]},
        "evaluations:criteria_export": {"pk": o["criteria_set"]},
        "evaluations:criteria_import": {"pk": o["criteria_set"]},
        "evaluations:sheet_detail": {"pk": o["sheet"]},
        "evaluations:recognition_create": {"pk": o["proposal"]},
        "evaluations:recognition_validity": {"pk": o["proposal"]},
        "evaluations:recognition_refuse": {"pk": o["proposal"]},
        "evaluations:centre_recognition_create": {"pk": o["centre_proposal"]},
        "evaluations:centre_outside_create": {"pk": o["centre_registration"]},
        "evaluations:recognition_detail": {"pk": o["recognition"]},
        "subsidies:budget_allocate": {"pk": o["budget_source"]}, "subsidies:budget_spend": {"pk": o["budget_source"]},
        "promotion:product": {"slug": o["slug"]}, "promotion:product_label": {"slug": o["slug"]},
        "promotion:product_qr": {"slug": o["slug"], "fmt": "svg"},
        "promotion:product_photo": {"slug": o["slug"], "pk": o["photo"]},
        "promotion:news_detail": {"slug": o["article_slug"]}, "promotion:article_cover": {"slug": o["article_slug"]},
        "promotion:api-product-detail": {"slug": o["slug"]},
        "promotion:api-event-detail": {"pk": o["event"]},
        "promotion:api-registration-detail": {"pk": o["registration"]},
        "promotion:api-recognition-detail": {"pk": o["recognition"]},
        "promotion:api-round-result-detail": {"pk": o["proposal"]},
        "promotion:event_report": {"pk": o["event"], "fmt": "xlsx"},
        "promotion:year_report": {"year": 2021, "fmt": "xlsx"},
        "promotion:participation_results": {"pk": o["participation"]},
        "promotion:participation_withdraw": {"pk": o["participation"]},
        "promotion:article_edit": {"pk": o["article"]}, "promotion:article_status": {"pk": o["article"]},
        "promotion:course": {"pk": o["course"]}, "promotion:course_edit": {"pk": o["course"]},
        "promotion:page_photo": {"slug": o["slug"], "pk": o["page_photo"]},
        "producers:registration": {"pk": o["p_draft"]}, "producers:registration_edit": {"pk": o["p_draft"]},
        "producers:document_upload": {"pk": o["p_draft"]}, "producers:registration_send": {"pk": o["p_draft"]},
        "producers:document_download": {"pk": o["p_doc"]}, "producers:document_delete": {"pk": o["p_doc"]},
        "producers:certificate": {"pk": o["recognition"]},
        "producers:recognition_paper": {"pk": o["recognition"], "purpose": "recognition_decision", "fmt": "pdf"},
        "producers:page_propose": {"pk": o["product"]},
        "producers:page_photo": {"pk": o["page_photo"]}, "producers:invite": {"pk": o["producer"]},
        "producers:invitation_cancel": {"pk": o["invitation"]},
        "producers:representative_revoke": {"pk": o["representative"]},
        "producers:intake": {"pk": o["p_sent"]}, "producers:page_review": {"pk": o["page"]},
        "producers:page_review_photo": {"pk": o["page_photo"]},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "registrations:producer_delete": {"pk": o["producer"]},
        "registrations:registration_delete": {"pk": o["draft"]},
        "registrations:registration_category": {"pk": o["submitted"]},
        "registrations:commune_assessment": {"pk": o["draft"]},
        "registrations:commune_assessment_report": {"pk": o["registration"]},
        "registrations:commune_proposal": {"pk": o["draft_list"]},
        "registrations:commune_proposal_letter": {"pk": o["list"]},
        "evaluations:round_edit": {"pk": o["planned"]}, "evaluations:round_cancel": {"pk": o["planned"]},
        "evaluations:commune_results": {"commune": o["commune"], "year": 2021},
        "plans:plan_detail": {"pk": o["plan"]}, "plans:plan_copy": {"pk": o["plan"]},
        "plans:remark_create": {"pk": o["plan"]}, "plans:remark_answer": {"pk": o["remark"]},
        "plans:task_detail": {"pk": o["task"]}, "plans:task_link": {"pk": o["task"]},
        "plans:task_edit": {"pk": o["task"]},
        "plans:case_detail": {"pk": o["case"]},
        "notifications:open": {"pk": o["notification"]},
        "documents:register": {"code": o["register"]}, "documents:export": {"code": o["register"]},
        "documents:reserve": {"code": o["register"]},
        "documents:download": {"pk": o["register_doc"], "fmt": "signed"},
        "documents:upload_signed": {"pk": o["register_doc"]},
        "documents:issue": {"code": "commune_list", "pk": o["list"]},
        "documents:public_signed": {"pk": o["public_doc"]},
    }
    if name in by_name or not params:
        return by_name.get(name, {})
    prefix = name.split(":")[0]
    default = {"registrations": "forwarding", "evaluations": "round", "subsidies": "entitlement",
               "promotion": "event"}.get(prefix)
    return {"pk": o[default]} if default else {}


def answer(client, path: str, user) -> tuple[str, int]:
    """'allowed' or 'denied' for one request (GET, or an empty POST where the view only takes POST),
    inside a savepoint rolled back afterwards. The province API is called with the user's token."""
    headers = {}
    if user is not None and path.startswith("/api/v1/province/"):
        from rest_framework.authtoken.models import Token

        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    with transaction.atomic():
        response = client.get(path, **headers)
        if response.status_code == 405:
            response = client.post(path, {}, **headers)
        transaction.set_rollback(True)
    status = response.status_code
    signed_out = status == 302 and response["Location"].startswith(LOGIN) and path != "/tai-khoan/dang-xuat/"
    denied = status in (401, 403, 404) or signed_out
    return ("denied" if denied else "allowed"), status


def expected(name: str, persona: str, user) -> str:
    page = declared_pages()[name]
    if user is None:
        return "allowed" if page.section == Section.PUBLIC else "denied"
    if name in OWNER_ONLY:
        return "allowed" if persona in OWNER_ONLY[name] else "denied"
    from accounts.permissions import roles_of

    specs = [ROLE_SPECS[Role(r)] for r in roles_of(user)]
    if page.home:
        return "allowed" if any(s.home == name or s.role == Role.ADMIN for s in specs) else "denied"
    if not any(page.section in s.sections for s in specs):
        return "denied"
    if page.scoped and persona in OUTSIDERS and not (page.owner == Level.DISTRICT and persona in SAME_DISTRICT):
        return "denied"
    return "allowed"


def test_every_url_pattern_is_declared():
    missing = [name for name in url_names() if name not in declared_pages()]
    assert not missing, f"URL patterns without an access declaration (<app>/access.py): {missing}"
    stale = sorted(set(declared_pages()) - set(url_names()))
    assert not stale, f"declarations of URL names that no longer exist: {stale}"


def test_every_role_has_a_spec_and_a_persona():
    assert set(ROLE_SPECS) == set(Role)
    held = {r for who in PERSONAS.values() if isinstance(who, tuple) for r in [who[0]]}
    from accounts.demo import DEMO_USERS

    # a persona named by a demo username holds that demo user's role
    demo_roles = {role for username, _name, role, _unit in DEMO_USERS if username in PERSONAS.values()}
    assert held | demo_roles == set(Role), "every role needs a persona in the access matrix"


def test_url_role_matrix(world, client, caplog):
    from django.urls import reverse

    # Thousands of expected 403/404 warnings (with tracebacks) are not logged: a shorter run. A 500
    # still logs at ERROR, and every answer is checked below.
    caplog.set_level(logging.ERROR, logger="django.request")

    objects = world["objects"]
    params = url_params()
    wrong = []
    requests = 0
    for persona, user in world["personas"].items():
        client.logout()
        if user is not None:
            client.force_login(user)
            if persona in SWITCH_TO:
                from accounts.models import AdministrativeUnit

                unit = AdministrativeUnit.objects.get(code=SWITCH_TO[persona])
                assert client.post("/tai-khoan/don-vi/", {"unit": unit.pk}).status_code == 302
        for name in url_names():
            if name not in declared_pages():
                continue  # reported by test_every_url_pattern_is_declared
            if persona in OUTSIDERS - {"unit_admin"} and not declared_pages()[name].scoped and name not in OWNER_ONLY:
                continue  # same answer as the insider of the same role (an unscoped page): keep the run short
            path = reverse(name, kwargs=kwargs_for(name, objects, params[name]) or None)
            got, status = answer(client, path, user)
            if name == "accounts:logout" and user is not None:
                client.force_login(user)  # the empty POST signed the user out
                if persona in SWITCH_TO:
                    client.post("/tai-khoan/don-vi/", {"unit": unit.pk})
            requests += 1
            want = expected(name, persona, user)
            if got != want:
                wrong.append(f"{persona:28} {name:42} want {want:7} got {status}")
    assert requests > 1500
    assert not wrong, "\n" + "\n".join(wrong)
