"""Every export of the portal, with every text field of the demo data poisoned with formula and HTML
payloads, contains no formula cell (except those the code writes on purpose) and no unescaped
markup (issue 9 item 1). PDFs are checked through the HTML they are rendered from."""

import importlib
import inspect
import io
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://x","bấm")', "+1", "-1", "@SUM(A1)", "<script>alert(1)</script>"]
MARKUP = "<script>alert(1)</script>"
APPS = ("accounts", "registrations", "evaluations", "subsidies", "promotion", "stats")
# identifiers the code looks rows up by, derived search keys and credentials: not user text
SKIP_FIELDS = {"code", "slug", "password", "username", "name_search", "search_text", "email"}
# every formula an export writes on purpose: (file, sheet, cell) — none today
DELIBERATE_FORMULAS: set[tuple[str, str, str]] = set()
EXPORT_MODULES = ("registrations.exports", "evaluations.exports", "subsidies.exports", "promotion.exports",
                  "stats.exports")


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if (isinstance(field, (models.CharField, models.TextField)) and not field.choices and not field.primary_key
                and field.name not in SKIP_FIELDS and not isinstance(field, (models.SlugField, models.EmailField,
                                                                               models.URLField, models.FileField))
                and (field.max_length is None or field.max_length >= 12)):
            yield field


def poison_everything() -> int:
    """Give every text field of every row a payload (a different one per row, each starting with
    its dangerous character; unique fields get the row id appended). Returns the fields poisoned."""
    count = 0
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            fields = list(_text_fields(model))
            if not fields:
                continue
            for index, pk in enumerate(model.objects.values_list("pk", flat=True)):
                values = {}
                for n, field in enumerate(fields):
                    value = f"{PAYLOADS[(index + n) % len(PAYLOADS)]} {pk}"
                    values[field.name] = value[: field.max_length] if field.max_length else value
                models.QuerySet(model=model).filter(pk=pk).update(**values)  # append-only models too
            count += len(fields)
    return count


class HtmlCapture:
    """Stands in for weasyprint.HTML: keeps the HTML a PDF would be drawn from."""

    pages: list[str] = []

    def __init__(self, string, **kwargs):
        self.pages.append(string)

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7 captured"


def formula_cells(name: str, content: bytes) -> list[tuple[str, str, str]]:
    workbook = load_workbook(io.BytesIO(content))  # normal mode: formulas come back as data_type "f"
    found = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.data_type != "s" and c.value.startswith("=")):
                    found.append((name, ws.title, c.coordinate))
    return found


