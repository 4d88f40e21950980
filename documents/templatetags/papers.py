"""``{% paper_actions obj "purpose" %}``: the register row of a paper (number, PDF, DOCX, signed copy)
and, for who may issue it, the button that allocates the number and generates it (or regenerates it
with the same number). On a list page pass the page's objects once more as a third argument
(``{% paper_actions e "feedback" entries %}``): their rows are then read in one query for the page."""

from django import template
from django.contrib.contenttypes.models import ContentType

from documents.models import Document
from documents.registry import purposes
from documents.selectors import document_about

register = template.Library()


def _batched(request, obj, code, objects):
    cache = request.__dict__.setdefault("_paper_documents", {})
    key = (type(obj), code)
    if key not in cache:
        ids = [o.pk for o in objects]
        rows = Document.objects.filter(about_type=ContentType.objects.get_for_model(obj), about_id__in=ids, purpose=code)
        cache[key] = {d.about_id: d for d in rows}
    return cache[key].get(obj.pk)


@register.inclusion_tag("documents/_paper_actions.html", takes_context=True)
def paper_actions(context, obj, code, objects=None):
    purpose = purposes().get(code)
    request = context["request"]
    if purpose is None or obj is None:
        return {"purpose": None}
    document = _batched(request, obj, code, objects) if objects is not None else document_about(obj, code)
    return {
        "purpose": purpose, "obj": obj, "document": document,
        "can_issue": purpose.can(request.user, obj), "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
