"""Source-level conventions a reviewer checks: one copy of the view glue, templates that receive
actions (never compare status strings), no inline scripts (the CSP blocks them), docstrings that
cite only files the repository holds."""

import ast
import re
from pathlib import Path

import pytest

from ocop_portal.reference import PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]
APPS = (*PROJECT_APPS, "ocop_portal")
TEMPLATES = ROOT / "templates"


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            yield path


def _templates():
    yield from TEMPLATES.rglob("*.html")


GLUE_NAMES = {"_error_text", "error_text", "_form_errors", "form_errors", "_apply_errors", "save_form", "_run"}


def test_the_view_glue_is_defined_once_in_accounts_http():
    """Error text, form errors, form saving and role gates exist once (accounts/http.py)."""
    found = []
    for path in _sources():
        if path == ROOT / "accounts" / "http.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                if node.name in GLUE_NAMES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} def {node.name}")
                # A role gate: a nested function taking `request` that raises PermissionDenied.
                for inner in ast.walk(node):
                    if inner is not node and isinstance(inner, ast.FunctionDef) and inner.args.args \
                            and inner.args.args[0].arg == "request" and any(
                                isinstance(n, ast.Raise) and "PermissionDenied" in ast.unparse(n) for n in ast.walk(inner)):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} role gate {node.name}")
            if isinstance(node, ast.Call) and ast.unparse(node) == "' '.join(exc.messages)":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} joins a ValidationError's messages")
    assert found == []


STATUS_COMPARISON = re.compile(r"\b\w*status\s*(==|!=)|(==|!=)\s*\w+\.\w*status\b|\bstatus\s+in\b")


@pytest.mark.parametrize("path", sorted(_templates()), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_do_not_compare_status_strings(path):
    """Views pass the actions (and flags) the user may take; templates never decide workflow."""
    offending = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if "{%" in line and STATUS_COMPARISON.search(line)]
    assert offending == []


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


@pytest.mark.parametrize("path", sorted(_templates()), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_or_handler(path):
    assert INLINE_SCRIPT.findall(path.read_text(encoding="utf-8")) == []


def test_docstrings_cite_no_file_outside_the_repository():
    """DESIGN.md and DOMAIN.md are the project's notes kept outside the repository."""
    cited = [f"{path.relative_to(ROOT)}" for path in _sources()
             if re.search(r"\b(DESIGN|DOMAIN)\.md\b", path.read_text(encoding="utf-8"))]
    assert cited == []
