"""Main list pages next to the Django admin changelist of the same model, on generated data (issue 11 item 5).

    .venv/bin/python bench/scale_side_by_side.py --preset province [--database ocop_bench] [--requests 50] [--reuse]

Loads the preset with `generate_scale_data` into a PostgreSQL database of its own (dropped and
created unless --reuse), starts gunicorn on 127.0.0.1 (2 workers, bench/scale_settings.py: DEBUG off,
no cache), and for each page requests the portal page and the admin changelist of the same model
**interleaved** (page, admin, page, admin, ...), ≥ 50 times each, as the generated user of the page's
role (admin: a superuser). Reports p50/p95 of each, their ratio, and the floor: the page's slowest SQL
statement (captured in-process) re-executed alone, median of 20.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8771


def setup(database: str, preset: str, reuse: bool):
    url = f"postgres://root@127.0.0.1:5432/{database}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.scale_settings"
    if not reuse:
        for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qc", sql], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    from ocop_portal.scale import already_generated

    if not reuse:
        call_command("migrate", verbosity=0)
    if not already_generated(1):
        started = time.perf_counter()
        call_command("generate_scale_data", "--preset", preset, "--seed", "1")
        print(f"generated preset {preset} in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        # VACUUM, not only ANALYZE: after bulk inserts the trigram GIN indexes hold their new entries in the
        # pending list, which the planner prices so high that it scans the table instead (bench/README.md)
        cursor.execute("VACUUM ANALYZE")


def session_for(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def pages():
    from accounts.models import User
    from evaluations.models import Round

    admin, _created = User.objects.get_or_create(username="scale1.admin", defaults={"is_staff": True, "is_superuser": True})
    round_ = Round.objects.filter(district__code__startswith="Z1P").order_by("pk").first()
    year = 2026
    return [
        # (label, role user, page, admin changelist of the same model)
        ("registrations (office)", "scale1.office1", f"/ho-so/?year={year}", f"/quan-tri/registrations/registration/?year={year}"),
        ("registrations (province)", "scale1.province1", f"/ho-so/?year={year}", f"/quan-tri/registrations/registration/?year={year}"),
        ("review inbox", "scale1.office1", "/ho-so/tiep-nhan/", "/quan-tri/registrations/registration/?status__exact=submitted"),
        ("producers", "scale1.office1", "/ho-so/chu-the/", "/quan-tri/registrations/producer/"),
        ("district list", "scale1.office1", f"/ho-so/tong-hop/?year={year}", f"/quan-tri/registrations/registration/?year={year}&status__exact=accepted"),
        ("recognitions", "scale1.province1", "/danh-gia/cong-nhan/", "/quan-tri/evaluations/recognition/"),
        ("entitlements", "scale1.finance1", "/ho-tro/", "/quan-tri/subsidies/entitlement/"),
        ("secretary's matrix", "scale1.r1m10", f"/danh-gia/dot/{round_.pk}/", f"/quan-tri/evaluations/roundentry/?round__id__exact={round_.pk}"),
        ("catalogue (anonymous)", None, "/san-pham/", "/quan-tri/registrations/product/"),
    ], admin.username


def floor_ms(username, path) -> tuple[float, str]:
    """The page's slowest SQL statement, re-executed alone (median of 20 runs, ms)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    selects = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
               and "django_session" not in q["sql"]]
    slowest = max(selects, key=lambda q: float(q["time"]))
    times = []
    with connection.cursor() as cursor:
        for _ in range(20):
            start = time.perf_counter()
            cursor.execute(slowest["sql"])
            cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), slowest["sql"][:160]


def get(conn, path, cookie) -> tuple[float, int, int]:
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="province")
    parser.add_argument("--database", default="ocop_bench")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--only", default="", help="comma-separated labels to run")
    args = parser.parse_args()
    setup(args.database, args.preset, args.reuse)
    targets, admin = pages()
    if args.only:
        targets = [t for t in targets if t[0] in args.only.split(",")]
    sessions = {u: session_for(u) for u in {t[1] for t in targets if t[1]} | {admin}}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "ocop_portal.wsgi:application", "-w", "2", "-b",
                               f"127.0.0.1:{PORT}", "--log-level", "warning", "--timeout", "120"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/robots.txt")
                break
            except OSError:
                time.sleep(0.3)
        load = os.getloadavg()
        print(f"load average at start: {load[0]:.1f}; {args.requests} requests each, interleaved page/admin")
        print("| page | page p50 | page p95 | admin p50 | admin p95 | p95 ratio | page KiB | SQL floor | status |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, user, page, admin_url in targets:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            page_cookie, admin_cookie = sessions.get(user) if user else None, sessions[admin]
            get(conn, page, page_cookie)
            get(conn, admin_url, admin_cookie)  # warm-up, not counted
            page_t, admin_t, statuses, size = [], [], set(), 0
            for _ in range(args.requests):
                t, status, size = get(conn, page, page_cookie)
                page_t.append(t)
                statuses.add(status)
                t, status, _size = get(conn, admin_url, admin_cookie)
                admin_t.append(t)
                statuses.add(status)
            floor, _sql = floor_ms(user, page)
            print(f"| {label} | {pct(page_t, .5):.0f} ms | {pct(page_t, .95):.0f} ms | {pct(admin_t, .5):.0f} ms | "
                  f"{pct(admin_t, .95):.0f} ms | {pct(page_t, .95) / pct(admin_t, .95):.2f} | {size / 1024:.0f} | "
                  f"{floor:.1f} ms | {','.join(map(str, sorted(statuses)))} |", flush=True)
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
