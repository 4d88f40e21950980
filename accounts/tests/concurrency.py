"""Run one piece of work in several threads at once, for the row-lock tests on PostgreSQL."""

import threading

from django.db import close_old_connections, connection


def run_in_threads(n, target):
    """Call ``target(i)`` for i in 0..n-1, each in its own thread (own database connection), released
    together by a barrier. Returns one ("ok", result) or ("error", exception) per thread, in the order
    they finished."""
    barrier = threading.Barrier(n)
    outcomes = []
    lock = threading.Lock()

    def worker(i):
        try:
            barrier.wait(timeout=10)
            result = target(i)
            with lock:
                outcomes.append(("ok", result))
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            with lock:
                outcomes.append(("error", exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes
