"""EXPLAIN ANALYZE of the registrations list's search on the scale data, the OR across joins the list
used before (`before`) against `accounts.search` (`after`), as the office officer of seed 1 sees it.

    DATABASE_URL=postgres://root@127.0.0.1:5432/<db with the province preset> \\
        .venv/bin/python bench/search_explain.py ["mat ong bao son" "bao son 4711" ...]

Run `VACUUM ANALYZE` after generating the data (bench/README.md: the GIN pending list).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale_settings")

KEEP = ("Scan on registrations_registration", "trgm", "Join Filter: (((", "Append", "Planning", "Execution",
        "Seq Scan on registrations_product ", "Seq Scan on registrations_producer ")


def main():
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from accounts.models import User
    from accounts.search import search
    from accounts.text import fold
    from registrations import selectors

    user = User.objects.get(username="scale1.office1")
    paths = ("search_text", "product__name_search", "producer__name_search", "commune__name_search")

    def before(qs, text):
        key = fold(text)
        return qs.filter(Q(product__name_search__contains=key) | Q(producer__name_search__contains=key)
                         | Q(commune__name_search__contains=key) | Q(search_text__contains=key))

    for text in sys.argv[1:] or ["mat ong bao son", "bao son 4711"]:
        for name, build in (("before", before), ("after", lambda qs, t: search(qs, t, *paths))):
            qs = build(selectors.registrations_visible_to(user), text).order_by("-year", "sequence", "pk")[:50]
            sql, params = qs.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
                lines = [row[0] for row in cursor.fetchall()]
            print(f"== {text!r} {name}")
            print("\n".join(line[:160] for line in lines if any(k in line for k in KEEP)))


if __name__ == "__main__":
    main()
