"""Scale data generator (issue 11 item 3): consistent programme data at province or nation size.

Everything is written with `bulk_create` in batches, in one transaction, deterministic per seed
(`random.Random(seed)`, no clock). Generated rows are recognisable by their unit codes
(`Z<seed>P..`), product slugs (`scale-<seed>-...`) and usernames (`scale<seed>.`): a second run
with the same seed refuses with a clear message instead of doubling the data.

It sits at the top of the app chain (it writes every domain app's rows) and is used by
`manage.py generate_scale_data`, by the bench scripts and by the tests' `test` preset. It bypasses
the services on purpose (bulk inserts, no history rows, no e-mail): it builds benchmark data, not
programme records, and is never run against a production database.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction

from accounts.text import fold

BATCH = 2000

PRESETS = {
    # small numbers for the tests (SQLite and PostgreSQL in CI)
    "test": dict(provinces=2, districts_per_province=2, communes_per_province=6, producers=30, registrations=60,
                 rounds=2, entries_per_round=8, members=3, recognitions=20),
    # issue 11: 1 province, 10 old districts, 250 communes, 5,000 producers, 10,000 registrations, 500 × 9
    "province": dict(provinces=1, districts_per_province=10, communes_per_province=250, producers=5000,
                     registrations=10000, rounds=1, entries_per_round=500, members=9, recognitions=2000),
    # issue 11: 34 provinces, 3,321 communes, 60,000 producers, 200,000 registrations, 20,000 recognitions
    "nation": dict(provinces=34, districts_per_province=3, communes_per_province=98, producers=60000,
                   registrations=200000, rounds=34, entries_per_round=100, members=9, recognitions=20000),
}

YEARS = (2022, 2023, 2024, 2025, 2026)
WORDS = ("Bưởi", "Vải thiều", "Mật ong", "Gạo nếp", "Chè xanh", "Miến dong", "Na dai", "Trà hoa vàng", "Nấm linh chi",
         "Rượu làng", "Cam đường", "Tương nếp", "Bánh đa", "Mỳ Chũ", "Hạt dẻ", "Dưa lưới", "Gà đồi", "Trứng vịt")
PLACES = ("Đồng Tâm", "Bảo Sơn", "Phương Sơn", "Mai Sưu", "Tân Mộc", "Nghĩa Phương", "Yên Sơn", "Cẩm Lý", "Vũ Xá",
          "Đan Hội", "Bắc Lũng", "Tiên Nha", "Lục Sơn", "Trường Sơn", "Huyền Sơn", "Đông Hưng")


class AlreadyGenerated(Exception):
    """The seed's data is already in the database."""


