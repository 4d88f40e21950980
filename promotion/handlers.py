"""Receivers of other apps' domain events (connected in PromotionConfig.ready()).

A recognition recorded or ended changes what the public catalogue shows: the cached public
pages are invalidated (a cache side effect; no business decision is taken here).
"""

from django.db import transaction

from .caching import invalidate_public_pages


def on_recognition_changed(sender, recognition, **kwargs):
    # Invalidate now and again after commit, so a page rendered during the transaction is not kept.
    invalidate_public_pages()
    transaction.on_commit(invalidate_public_pages)


def connect():
    from evaluations import events

    events.recognition_recorded.connect(on_recognition_changed, dispatch_uid="promotion.recognition_recorded")
    events.recognition_ended.connect(on_recognition_changed, dispatch_uid="promotion.recognition_ended")
