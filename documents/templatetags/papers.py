"""``{% paper_actions obj "purpose" %}``: the register row of a paper (number, PDF, DOCX, signed copy)
and, for who may issue it, the button that allocates the number and generates it (or regenerates it
with the same number)."""

from django import template

from documents.registry import purposes
from documents.selectors import document_about

register = template.Library()


@register.inclusion_tag("documents/_paper_actions.html", takes_context=True)
def paper_actions(context, obj, code):
    purpose = purposes().get(code)
    user = context["request"].user
    if purpose is None or obj is None:
        return {"purpose": None}
    return {
        "purpose": purpose, "obj": obj, "document": document_about(obj, code),
        "can_issue": purpose.can(user, obj), "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path(),
    }
