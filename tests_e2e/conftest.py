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


@pytest.fixture
def seeded(transactional_db):
    """The full demo data set (seed_demo) in the live server's database."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


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
