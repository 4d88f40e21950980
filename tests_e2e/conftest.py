"""Browser tests: Playwright driving Debian's Chromium (no downloaded browser) against live_server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("OCOP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class _Snapshot:
    """A copy of the database right after seed_demo, put back before each browser test: seeding
    once per session instead of once per test (seed_demo takes seconds; a restore, milliseconds).
    SQLite: the backup API into a private in-memory database; PostgreSQL: a copy of every table in
    a schema of its own, put back in one transaction (Django's foreign keys are deferred there).
    Any other database: seed_demo again."""

    SCHEMA = "e2e_snapshot"

    def __init__(self, connection):
        self.connection = connection
        self.copy = None

    def tables(self):
        """Every table, a referenced one before the tables referring to it: PostgreSQL's foreign
        keys are deferred, but row triggers (evaluations' score item check) read the referenced
        rows when a row is inserted."""
        from django.apps import apps

        existing = set(self.connection.introspection.django_table_names(only_existing=True))
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in existing]
        ordered, seen = [], set()

        def visit(model, path=()):
            if model in seen or model in path:
                return
            for field in model._meta.concrete_fields:
                if field.remote_field is not None and field.remote_field.model is not model:
                    visit(field.remote_field.model, (*path, model))
            seen.add(model)
            ordered.append(model._meta.db_table)

        for model in models:
            visit(model)
        return list(dict.fromkeys(t for t in ordered if t in existing))

    def take(self):
        conn = self.connection
        conn.ensure_connection()
        if conn.vendor == "sqlite":
            import sqlite3

            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            conn.connection.backup(self.copy)
        elif conn.vendor == "postgresql":
            qn = conn.ops.quote_name
            with conn.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE; CREATE SCHEMA {self.SCHEMA}")
                for table in self.tables():
                    cursor.execute(f"CREATE TABLE {self.SCHEMA}.{qn(table)} AS TABLE {qn(table)}")
            self.copy = self.tables()

    def restore(self):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import caches
        from django.core.management import call_command
        from django.core.management.color import no_style
        from django.db import transaction

        conn = self.connection
        conn.ensure_connection()
        if self.copy is None:
            call_command("seed_demo", verbosity=0)
        elif conn.vendor == "sqlite":
            self.copy.backup(conn.connection)
        else:
            qn = conn.ops.quote_name
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                cursor.execute("TRUNCATE " + ", ".join(qn(t) for t in self.tables()) + " CASCADE")
                for table in self.copy:
                    cursor.execute(f"INSERT INTO {qn(table)} SELECT * FROM {self.SCHEMA}.{qn(table)}")
                for sql in conn.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cursor.execute(sql)
        ContentType.objects.clear_cache()
        for cache in caches.all():
            cache.clear()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_blocker):
    from django.db import connection

    snapshot = _Snapshot(connection)
    yield snapshot
    if snapshot.copy is not None and connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {snapshot.SCHEMA} CASCADE")


@pytest.fixture
def seeded(transactional_db, _demo_snapshot):
    """The full demo data set (seed_demo) in the live server's database: seeded by the first
    browser test that asks, then restored from a snapshot before each later one, so every test
    still starts from exactly the seeded data whatever the earlier ones changed."""
    from django.core.management import call_command

    if _demo_snapshot.copy is None:
        call_command("seed_demo", verbosity=0)
        _demo_snapshot.take()
    else:
        _demo_snapshot.restore()


@pytest.fixture
def demo_period(seeded):
    """The open period seed_demo labels as demo data, so the commune flow can be tried from `make run`."""
    from registrations.demo import demo_period_year
    from registrations.models import RegistrationPeriod

    return RegistrationPeriod.objects.get(district__code="218", year=demo_period_year(), number=1)


@pytest.fixture
def switch_user(page, login):
    """Sign the current user out (a fresh browser session) and log `username` in."""

    def do(username):
        page.context.clear_cookies()
        return login(username)

    return do


@pytest.fixture
def login(page, live_server):
    """Log a demo user in through the real login form."""

    def do(username, password="ocop-demo-2021"):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        return page

    return do


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).resolve().parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def confirmations(page):
    """Answer the portal's confirmation dialogs in every tab of the test: accept a question that
    starts with one of ``expected`` (the test sets them), dismiss any other; ``asked`` lists every
    question in order, for the test to assert. Never accept a dialog blindly."""

    class Answers:
        expected: tuple = ()
        asked: list

    answers = Answers()
    answers.asked = []

    def answer(dialog):
        answers.asked.append(dialog.message)
        if dialog.message.startswith(tuple(answers.expected)):
            dialog.accept()
        else:
            dialog.dismiss()

    page.context.on("dialog", answer)
    return answers
