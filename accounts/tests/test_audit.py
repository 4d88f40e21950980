"""Every state-changing service function writes a history row.

The public functions of every app's `services.py` (or `services/` package) are discovered; each must
write history (accounts.workflow.transition / record_event, a StatusChange row, or the app's own
audit model), directly or through another service function it calls. Read-only helpers are named
in ALLOW_LIST below, each with the reason. A new service that changes rows without history fails.
"""

import ast
import importlib
import inspect
import pkgutil
import textwrap

import pytest
from django.apps import apps
from django.conf import settings

# Calls that write a history row. (Append here an app's own audit writer, e.g. "audit_log".)
# record_events / transition_many: the batch forms of record_event / transition (accounts.workflow).
HISTORY_WRITERS = {"transition", "record_event", "record_history", "record_events", "transition_many"}

# Public service functions that change nothing, with why (keep each line commented).
ALLOW_LIST = {
    "accounts.services.can_grant": "predicate: may the actor grant the role",
    "registrations.services.producer_duplicates": "query: possible duplicates to warn about",
    "registrations.services.product_for": "get-or-create of the product row inside registration_create (audited there)",
    "registrations.services.next_sequence": "query: the next registration number",
    "registrations.services.lock_numbering": "takes a row lock, writes nothing",
    "evaluations.services.criteria.sheet_for": "query: the sheet of a sub-group",
    "evaluations.services.recognitions.default_valid_until": "date arithmetic",
    "evaluations.services.recognitions.recognition_expiry_notify": "sends reminders; changes no row",
    "evaluations.services.rounds.compute_round_results": "pure computation of results (round_close audits)",
    "evaluations.services.rounds.round_remind_missing": "sends reminder e-mails; changes no row",
    "evaluations.services.scoring.resolve_levels": "validation of ticked levels",
    "evaluations.services.scoring.missing_criteria": "query: criteria left unticked",
    "subsidies.services.applicable_policies": "query: policies in force",
    "subsidies.services.classify": "pure: first recognition / re-recognition / upgrade",
    "subsidies.services.compute_entitlement": "pure: the amount a rule grants",
    "promotion.services.min_event_stars": "query: the fair-eligibility rule",
    "promotion.services.product_eligibility": "query: may a product join an event",
    "registrations.services.is_ready": "predicate: may a registration go into the commune list",
    "subsidies.services.policy_covers": "predicate: does a policy cover a recognition",
    "registrations.services.split_forwardable": "query: what the procedure lets be forwarded, and why not the rest",
    "evaluations.services.recognitions.check_recognition_authority": "predicate: may that level grant those stars",
    "evaluations.services.recognitions.refresh_latest": "derived is_latest flag, inside recognition_record/_end (audited there)",
    "evaluations.services.recognitions.mark_latest": "derived is_latest flag of bulk loads (scale generator); no decision",
    "evaluations.services.rounds.proposal_minimum": "query: the procedure's forwarding threshold",
    "documents.services.ensure": "the permission helper itself",
    "documents.services.symbol_pattern": "query: the symbol pattern in force",
    "documents.services.format_symbol": "pure: number and pattern to a symbol",
    "documents.services.existing": "query: the register row of an object and purpose",
    "documents.services.draft": "builds an unnumbered paper in memory; writes nothing",
    "documents.services.check_signed_pdf": "validation of an upload",
    "documents.services.number_allocate": "advances a number counter inside document_issue/reserve (audited there)",
    # Notifications are themselves the record of what was told to whom; read flags and preferences
    # are the user's own settings, not programme state.
    "notifications.services.notify": "creates the notification rows (the record itself)",
    "notifications.services.notification_open": "marks the user's own notification read",
    "notifications.services.notifications_mark_all_read": "marks the user's own notifications read",
    "notifications.services.preferences_set": "the user's own e-mail preferences",
    "notifications.services.digest_send": "sends the daily digest; its rows are marked sent",
    "notifications.services.remind": "sends a reminder once; the sent-log row is the record",
    # The outbox machinery: its own row (status, attempts, times, last error) is the record of the
    # work; only an administrator's re-queue (outbox_requeue) is a decision and writes history.
    "accounts.outbox.outbox_enqueue": "records work in the caller's transaction (the row is the record)",
    "accounts.outbox.outbox_dispatch": "hands a row to the broker; stamps the row's own dispatch time",
    "accounts.outbox.outbox_run": "the worker's claim and result, on the row itself",
    "accounts.outbox.outbox_due": "query: rows to send again",
    "accounts.outbox.outbox_requeueable": "query: rows an administrator may send again",
    "accounts.outbox.outbox_redispatch": "the beat task's re-dispatch of due rows (outbox_dispatch)",
    "accounts.outbox.outbox_purge": "housekeeping: deletes done rows past their keep time",
}

