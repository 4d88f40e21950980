"""One page of the scale data, in-process: HTML size, queries, CPU and wall time (median of n requests).

    DATABASE_URL=postgres://root@127.0.0.1:5432/<db with the province preset> \\
        .venv/bin/python bench/page_size.py matrix [n] [--profile] [--save out.html]
    ... bench/page_size.py entitlements | <username>:<path>

`matrix` is the secretary's page of the first generated round (seed 1, user scale1.r1m10), `entitlements`
the finance officer's list (scale1.finance1). `--profile` prints cProfile's 30 costliest functions of one
more request (cumulative). No server, no cache (bench/scale_settings.py).
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale_settings")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from evaluations.models import Round

    settings.ALLOWED_HOSTS = ["*"]
    argv = sys.argv[1:]
    if "--save" in argv:
        del argv[argv.index("--save") + 1]
    args = [a for a in argv if not a.startswith("--")]
    which, n = args[0], int(args[1]) if len(args) > 1 else 5
    if which == "matrix":
        round_ = Round.objects.filter(district__code__startswith="Z1P").order_by("pk").first()
        username, url = "scale1.r1m10", f"/danh-gia/dot/{round_.pk}/"
    elif which == "entitlements":
        username, url = "scale1.finance1", "/ho-tro/"
    else:
        username, url = which.split(":", 1)
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(url)  # warm caches
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            times.append((time.process_time() - cpu, time.perf_counter() - wall))
    assert response.status_code == 200, response.status_code
    print(f"{url} as {username}: {len(response.content):,} bytes, {len(ctx.captured_queries)} queries, "
          f"CPU median {statistics.median(t for t, _w in times) * 1000:.0f} ms, "
          f"wall median {statistics.median(w for _t, w in times) * 1000:.0f} ms (n={n})")
    if "--save" in sys.argv:
        Path(sys.argv[sys.argv.index("--save") + 1]).write_bytes(response.content)
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
