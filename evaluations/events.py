"""Domain events of the evaluations app (the project's design notes: the one use of signals for business work).

Both are sent by evaluations.services *inside* their transaction, so a receiver's work commits or
rolls back with the recognition. Receivers live in higher apps' handlers.py (e.g. subsidies).

recognition_recorded
    sender: Recognition class; kwargs: ``recognition`` (a saved Recognition with status
    RECOGNISED), ``actor`` (the user who recorded it). Sent once per recorded decision; a receiver
    must be idempotent all the same (a re-sent event must not create anything twice).

recognition_ended
    sender: Recognition class; kwargs: ``recognition`` (now REVOKED or CANCELLED), ``actor``,
    ``reason`` (text). Receivers cancel what hangs on the recognition and is not final yet
    (e.g. unpaid subsidy entitlements).

round_opened
    sender: Round class; kwargs: ``round`` (now OPEN), ``actor``. The council's scoring members
    have products to score.

round_closed
    sender: Round class; kwargs: ``round`` (now CLOSED, results computed), ``actor``.

scorecard_reopened
    sender: Scorecard class; kwargs: ``scorecard`` (back to DRAFT), ``actor``, ``reason``.
"""

from django.dispatch import Signal

recognition_recorded = Signal()
recognition_ended = Signal()
round_opened = Signal()
round_closed = Signal()
scorecard_reopened = Signal()
