"""The portal's form renderer: Django's, with the empty choice of every select ("---------" from
Django's model fields and ModelChoiceField) labelled in Vietnamese. One place for every form;
filter forms get "Tất cả" from django-filter's FILTERS_EMPTY_CHOICE_LABEL setting."""

from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

DJANGO_EMPTY_LABEL = "---------"


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget and "optgroups" in widget:
            for _group, options, _index in widget["optgroups"]:
                for option in options:
                    if option.get("label") == DJANGO_EMPTY_LABEL:
                        option["label"] = _("— Chọn —")
        return super().render(template_name, context, request=request)
