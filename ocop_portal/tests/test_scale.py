"""The scale generator (issue 11 item 3): the `test` preset on SQLite, and on PostgreSQL in CI."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import AdministrativeUnit
from evaluations.models import Recognition, RoundEntry, Scorecard, ScoreItem
from ocop_portal.scale import PRESETS, Params, check_consistency, generate, prefix
from registrations.models import DossierDocument, Producer, Registration
from subsidies.models import Entitlement, SubsidyPayment

TEST = PRESETS["test"]


def _run(seed=1, **overrides):
    out = io.StringIO()
    call_command("generate_scale_data", "--preset", "test", "--seed", str(seed), "--check", stdout=out,
                 **overrides)
    return out.getvalue()


def _assert_counts_and_consistency(seed):
    pre = prefix(seed)
    units = AdministrativeUnit.objects.filter(code__startswith=pre)
    assert units.filter(kind=AdministrativeUnit.Kind.PROVINCE).count() == TEST["provinces"]
    assert units.filter(kind=AdministrativeUnit.Kind.DISTRICT).count() == TEST["provinces"] * TEST["districts_per_province"]
    assert units.filter(kind=AdministrativeUnit.Kind.COMMUNE).count() == TEST["provinces"] * TEST["communes_per_province"]
    regs = Registration.objects.filter(commune__code__startswith=pre)
    assert Producer.objects.filter(commune__code__startswith=pre).count() == TEST["producers"]
    assert regs.count() == TEST["registrations"]
    assert DossierDocument.objects.filter(registration__in=regs).count() == 2 * TEST["registrations"]
    # every registration's commune lies under its own province (commune → district → generated province)
    for reg in regs.select_related("commune__parent__parent"):
        assert reg.commune.parent.parent.code.startswith(pre)
        assert reg.commune.code.startswith(reg.commune.parent.code)
    entries = RoundEntry.objects.filter(round__district__code__startswith=pre)
    assert 0 < entries.count() <= TEST["rounds"] * TEST["entries_per_round"]
    cards = Scorecard.objects.filter(entry__in=entries)
    assert cards.count() == entries.count() * TEST["members"]  # every scoring member, every entry: full sheets
    for item in ScoreItem.objects.filter(scorecard__in=cards).select_related("criterion", "level"):
        assert 0 <= item.points <= item.criterion.max_points
        assert item.level.criterion_id == item.criterion_id
    for card in cards.prefetch_related("items"):
        assert card.total == sum(i.points for i in card.items.all())
        assert 0 < card.total <= 100
    recognitions = Recognition.objects.filter(registration__in=regs)
    assert recognitions.count() == TEST["recognitions"]
    assert Entitlement.objects.filter(recognition__in=recognitions).count() == TEST["recognitions"]
    paid = Entitlement.objects.filter(recognition__in=recognitions, status=Entitlement.Status.PAID)
    assert SubsidyPayment.objects.filter(entitlement__in=paid).count() == paid.count() > 0
    assert check_consistency(seed) == []


def _signature(seed):
    pre = prefix(seed)
    return (
        list(Registration.objects.filter(commune__code__startswith=pre).order_by("product__slug")
             .values_list("product__name", "year", "status", "sequence", "commune__code")),
        list(RoundEntry.objects.filter(round__district__code__startswith=pre).order_by("round__district__code", "round__number", "order")
             .values_list("score", "stars")),
    )


@pytest.mark.django_db
def test_test_preset_builds_consistent_data_and_refuses_a_second_run():
    output = _run(seed=3)
    assert "consistency: ok" in output
    _assert_counts_and_consistency(3)
    before = Registration.objects.count()
    with pytest.raises(CommandError, match="already in this database"):
        _run(seed=3)
    assert Registration.objects.count() == before  # nothing written by the refused run


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    signatures = []
    for _ in range(2):
        with transaction.atomic():
            generate(Params.preset("test", seed=5), log=lambda line: None)
            signatures.append(_signature(5))
            transaction.set_rollback(True)
    assert signatures[0] == signatures[1]
    assert signatures[0][0]
    generate(Params.preset("test", seed=6), log=lambda line: None)
    assert [r[0] for r in _signature(6)[0]] != [r[0] for r in signatures[0][0]]


@pytest.mark.django_db
def test_explicit_numbers_and_bad_numbers():
    call_command("generate_scale_data", "--provinces", "1", "--districts-per-province", "1", "--communes-per-province", "3",
                 "--producers", "5", "--registrations", "12", "--rounds", "1", "--entries-per-round", "3", "--members", "2",
                 "--recognitions", "4", "--seed", "8", stdout=io.StringIO())
    assert Registration.objects.filter(commune__code__startswith=prefix(8)).count() == 12
    assert check_consistency(8) == []
    with pytest.raises(CommandError, match="recognitions"):
        call_command("generate_scale_data", "--preset", "test", "--recognitions", "1000", "--seed", "9", stdout=io.StringIO())
    assert not AdministrativeUnit.objects.filter(code__startswith=prefix(9)).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_test_preset_on_postgresql():
    _run(seed=4)
    _assert_counts_and_consistency(4)
    with pytest.raises(CommandError):
        _run(seed=4)
