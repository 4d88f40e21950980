"""Domain events of the registrations app (DESIGN.md: the one use of signals for business work).

Sent by registrations.services *inside* their transaction, so a receiver's work commits or rolls
back with the change; a receiver may refuse the change by raising DomainError.

registration_category_corrected
    sender: Registration class; kwargs: ``registration`` (saved, with its new ``category``),
    ``previous_category`` (a ProductCategory or None), ``actor``. The evaluations app moves the
    registration's entries in rounds still in planning to the new sub-group's sheet, and refuses the
    correction while the product is being scored.
"""

from django.dispatch import Signal

registration_category_corrected = Signal()