@dataclass
class Params:
    provinces: int = 1
    districts_per_province: int = 10
    communes_per_province: int = 250
    producers: int = 5000
    registrations: int = 10000
    rounds: int = 1
    entries_per_round: int = 500
    members: int = 9
    recognitions: int = 2000
    seed: int = 1

    @classmethod
    def preset(cls, name: str, **overrides) -> Params:
        values = dict(PRESETS[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def prefix(seed: int) -> str:
    return f"Z{seed}P"


def already_generated(seed: int) -> bool:
    from accounts.models import AdministrativeUnit

    return AdministrativeUnit.objects.filter(code__startswith=prefix(seed)).exists()


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _ticks(sheet_criteria, strength: float, rng: random.Random):
    """One level per criterion (first criterion of each alternative group), deterministic."""
    ticks, groups = [], set()
    for crit, levels in sheet_criteria:
        if crit.alternative_group:
            if crit.alternative_group in groups:
                continue
            groups.add(crit.alternative_group)
        index = min(len(levels) - 1, max(0, round(strength * (len(levels) - 1) + rng.choice((-1, 0, 0, 1)))))
        ticks.append((crit, levels[index]))
    return ticks


@transaction.atomic
def generate(params: Params, *, log=print) -> dict:  # noqa: C901 - one linear recipe, step by step
    from accounts.models import AdministrativeUnit, RoleAssignment, User
    from accounts.roles import Role
    from evaluations.models import (
        Council,
        CouncilMember,
        CriteriaSet,
        Criterion,
        Recognition,
        Round,
        RoundEntry,
        Scorecard,
        ScoreItem,
        ScoreSheet,
        StarThreshold,
    )
    from evaluations.services import mark_latest
    from promotion.models import Event as PromotionEvent
    from promotion.models import Participation
    from registrations.models import (
        CommuneList,
        DossierDocument,
        Producer,
        Product,
        ProductCategory,
        Registration,
        RegistrationPeriod,
    )
    from subsidies.models import Entitlement, Event, SubsidyPayment, SupportPolicy

    p = params
    if already_generated(p.seed):
        raise AlreadyGenerated(
            f"Scale data of seed {p.seed} is already in this database (units {prefix(p.seed)}…): "
            "use another --seed or a fresh database."
        )
    if p.communes_per_province < p.districts_per_province:
        raise ValueError("communes per province must be at least districts per province")
    if p.producers < 1 or p.registrations < p.producers:
        raise ValueError("need at least one producer and at least as many registrations as producers")
    if p.recognitions > p.registrations:
        raise ValueError("recognitions cannot exceed registrations")
    criteria_set = CriteriaSet.objects.filter(code="QD1048").first()
    if criteria_set is None:
        raise ValueError("reference data missing: run `manage.py load_reference` first")
    rng = random.Random(p.seed)
    stats: dict[str, int] = {}
    pre = prefix(p.seed)

    # ---- units: provinces → districts → communes --------------------------------------------------------------
    provinces = _bulk(AdministrativeUnit, [
        AdministrativeUnit(kind=AdministrativeUnit.Kind.PROVINCE, code=f"{pre}{i + 1:02d}", name=f"Quy mô {p.seed}-{i + 1:02d}",
                           name_search=fold(f"Quy mô {p.seed}-{i + 1:02d}"), sort_order=9000 + i, verified=False,
                           source="generate_scale_data")
        for i in range(p.provinces)
    ])
    districts = _bulk(AdministrativeUnit, [
        AdministrativeUnit(kind=AdministrativeUnit.Kind.DISTRICT, code=f"{prov.code}D{d + 1:02d}", parent=prov,
                           name=f"{PLACES[d % len(PLACES)]} {prov.code[-2:]}{d + 1:02d}",
                           name_search=fold(f"{PLACES[d % len(PLACES)]} {prov.code[-2:]}{d + 1:02d}"),
                           sort_order=d, verified=False, source="generate_scale_data")
        for prov in provinces for d in range(p.districts_per_province)
    ])
    communes = []
    for pi in range(len(provinces)):
        own = districts[pi * p.districts_per_province:(pi + 1) * p.districts_per_province]
        for c in range(p.communes_per_province):
            name = f"{PLACES[(c * 7 + pi) % len(PLACES)]} {c + 1}"
            communes.append(AdministrativeUnit(
                kind=AdministrativeUnit.Kind.COMMUNE, code=f"{own[c % len(own)].code}C{c + 1:03d}", parent=own[c % len(own)],
                name=name, name_search=fold(name), sort_order=c, verified=False, source="generate_scale_data"))
    communes = _bulk(AdministrativeUnit, communes)
    stats.update(provinces=len(provinces), districts=len(districts), communes=len(communes))
    log(f"units: {len(provinces)} provinces, {len(districts)} districts, {len(communes)} communes")

    # ---- users: one office officer per district, council members per round ------------------------------------
    uname = f"scale{p.seed}."
    office_users = _bulk(User, [User(username=f"{uname}office{i + 1}", password="!", full_name=f"Cán bộ phòng {d.name}")
                                for i, d in enumerate(districts)])
    _bulk(RoleAssignment, [RoleAssignment(user=u, role=Role.AGRICULTURE_OFFICE, unit=d) for u, d in zip(office_users, districts, strict=True)])
    # one finance officer per district, one province officer per province, one commune officer per district's
    # first commune: the roles whose list pages the tests and the bench open
    finance_users = _bulk(User, [User(username=f"{uname}finance{i + 1}", password="!") for i in range(len(districts))])
    province_users = _bulk(User, [User(username=f"{uname}province{i + 1}", password="!") for i in range(len(provinces))])
    first_communes = {}
    for commune in communes:
        first_communes.setdefault(commune.parent_id, commune)
    commune_users = _bulk(User, [User(username=f"{uname}commune{i + 1}", password="!") for i in range(len(districts))])
    _bulk(RoleAssignment, [
        *(RoleAssignment(user=u, role=Role.FINANCE_OFFICE, unit=d) for u, d in zip(finance_users, districts, strict=True)),
        *(RoleAssignment(user=u, role=Role.PROVINCE, unit=pv) for u, pv in zip(province_users, provinces, strict=True)),
        *(RoleAssignment(user=u, role=Role.COMMUNE_OFFICER, unit=first_communes[d.pk])
          for u, d in zip(commune_users, districts, strict=True)),
    ])

    # ---- producers, products, registrations, dossier rows -----------------------------------------------------
    subgroups = list(ProductCategory.objects.filter(classification=criteria_set.classification, level="subgroup")
                     .select_related("parent").order_by("pk"))
    sheets = {s.subgroup_id: s for s in ScoreSheet.objects.filter(criteria_set=criteria_set, is_current=True)}
    scored_subgroups = [c for c in subgroups if c.pk in sheets] or subgroups
    kinds = [k for k, _label in Producer.Kind.choices]
    producers = []
    for i in range(p.producers):
        commune = communes[rng.randrange(len(communes))]
        name = f"{Producer.Kind(kinds[i % len(kinds)]).label} {WORDS[i % len(WORDS)]} {commune.name} số {i + 1}"
        producers.append(Producer(commune=commune, kind=kinds[i % len(kinds)], name=name, name_search=fold(name),
                                  legal_representative="Nguyễn Văn An", address=f"Thôn {PLACES[i % len(PLACES)]}"))
    producers = _bulk(Producer, producers)
    products = []
    for i in range(p.registrations):
        producer = producers[i % len(producers)]
        category = scored_subgroups[rng.randrange(len(scored_subgroups))]
        name = f"{WORDS[rng.randrange(len(WORDS))]} {PLACES[rng.randrange(len(PLACES))]} {i + 1}"
        products.append(Product(producer=producer, name=name, slug=f"scale-{p.seed}-{i + 1}", category=category,
                                name_search=fold(name)))
    products = _bulk(Product, products)
    sequences: dict[tuple[int, int], int] = {}
    statuses = [Registration.Status.ACCEPTED] * 6 + [Registration.Status.SUBMITTED, Registration.Status.FORWARDED,
                                                     Registration.Status.DRAFT, Registration.Status.RETURNED]
    registrations = []
    for product in products:
        producer = product.producer
        commune = producer.commune
        year = YEARS[rng.randrange(len(YEARS))]
        key = (commune.parent_id, year)
        sequences[key] = sequences.get(key, 0) + 1
        category = product.category
        registrations.append(Registration(
            product=product, producer=producer, commune=commune, year=year, status=statuses[rng.randrange(len(statuses))],
            category=category, sector_id=category.parent.parent_id if category.parent_id and category.parent.parent_id else None,
            sequence=sequences[key], workers_total=10, workers_local=8,
            search_text=fold(f"{product.name} {producer.name} {commune.name}")))
    # every registration sits in its commune's list of its district's period (as registration_create files it);
    # a list is submitted once any of its registrations went past the draft
    period_keys = sorted({(r.commune.parent_id, r.year) for r in registrations})
    periods = dict(zip(period_keys, _bulk(RegistrationPeriod, [
        RegistrationPeriod(district_id=district_id, year=year, name=f"Đợt đăng ký năm {year}",
                           deadline=datetime.date(year, 3, 31))
        for district_id, year in period_keys
    ]), strict=True))
    list_keys = sorted({(r.commune.pk, r.commune.parent_id, r.year) for r in registrations})
    past_draft = {(r.commune.pk, r.year) for r in registrations if r.status != Registration.Status.DRAFT}
    lists = _bulk(CommuneList, [
        CommuneList(commune_id=commune_id, period=periods[(district_id, year)],
                    status=CommuneList.Status.SUBMITTED if (commune_id, year) in past_draft else CommuneList.Status.DRAFT,
                    submitted_at=(datetime.datetime(year, 3, 20, 8, tzinfo=datetime.UTC)
                                  if (commune_id, year) in past_draft else None))
        for commune_id, district_id, year in list_keys
    ])
    list_of = {(key[0], key[2]): cl for key, cl in zip(list_keys, lists, strict=True)}
    for reg in registrations:
        reg.commune_list = list_of[(reg.commune.pk, reg.year)]
    registrations = _bulk(Registration, registrations)
    for reg in registrations:
        reg.commune_id = reg.commune.pk
    docs = []
    for reg in registrations:
        for doc_type in (DossierDocument.DocType.FORM_01, DossierDocument.DocType.PHOTO):
            docs.append(DossierDocument(registration=reg, doc_type=doc_type, file=f"dossiers/scale/{reg.pk}-{doc_type}.pdf",
                                        original_name=f"{doc_type}.pdf", content_type="application/pdf", size=1024))
    _bulk(DossierDocument, docs)
    stats.update(producers=len(producers), products=len(products), registrations=len(registrations), documents=len(docs),
                 periods=len(periods), commune_lists=len(lists))
    log(f"registrations: {len(producers)} producers, {len(registrations)} registrations, {len(docs)} dossier rows")

    # ---- councils, rounds, entries, full score sheets ---------------------------------------------------------
    criteria_by_sheet: dict[int, list] = {}
    for sheet in sheets.values():
        rows = []
        for crit in Criterion.objects.filter(sheet=sheet).select_related("part").prefetch_related("levels").order_by("part__order", "order"):
            levels = sorted((lv for lv in crit.levels.all() if lv.points is not None), key=lambda lv: lv.points)
            if levels:
                rows.append((crit, levels))
        criteria_by_sheet[sheet.pk] = rows
    thresholds = sorted(StarThreshold.objects.filter(criteria_set=criteria_set).values_list("min_points", "stars"), reverse=True)
    accepted_by_district: dict[int, list] = {}
    for reg in registrations:
        if reg.status == Registration.Status.ACCEPTED and reg.category_id in sheets:
            accepted_by_district.setdefault(reg.commune.parent_id, []).append(reg)
    councils, rounds, seats_by_round = [], [], []
    member_users = _bulk(User, [User(username=f"{uname}r{r + 1}m{m + 1}", password="!")
                                for r in range(p.rounds) for m in range(p.members + 1)])
    for r in range(p.rounds):
        district = districts[r % len(districts)]
        year = YEARS[-1]
        councils.append(Council(district=district, year=year, name=f"Hội đồng đánh giá {district.name} ({r + 1})",
                                decision_number=f"{r + 1}/QĐ-UBND", decision_date=datetime.date(year, 6, 1)))
    councils = _bulk(Council, councils)
    seats = []
    for r, council in enumerate(councils):
        for m in range(p.members + 1):
            position = (CouncilMember.Position.SECRETARY if m == p.members
                        else CouncilMember.Position.CHAIR if m == 0 else CouncilMember.Position.MEMBER)
            seats.append(CouncilMember(council=council, user=member_users[r * (p.members + 1) + m], position=position,
                                       order=m + 1))
    seats = _bulk(CouncilMember, seats)
    _bulk(RoleAssignment, [
        RoleAssignment(user=s.user, unit=s.council.district,
                       role=Role.COUNCIL_SECRETARY if s.position == CouncilMember.Position.SECRETARY else Role.COUNCIL_MEMBER)
        for s in seats
    ])
    for r, council in enumerate(councils):
        rounds.append(Round(district=council.district, year=council.year, number=r // len(districts) + 1,
                            name=f"Đợt {r // len(districts) + 1}", deadline=datetime.date(council.year, 7, 10),
                            status=Round.Status.CLOSED, criteria_set=criteria_set, council=council))
        seats_by_round.append([s for s in seats[r * (p.members + 1):(r + 1) * (p.members + 1)] if s.scores])
    rounds = _bulk(Round, rounds)
    entries, used = [], set()
    for round_ in rounds:
        pool = [reg for reg in accepted_by_district.get(round_.district_id, []) if reg.pk not in used]
        for order, reg in enumerate(pool[: p.entries_per_round]):
            used.add(reg.pk)
            entries.append(RoundEntry(round=round_, registration=reg, sheet=sheets[reg.category_id], order=order))
    entries = _bulk(RoundEntry, entries)
    seats_of = {round_.pk: seats_by_round[r] for r, round_ in enumerate(rounds)}
    cards, card_items, totals = [], [], {}
    for entry in entries:
        strength = 0.35 + 0.5 * rng.random()
        for seat in seats_of[entry.round_id]:
            ticks = _ticks(criteria_by_sheet[entry.sheet_id], strength, rng)
            parts = {"A": Decimal(0), "B": Decimal(0), "C": Decimal(0)}
            for crit, level in ticks:
                key = crit.part.code[:1].upper()
                if key in parts:
                    parts[key] += level.points
            total = min(Decimal(100), sum((level.points for _c, level in ticks), Decimal(0)))
            cards.append(Scorecard(entry=entry, member=seat, sheet_id=entry.sheet_id, status=Scorecard.Status.SUBMITTED,
                                   total=total, part_a=parts["A"], part_b=parts["B"], part_c=parts["C"]))
            card_items.append(ticks)
            totals.setdefault(entry.pk, []).append(total)
    cards = _bulk(Scorecard, cards)
    items = [ScoreItem(scorecard=card, criterion=crit, level=level, points=level.points)
             for card, ticks in zip(cards, card_items, strict=True) for crit, level in ticks]
    _bulk(ScoreItem, items)
    for entry in entries:
        scores = totals.get(entry.pk, [])
        entry.score = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
        entry.stars = next((stars for minimum, stars in thresholds if entry.score is not None and entry.score >= minimum), None)
        entry.submitted_count = len(scores)
        entry.proposed = bool(entry.stars and entry.stars >= 3)
    RoundEntry.objects.bulk_update(entries, ["score", "stars", "submitted_count", "proposed"], batch_size=BATCH)
    stats.update(councils=len(councils), rounds=len(rounds), entries=len(entries), scorecards=len(cards),
                 score_items=len(items))
    log(f"rounds: {len(rounds)} rounds, {len(entries)} entries, {len(cards)} score cards, {len(items)} score items")

    # ---- recognitions (proposed entries first, then other accepted registrations), entitlements, payments -----
    chosen = [e.registration for e in entries if e.proposed]
    chosen_ids = {r.pk for r in chosen}
    stars_of = {e.registration_id: e.stars for e in entries if e.proposed}
    score_of = {e.registration_id: e.score for e in entries if e.proposed}
    for reg in registrations:
        if len(chosen) >= p.recognitions:
            break
        if reg.status == Registration.Status.ACCEPTED and reg.pk not in chosen_ids:
            chosen.append(reg)
            chosen_ids.add(reg.pk)
    chosen = chosen[: p.recognitions]
    province_of = {d.pk: d.parent for d in districts}
    recognitions = []
    for i, reg in enumerate(chosen):
        day = datetime.date(reg.year, 9, 1)
        province = province_of[reg.commune.parent_id]
        recognitions.append(Recognition(
            registration=reg, product=reg.product, stars=stars_of.get(reg.pk) or 3 + i % 3, score=score_of.get(reg.pk),
            decision_number=f"{i + 1}/QĐ-UBND", decision_date=day, issuer=f"UBND tỉnh {province.name}",
            issuer_unit=province, certificate_number=f"{p.seed}-{i + 1}", valid_from=day,
            valid_until=day.replace(year=day.year + 3)))
    recognitions = _bulk(Recognition, recognitions)
    mark_latest(Recognition.objects.all())  # bulk rows bypass recognition_record, which keeps the flag
    policies = _bulk(SupportPolicy, [
        SupportPolicy(code=f"scale-{p.seed}-{prov.code.lower()}", name=f"Chính sách hỗ trợ OCOP {prov.name}",
                      legal_basis_number=f"{i + 1}/NQ-HĐND", legal_basis_date=datetime.date(2021, 12, 1),
                      issuing_body=f"HĐND tỉnh {prov.name}", level=SupportPolicy.Level.PROVINCE, unit=prov,
                      funding_kind=_first_choice(SupportPolicy, "funding_kind"), effective_from=datetime.date(2022, 1, 1),
                      source="generate_scale_data")
        for i, prov in enumerate(provinces)
    ])
    policy_of = {prov.pk: pol for prov, pol in zip(provinces, policies, strict=True)}
    amounts = {3: 10_000_000, 4: 15_000_000, 5: 20_000_000}
    entitlements = []
    for i, rec in enumerate(recognitions):
        reg = rec.registration
        paid = i % 3 == 0
        entitlements.append(Entitlement(
            policy=policy_of[rec.issuer_unit_id], recognition=rec, product_id=reg.product_id, producer_id=reg.producer_id,
            commune_id=reg.commune_id, year=reg.year, event=Event.FIRST, stars=rec.stars, amount=amounts[rec.stars],
            rule_amount=amounts[rec.stars], calculation="generate_scale_data",
            status=Entitlement.Status.PAID if paid else Entitlement.Status.NEW,
            approval_number=f"{i + 1}/QĐ-UBND" if paid else "", approval_date=rec.decision_date if paid else None))
    entitlements = _bulk(Entitlement, entitlements)
    payer = office_users[0]
    payments = _bulk(SubsidyPayment, [
        SubsidyPayment(entitlement=ent, amount=ent.amount, voucher_number=f"PC{ent.pk}", paid_on=ent.approval_date,
                       method=SubsidyPayment.Method.TRANSFER, created_by=payer)
        for ent in entitlements if ent.status == Entitlement.Status.PAID
    ])
    stats.update(recognitions=len(recognitions), policies=len(policies), entitlements=len(entitlements),
                 payments=len(payments))
    log(f"recognitions: {len(recognitions)}, entitlements: {len(entitlements)}, payments: {len(payments)}")

    # ---- promotion events with participating recognised products ---------------------------------------------
    events = _bulk(PromotionEvent, [
        PromotionEvent(district=d, kind=PromotionEvent.Kind.FAIR, name=f"Hội chợ OCOP {d.name}", name_search=fold(f"Hội chợ OCOP {d.name}"),
                       organiser=f"UBND {d.name}", place=d.name, start_date=datetime.date(YEARS[-1], 10, 1),
                       end_date=datetime.date(YEARS[-1], 10, 3))
        for d in districts
    ])
    event_of = {e.district_id: e for e in events}
    participations = _bulk(Participation, [
        Participation(event=event_of[rec.registration.commune.parent_id], product_id=rec.product_id,
                      producer_id=rec.registration.producer_id, recognition=rec)
        for rec in recognitions[:: 4]
    ])
    stats.update(events=len(events), participations=len(participations))
    log(f"events: {len(events)}, participations: {len(participations)}")
    stats["params"] = asdict(p)
    return stats


def _first_choice(model, field: str) -> str:
    return model._meta.get_field(field).choices[0][0]


def check_consistency(seed: int) -> list[str]:
    """The invariants the generated data must hold; returns the problems found (empty when consistent)."""
    from django.db.models import F

    from accounts.models import AdministrativeUnit
    from evaluations.models import RoundEntry, Scorecard, ScoreItem
    from registrations.models import Registration
    from subsidies.models import Entitlement

    pre = prefix(seed)
    problems = []
    regs = Registration.objects.filter(commune__code__startswith=pre)
    if regs.exclude(commune__parent__parent__code__startswith=pre).exclude(commune__kind__in=AdministrativeUnit.COMMUNE_KINDS).exists():
        problems.append("a registration's commune is not under a generated province")
    if regs.exclude(commune__parent__kind__in=AdministrativeUnit.DISTRICT_KINDS).exists():
        problems.append("a registration's commune has no district parent")
    if regs.exclude(commune=F("producer__commune")).exists():
        problems.append("a registration's commune differs from its producer's")
    if regs.exclude(product__producer=F("producer")).exists():
        problems.append("a registration's product belongs to another producer")
    if regs.exclude(commune_list__commune=F("commune")).exists() or regs.exclude(
            commune_list__period__district=F("commune__parent"), commune_list__period__year=F("year")).exists():
        problems.append("a registration is outside its commune's list of its district's period")
    items = ScoreItem.objects.filter(scorecard__entry__round__district__code__startswith=pre)
    if items.filter(points__gt=F("criterion__max_points")).exists():
        problems.append("a score item exceeds its criterion's maximum")
    if items.exclude(level__criterion=F("criterion")).exists():
        problems.append("a score item's level belongs to another criterion")
    if items.exclude(criterion__sheet=F("scorecard__sheet")).exists():
        problems.append("a score item's criterion is not on its card's sheet")
    entries = RoundEntry.objects.filter(round__district__code__startswith=pre)
    if entries.exclude(registration__commune__parent=F("round__district")).exists():
        problems.append("a round entry's registration is outside the round's district")
    if Scorecard.objects.filter(entry__in=entries).exclude(member__council=F("entry__round__council")).exists():
        problems.append("a score card's member is not on the round's council")
    if Scorecard.objects.filter(entry__in=entries, items__isnull=True).exists():
        problems.append("a score card has no items")
    ents = Entitlement.objects.filter(commune__code__startswith=pre)
    if ents.exclude(recognition__registration__commune=F("commune")).exists():
        problems.append("an entitlement's commune differs from its registration's")
    if ents.filter(status=Entitlement.Status.PAID, payments__isnull=True).exists():
        problems.append("a paid entitlement has no payment")
    return problems
