"""Domain events of the registrations app (sent by registrations.services inside their transaction;
receivers in this app's handlers.py and in higher apps).

registrations_returned
    sender: Registration class; kwargs: ``registration_ids`` (list of pk, all now RETURNED, one call
    per return action: a bulk return sends one event), ``actor``.

commune_list_submitted
    sender: CommuneList class; kwargs: ``commune_list`` (now SUBMITTED), ``actor``.

registration_category_corrected
    sender: Registration class; kwargs: ``registration`` (saved, with its new ``category``),
    ``previous_category`` (a ProductCategory or None), ``actor``. The evaluations app moves the
    registration's entries in rounds still in planning to the new sub-group's sheet, and refuses the
    correction while the product is being scored (a receiver may refuse by raising DomainError).
"""

from django.dispatch import Signal

registrations_returned = Signal()
commune_list_submitted = Signal()
registration_category_corrected = Signal()
