from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Hỗ trợ kinh phí")

    def ready(self):
        from evaluations.extensions import SUPPORT_STATUS_PROVIDERS

        from . import handlers
        from .coverage import support_lines

        handlers.connect()
        if support_lines not in SUPPORT_STATUS_PROVIDERS:  # the recognition and commune-results pages
            SUPPORT_STATUS_PROVIDERS.append(support_lines)
