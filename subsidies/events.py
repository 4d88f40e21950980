"""Domain events of the subsidies app, sent by subsidies.services inside their transaction;
receivers in this app's handlers.py (notifications).

entitlement_proposed / entitlement_approved / entitlement_paid
    sender: Entitlement class; kwargs: ``entitlement`` (in its new state), ``actor``.
"""

from django.dispatch import Signal

entitlement_proposed = Signal()
entitlement_approved = Signal()
entitlement_paid = Signal()