# Service modules outside an app's services.py / services/ (checked the same way).
EXTRA_SERVICE_MODULES = ["accounts.outbox"]


def _service_modules():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.services":
                raise
            continue
        yield module
        if hasattr(module, "__path__"):  # a services/ package
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{module.__name__}.{info.name}")
    for name in EXTRA_SERVICE_MODULES:
        yield importlib.import_module(name)


def _functions():
    """{qualified name: function} of every function defined in a services module (public and private)."""
    found = {}
    for module in _service_modules():
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = obj
    return found


def _called_names(function) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(function))))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
                # StatusChange.objects.create(...)
                owner = node.func.value
                if node.func.attr == "create" and isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) \
                        and owner.value.id == "StatusChange":
                    names.add("record_history")
    return names


def _writers(functions) -> set[str]:
    """Short names of the functions that write history, directly or through each other (fixpoint)."""
    calls = {qualified.rsplit(".", 1)[1]: set() for qualified in functions}
    for qualified, function in functions.items():
        calls[qualified.rsplit(".", 1)[1]] |= _called_names(function)
    writers = set(HISTORY_WRITERS)
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in writers and called & writers:
                writers.add(name)
                changed = True
    return writers


def test_every_state_changing_service_writes_history():
    functions = _functions()
    assert len(functions) > 50, "service discovery found too few functions"
    writers = _writers(functions)
    silent = sorted(
        qualified for qualified in functions
        if not qualified.rsplit(".", 1)[1].startswith("_") and qualified not in ALLOW_LIST
        and qualified.rsplit(".", 1)[1] not in writers
    )
    assert not silent, f"service functions that change state without a history row: {silent}"


def test_allow_list_names_existing_functions():
    stale = sorted(set(ALLOW_LIST) - set(_functions()))
    assert not stale, f"allow-listed service functions that no longer exist: {stale}"


def test_the_check_catches_a_silent_service():
    """The analysis itself: a function that only saves is flagged, one that records an event is not."""

    def silent_save(*, obj, actor):
        obj.save(update_fields=["name"])

    def audited_save(*, obj, actor):
        obj.save(update_fields=["name"])
        record_event(obj, actor=actor, label="renamed")  # noqa: F821 - parsed, never run

    writers = _writers({"x.silent_save": silent_save, "x.audited_save": audited_save})
    assert "audited_save" in writers and "silent_save" not in writers


@pytest.mark.django_db
def test_role_grant_through_the_admin_goes_through_role_assign(admin_client, two_provinces):
    """The admin's user page grants roles through services.role_assign: unit checked (a commune
    role on a district is a field error), history written; removal writes history too."""
    from accounts.models import AdministrativeUnit, RoleAssignment, StatusChange, User

    user = User.objects.create(username="moi", full_name="Cán bộ mới")
    district = AdministrativeUnit.objects.get(code="9218")
    commune = AdministrativeUnit.objects.get(code="9218-01")
    url = f"/quan-tri/accounts/user/{user.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, dict))}
    data.update({"username": "moi", "full_name": "Cán bộ mới", "date_joined_0": "01/01/2026", "date_joined_1": "08:00:00",
                 "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
                 "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
                 "role_assignments-0-role": "commune_officer", "role_assignments-0-unit": str(district.pk)})
    data.pop("password", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the unit error
    assert not RoleAssignment.objects.filter(user=user).exists()
    data["role_assignments-0-unit"] = str(commune.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == ("commune_officer", commune)
    granted = StatusChange.objects.filter(workflow="roles", object_id=user.pk, to_state="role:commune_officer")
    assert granted.count() == 1 and granted.get().actor.username == "admin"
    data.update({"role_assignments-INITIAL_FORMS": "1", "role_assignments-0-id": str(assignment.pk),
                 "role_assignments-0-user": str(user.pk), "role_assignments-0-DELETE": "on"})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert StatusChange.objects.filter(workflow="roles", object_id=user.pk,
                                       to_state="role_revoked:commune_officer").count() == 1
