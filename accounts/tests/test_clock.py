"""accounts.clock: the one "now" the services stamp rows with; clock.at() runs a block as of a past
moment (the demo's 2021 flow) and restores the real clock after it, also when the block fails."""

import datetime

import pytest
from django.utils import timezone

from accounts import clock
from accounts.models import AdministrativeUnit, StatusChange
from accounts.workflow import Workflow, record_event, record_events, transition, transition_many
from registrations.models import RegistrationPeriod

pytestmark = pytest.mark.django_db
MOMENT = timezone.make_aware(datetime.datetime(2021, 6, 25, 9, 0))


def test_at_sets_the_moment_and_restores_the_real_clock():
    with clock.at(datetime.date(2021, 6, 25)) as moment:
        assert moment == MOMENT
        assert clock.now() == MOMENT
        assert clock.localdate() == datetime.date(2021, 6, 25)
    assert timezone.now() - clock.now() < datetime.timedelta(seconds=5)
    with pytest.raises(RuntimeError), clock.at(MOMENT):
        raise RuntimeError
    assert clock.now().year == timezone.now().year


def _periods(n):
    lucnam = AdministrativeUnit.objects.get(code="218")
    return [RegistrationPeriod.objects.create(district=lucnam, year=2021, number=i, name=f"Đợt {i}",
                                              deadline=datetime.date(2021, 3, 31)) for i in range(1, n + 1)]


def test_every_history_writer_stamps_the_clocks_moment():
    flow = Workflow("test", {"": {"a": ()}, "a": {"b": ()}}, field="legal_basis")
    one, two, three = _periods(3)
    for period in (one, two, three):
        period.legal_basis = ""
    with clock.at(MOMENT):
        transition(one, workflow=flow, to="a", actor=None)
        record_event(one, actor=None, label="x")
        record_events([two, three], actor=None, label="y")
        transition_many([two, three], workflow=flow, to="a", actor=None)
    stamped = list(StatusChange.objects.filter(to_state__in=["a", "x", "y"]).values_list("at", flat=True))
    assert len(stamped) == 6
    assert set(stamped) == {MOMENT}
    later = record_event(one, actor=None, label="z")
    assert timezone.now() - StatusChange.objects.get(pk=later.pk).at < datetime.timedelta(seconds=5)
