"""Every admin built on accounts.admin.ReadOnlyAdminMixin lists its rows and offers no add, change or
delete, even to the system administrator (the rows change only through the services)."""

import pytest
from django.contrib import admin

from accounts.admin import ReadOnlyAdminMixin

pytestmark = pytest.mark.django_db

READ_ONLY = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items() if isinstance(model_admin, ReadOnlyAdminMixin)
)


def test_the_read_only_admins_are_found():
    assert {("accounts", "outboxmessage"), ("accounts", "statuschange"), ("notifications", "notification"),
            ("subsidies", "entitlement"), ("subsidies", "subsidypayment"), ("subsidies", "budgetexpense")} <= set(READ_ONLY)


@pytest.mark.parametrize(("app_label", "model_name"), READ_ONLY)
def test_a_read_only_admin_lists_and_offers_no_change(client_as, app_label, model_name):
    client = client_as("admin")
    page = client.get(f"/quan-tri/{app_label}/{model_name}/")
    assert page.status_code == 200
    assert not page.context["has_add_permission"]
    assert "delete_selected" not in dict(page.context["action_form"].fields["action"].choices if page.context["action_form"] else [])
    assert client.get(f"/quan-tri/{app_label}/{model_name}/add/").status_code == 403
