"""Plug-in points through which each app contributes navigation links and home-page panels.

An app declares, in its own module, without editing shared files:
- ``<app>/nav.py``: ``def nav_items(user) -> list[NavItem]`` (only what the user may open);
- ``<app>/panels.py``: ``def panels(user, role) -> list[Panel]`` (what the role has to do);
- ``<app>/panels.py``: ``def object_extras(slot, objects, user) -> {pk: [items]}``: what a higher app
  adds to a lower app's page about its objects (see :func:`object_extras`).
The portal discovers these modules in INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass
class NavItem:
    label: str
    url: str
    section: str = ""
    order: int = 100


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    count: int | None = None


@cache
def _hooks(module_name: str, attr: str):
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(_project_root())):
            continue
        try:
            module = import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
            continue
        hook = getattr(module, attr, None)
        if hook is not None:
            found.append(hook)
    return tuple(found)


def _project_root():
    from django.conf import settings

    return settings.BASE_DIR


# Short menu titles of the sections apps put their links in; a section with one link shows the link itself.
SECTION_LABELS = {
    "registrations": _("Hồ sơ"),
    "evaluations": _("Đánh giá"),
    "subsidies": _("Kinh phí"),
    "promotion": _("Xúc tiến"),
    "public": _("Công khai"),
}


@dataclass
class NavGroup:
    label: str
    items: list


def nav_groups(user) -> list[NavGroup]:
    """Navigation links grouped by section, in the order of their first link."""
    groups: dict[str, NavGroup] = {}
    for item in nav_items(user):
        key = item.section or item.url
        if key not in groups:
            groups[key] = NavGroup(str(SECTION_LABELS.get(item.section, item.label)), [])
        groups[key].items.append(item)
    return list(groups.values())


def nav_items(user) -> list[NavItem]:
    items = []
    for hook in _hooks("nav", "nav_items"):
        items.extend(hook(user))
    return sorted(items, key=lambda i: i.order)


def panels_for(user, role: str) -> list[Panel]:
    result = []
    for hook in _hooks("panels", "panels"):
        result.extend(hook(user, role))
    return sorted(result, key=lambda p: p.order)


@dataclass(frozen=True)
class Line:
    """One line a higher app adds about an object (e.g. a support policy's status on a recognition)."""

    text: str
    tone: str = "secondary"  # a Bootstrap colour: secondary, success, warning, info
    url: str = ""


# Named places on lower apps' pages where higher apps add content, with the kind of item they take.
REGISTRATION_PANELS = "registration_panels"  # Panel: on a registration's page
RECOGNITION_SUPPORT = "recognition_support"  # Line: per recognition (its page, the commune results)


def object_extras(slot: str, objects, user) -> dict[int, list]:
    """What higher apps add to a lower app's page about ``objects``, per object pk: the one seam
    through which a higher app extends a lower app's page without the lower app importing it.

    Each app may define ``<app>/panels.py: object_extras(slot, objects, user) -> {pk: [items]}``;
    it is called once per page with ALL the page's objects (a list page asks for its whole list at
    once), so it must answer with a fixed number of queries, and returns {} for slots it does not fill."""
    objects = [o for o in objects if o is not None]
    result: dict[int, list] = {}
    if not objects:
        return result
    for hook in _hooks("panels", "object_extras"):
        for pk, items in hook(slot, objects, user).items():
            result.setdefault(pk, []).extend(items)
    for items in result.values():
        if items and isinstance(items[0], Panel):
            items.sort(key=lambda p: p.order)
    return result


def object_panels(obj, user) -> list[Panel]:
    """The panels higher apps add to a registration's page (slot REGISTRATION_PANELS)."""
    return object_extras(REGISTRATION_PANELS, [obj], user).get(obj.pk, [])
