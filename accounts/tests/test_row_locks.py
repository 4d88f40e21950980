"""PostgreSQL refuses FOR UPDATE on the nullable side of an outer join, which is what select_related
makes of a nullable foreign key. SQLite ignores FOR UPDATE, so only the PostgreSQL run would notice:
this test reads the code and asks every locking query that also joins to lock only its own rows."""
import ast
from pathlib import Path

from django.conf import settings

from ocop_portal.reference import PROJECT_APPS


def _chain(node):
    """The method names of a call chain such as Model.objects.a().b().get()."""
    names = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        names.append((node.func.attr, node))
        node = node.func.value
    return names


def _unsafe_locks():
    found = []
    for app in PROJECT_APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                chain = dict(_chain(node))
                lock = chain.get("select_for_update")
                if lock is None or "select_related" not in chain:
                    continue
                if not any(keyword.arg == "of" for keyword in lock.keywords):
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    return sorted(set(found))


def test_every_lock_with_a_join_locks_only_its_own_rows():
    assert _unsafe_locks() == []


def test_the_check_finds_an_unsafe_lock(tmp_path):
    sample = ast.parse("Task.objects.select_for_update().select_related('unit').get(pk=1)")
    call = sample.body[0].value
    chain = dict(_chain(call))
    assert "select_related" in chain and not chain["select_for_update"].keywords
