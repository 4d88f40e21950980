"""Domain events of the registrations app (sent by registrations.services inside their transaction;
receivers in this app's handlers.py and in higher apps).

registrations_returned
    sender: Registration class; kwargs: ``registration_ids`` (list of pk, all now RETURNED, one call
    per return action: a bulk return sends one event), ``actor``.

commune_list_submitted
    sender: CommuneList class; kwargs: ``commune_list`` (now SUBMITTED), ``actor``.
"""

from django.dispatch import Signal

registrations_returned = Signal()
commune_list_submitted = Signal()
