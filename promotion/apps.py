from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("Xúc tiến, quảng bá")

    def ready(self):
        from . import handlers

        handlers.connect()
