"""Which papers domain apps issue through the register, declared by each app in its ``papers.py``::

    PAPERS = [Purpose("council_decision", _("Quyết định thành lập Hội đồng"), Council,
                      load=council_for_user, issue=council_decision_issue)]

``load(user, pk)`` returns the object scoped to the user (an out-of-scope id raises Http404);
``issue(obj, actor)`` allocates the number, builds the content and returns the register row
(it calls ``documents.services.document_issue``); ``can(user, obj)`` says whether the button shows.
One view (``documents:issue``) and one template tag (``{% paper_actions obj "purpose" %}``) serve
every paper, so pages only place the button.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from accounts.portal import _hooks


@dataclass(frozen=True)
class Purpose:
    code: str
    label: str
    model: type
    load: Callable
    issue: Callable
    can: Callable


def purposes() -> dict[str, Purpose]:
    found = {}
    for papers in _hooks("papers", "PAPERS"):
        for purpose in papers:
            found[purpose.code] = purpose
    return found


def purpose(code: str) -> Purpose:
    found = purposes().get(code)
    if found is None:
        raise Http404
    return found
