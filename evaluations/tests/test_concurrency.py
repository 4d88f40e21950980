"""Two simultaneous submissions of the same sheet leave one submitted sheet (PostgreSQL row locks)."""

import pytest

from accounts.tests.concurrency import run_in_threads
from accounts.workflow import DomainError, history_of
from evaluations import services
from evaluations.models import Scorecard
from evaluations.tests.factories import levels_for, make_round


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_leave_one_submitted_sheet(reference_data):
    round_ = make_round(products=1)
    entry = round_.entries.get()
    chair = round_.council.members.get(position="chair")
    ticks = levels_for(entry.sheet)
    outcomes = run_in_threads(2, lambda i: services.scorecard_save(entry=entry, actor=chair.user, levels=ticks,
                                                                   comment="", submit=True))
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert all(isinstance(r, DomainError) for kind, r in outcomes if kind == "error")
    cards = Scorecard.objects.filter(entry=entry, member=chair)
    assert cards.count() == 1 and cards.get().status == Scorecard.Status.SUBMITTED
    assert [h.to_state for h in history_of(cards.get())] == ["submitted"]
