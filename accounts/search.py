"""Diacritic-free list search; the one place that decides how each database runs it (issue 11 item 4).

Every searchable name has a folded twin column written on save by `accounts.text.fold` (lower case, no
diacritics, đ→d, single spaces): `name_search` of units, producers, products and events, a registration's
`search_text` (product, producer and commune names). The visitor's words are folded by the same function,
so "mat ong bao son", "Mật ong Bảo Sơn" and its NFD form find the same rows on both databases.

- SQLite: one `LIKE '%key%'` per folded column, OR-ed (a scan; the test and demo databases are small).
- PostgreSQL: the folded columns carry trigram GIN indexes (`pg_trgm` with `unaccent`, migration
  `registrations/0008`). An OR across joined tables cannot use them (each index is on
  another table, so the planner scans the list's table and filters the join, see bench/README.md). So each
  folded column is searched on its own table, where its index serves the LIKE, and the list keeps the rows
  whose id is in the UNION of those matches: `pk IN (… search_text LIKE … UNION … product_id IN (SELECT id
  FROM product WHERE name_search LIKE …) …)`.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import Q, QuerySet

from .text import fold


def uses_trigram_indexes(queryset: QuerySet) -> bool:
    """The backend decision: PostgreSQL searches through the trigram indexes, every other database scans."""
    return connections[queryset.db].vendor == "postgresql"


def search(queryset: QuerySet, text: str, *folded: str, exact: dict[str, str] | None = None) -> QuerySet:
    """The rows of `queryset` where `text`, folded, is inside one of the `folded` column paths
    (e.g. "search_text", "product__name_search", "product__producer__name_search"), or where
    `text` as typed is inside one of the `exact` paths (path → the raw text, e.g. a registration number).
    Blank text (after folding) leaves the queryset as it is."""
    key = fold(text)
    if not key:
        return queryset
    exact = exact or {}
    if not uses_trigram_indexes(queryset):
        conditions = [Q(**{f"{path}__contains": key}) for path in folded]
        conditions += [Q(**{f"{path}__contains": value}) for path, value in exact.items() if value]
        return queryset.filter(reduce(or_, conditions))
    model = queryset.model
    arms = [_ids_where(model, path, key) for path in folded]
    arms += [_ids_where(model, path, value) for path, value in exact.items() if value]
    return queryset.filter(pk__in=arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0])


def _ids_where(model, path: str, value: str) -> QuerySet:
    """Ids of `model` rows whose column at `path` contains `value`, the LIKE run on the column's own table
    (where its trigram index is) and reached back through the foreign keys' indexes."""
    relation, _sep, column = path.rpartition("__")
    if not relation:
        return model._base_manager.filter(**{f"{column}__contains": value}).order_by().values("pk")
    target = model
    for name in relation.split("__"):
        target = target._meta.get_field(name).related_model
    matching = target._base_manager.filter(**{f"{column}__contains": value}).order_by().values("pk")
    return model._base_manager.filter(**{f"{relation}__in": matching}).order_by().values("pk")
