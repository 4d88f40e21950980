"""gunicorn's settings for the portal: gunicorn reads ./gunicorn.conf.py when started from the project
root (production, README; the benchmarks in bench/). Command-line flags still override these."""

import gc


def post_worker_init(worker):
    """Move everything the worker loaded at start (Django, the apps, templates, translations: ~160,000
    objects) out of the cyclic garbage collector's sight. Those objects live as long as the worker,
    yet every full collection walked them again: in-process, collections were half of the catalogue's
    time at the nation preset and the slowest requests of every list page (bench/README.md)."""
    gc.collect()
    gc.freeze()
