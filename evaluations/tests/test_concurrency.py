"""Two simultaneous submissions of the same sheet leave one submitted sheet (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

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
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=10)
            services.scorecard_save(entry=entry, actor=chair.user, levels=ticks, comment="", submit=True)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    cards = Scorecard.objects.filter(entry=entry, member=chair)
    assert cards.count() == 1 and cards.get().status == Scorecard.Status.SUBMITTED
    assert [h.to_state for h in history_of(cards.get())] == ["submitted"]
