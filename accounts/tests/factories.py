"""Factories: one user per role, scoped to Lục Nam units from the reference data."""

import factory

from accounts.models import AdministrativeUnit, User
from accounts.roles import Role
from accounts.services import role_assign

DEFAULT_UNIT = {
    Role.COMMUNE_OFFICER: "218-11",  # Huyền Sơn
    Role.AGRICULTURE_OFFICE: "218",
    Role.COUNCIL_MEMBER: "218",
    Role.COUNCIL_SECRETARY: "218",
    Role.FINANCE_OFFICE: "218",
    Role.ECONOMY_OFFICE: "218",
    Role.PROVINCE: "24",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def make_user(role: str | None = None, unit_code: str | None = None, **kwargs) -> User:
    """A user holding `role` over `unit_code` (defaults per role), or no role at all."""
    user = UserFactory(**kwargs)
    if role is not None:
        role = Role(role)
        code = unit_code or DEFAULT_UNIT.get(role)
        if role == Role.ADMIN:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        role_assign(user=user, role=role, unit=unit(code) if code else None, actor=None)
    return user