def all_text(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _forward_some(users):
    """A forwarding to the province, so that its ZIP package (a job output) is produced too."""
    import datetime

    from accounts.models import AdministrativeUnit
    from registrations.models import Forwarding, Registration
    from registrations.services import forwarding_create, split_forwardable

    if Forwarding.objects.exists():
        return
    from evaluations.models import Round, RoundEntry

    district = AdministrativeUnit.objects.get(code="218")
    # Only what the procedure lets be forwarded: two accepted products scored 70 by the district
    # council in a closed round.
    open_round = Round.objects.get(district=district, year=2021, number=1)
    closed = Round.objects.create(
        district=district, year=2021, number=9, name="Đợt chấm bổ sung", deadline=datetime.date(2021, 7, 10),
        criteria_set=open_round.criteria_set, council=open_round.council, level=open_round.level,
        status=Round.Status.CLOSED)
    sheet = open_round.entries.first().sheet
    for order, registration in enumerate(
            Registration.objects.filter(year=2021, status=Registration.Status.ACCEPTED).order_by("pk")[:2]):
        RoundEntry.objects.create(round=closed, registration=registration, sheet=sheet, order=order, score=70,
                                  stars=4, proposed=True)
    accepted, _refused = split_forwardable(
        Registration.objects.filter(year=2021, status=Registration.Status.ACCEPTED), district)
    assert len(accepted) == 2
    forwarding_create(district=district, year=2021, registrations=accepted[:2],
                      letter_number="45/UBND-NN", letter_date=datetime.date(2021, 7, 12), signer="Hoàng Văn Toán",
                      actor=users["phongnn"], purpose="Đề nghị đánh giá", confirm_missing=True)


@pytest.fixture
def poisoned(db, monkeypatch):
    call_command("seed_demo", verbosity=0)
    from accounts.models import User

    users = {u.username: u for u in User.objects.all()}
    _forward_some(users)
    assert poison_everything() > 30
    import weasyprint

    HtmlCapture.pages = []
    monkeypatch.setattr(weasyprint, "HTML", HtmlCapture)
    return users


def produce_every_export(users, tmp_path) -> tuple[dict[str, bytes], set[str]]:
    """(file name → bytes) of every workbook and PDF the portal writes, and the export functions used."""
    from accounts.models import AdministrativeUnit
    from evaluations import exports as ev
    from evaluations.models import CriteriaSet, Round, RoundEntry, Scorecard
    from evaluations.selectors import feedback_for
    from promotion import exports as pr
    from promotion import selectors as promo
    from promotion.models import Event
    from registrations import exports as rg
    from registrations.forwarding import build_package
    from registrations.models import Forwarding
    from subsidies import exports as sb

    district = AdministrativeUnit.objects.get(code="218")
    files: dict[str, bytes] = {}
    used: set[str] = set()

    def add(name, fn, *args, **kwargs):
        used.add(fn.__name__)
        result = fn(*args, **kwargs)
        files[name] = result[1] if isinstance(result, tuple) else result

    for fmt in ("xlsx", "pdf"):
        add(f"district-list.{fmt}", rg.export_district_list, year=2021, district=district, fmt=fmt)
        used.update({"build_xlsx", "build_pdf"})
        path = tmp_path / f"cmd-registrations.{fmt}"
        call_command("export_registrations", "--year", "2021", "--output", str(path), verbosity=0)
        files[path.name] = path.read_bytes()
        path = tmp_path / f"cmd-subsidies.{fmt}"
        call_command("export_subsidies", "--year", "2021", "--output", str(path), verbosity=0)
        files[path.name] = path.read_bytes()
        for kind in sb.REPORT_KINDS:
            add(f"subsidies-{kind}.{fmt}", sb.build, kind, fmt, sb.ReportParams(year=2021), users["taichinh"])
    used.update({"subsidy_report_xlsx", "subsidy_report_pdf", "payment_list_xlsx", "payment_list_pdf"})
    add("budget.xlsx", sb.budget_report_xlsx, 2021, issuing_unit="UBND")
    add("budget.pdf", sb.budget_report_pdf, 2021, user=users["taichinh"])

    for round_ in Round.objects.all():
        add(f"results-{round_.pk}.xlsx", ev.results_xlsx, round_)
        add(f"minutes-{round_.pk}.pdf", ev.minutes_pdf, round_, user=users["thuky"])
    for card in Scorecard.objects.all()[:3]:
        add(f"scorecard-{card.pk}.pdf", ev.scorecard_pdf, card, user=users["thuky"])
    # the notice of results exists for published rounds' products below the minimum
    models.QuerySet(model=Round).update(status=Round.Status.PUBLISHED)
    models.QuerySet(model=RoundEntry).update(proposed=False)
    for entry in list(feedback_for(users["admin"]))[:3]:
        add(f"feedback-{entry.pk}.pdf", ev.feedback_pdf, entry)
    for criteria_set in CriteriaSet.objects.all():
        add(f"criteria-{criteria_set.pk}.xlsx", ev.criteria_set_xlsx, criteria_set)

    for event in Event.objects.all():
        participations = list(promo.event_participations(event))
        add(f"event-{event.pk}.xlsx", pr.event_report_xlsx, event, participations)
        add(f"event-{event.pk}.pdf", pr.event_report_pdf, event, participations, user=users["phongnn"])
    events = list(promo.events_of_year(district, 2021))
    add("promotion-2021.xlsx", pr.year_report_xlsx, district, 2021, events)
    add("promotion-2021.pdf", pr.year_report_pdf, district, 2021, events, user=users["phongnn"])

    # statistics: the staff and public downloads (through the views) and the programme report
    from django.test import Client

    from stats import report
    from stats.exports import table_csv, tables_xlsx

    client = Client()
    client.force_login(users["phongnn"])
    for name, url in (("stats-staff.xlsx", "/thong-ke/tai-ve/?nam=2021"),
                      ("stats-public.xlsx", f"/thong-ke/cong-khai/tai-ve/?nam=2021&don_vi={district.pk}")):
        response = client.get(url)
        assert response.status_code == 200, url
        files[name] = response.content
    used.add(tables_xlsx.__name__)
    response = client.get("/thong-ke/tai-ve/?nam=2021&dinh_dang=csv&bang=subsidies")
    assert response.status_code == 200
    files["stats-subsidies.csv"] = response.content
    used.add(table_csv.__name__)
    for unit_code in ("218", "24"):
        for fmt in ("xlsx", "pdf"):
            files[f"report-{unit_code}.{fmt}"] = report.build(AdministrativeUnit.objects.get(code=unit_code), 2021, "year", fmt)[1]

    # job outputs: the forwarding package holds the district list and the council's files
    for forwarding in Forwarding.objects.all():
        job = type("J", (), {"params": {"forwarding_id": forwarding.pk}})()
        _name, package = build_package(job, lambda p: None)
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            for member in archive.namelist():
                if member.endswith((".xlsx", ".pdf")):
                    files[f"zip-{forwarding.pk}-{member}"] = archive.read(member)
    return files, used


def test_no_export_has_a_formula_or_markup_from_user_text(poisoned, tmp_path):
    files, used = produce_every_export(poisoned, tmp_path)
    workbooks = {name: content for name, content in files.items() if name.endswith(".xlsx")}
    assert len(workbooks) >= 10 and any(name.startswith("zip-") for name in files)
    formulas = [cell for name, content in workbooks.items() for cell in formula_cells(name, content)]
    assert set(formulas) <= DELIBERATE_FORMULAS, formulas[:20]
    # the payloads are there, as text, exactly as the users typed them
    texts = [t for content in workbooks.values() for t in all_text(content)]
    for payload in PAYLOADS:
        assert any(t.startswith(payload) for t in texts), payload
    # the statistics downloads and the programme report carry the poisoned unit and source names as text
    for name in ("stats-staff.xlsx", "stats-public.xlsx", "report-218.xlsx", "report-24.xlsx"):
        assert any(t.startswith(tuple(PAYLOADS)) for t in all_text(files[name])), name
    csv_cells = files["stats-subsidies.csv"].decode("utf-8-sig").splitlines()
    assert not any(line.startswith(("=", "+", "-", "@")) for line in csv_cells)
    assert any(line.startswith("'") for line in csv_cells)
    district_texts = all_text(files["district-list.xlsx"])
    assert any(t.startswith('=HYPERLINK("http://x","bấm")') for t in district_texts)
    # HTML the PDFs are drawn from: the payload is escaped, never markup
    assert len(HtmlCapture.pages) >= 8
    for html in HtmlCapture.pages:
        assert MARKUP not in html
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in html for html in HtmlCapture.pages)
    # every workbook/PDF builder of the export modules was exercised (a new one cannot be forgotten)
    builders = {
        name for module in EXPORT_MODULES
        for name, fn in inspect.getmembers(importlib.import_module(module), inspect.isfunction)
        if fn.__module__ == module and name.endswith(("_xlsx", "_pdf")) and not name.startswith("_")
    }
    assert builders <= used, builders - used
