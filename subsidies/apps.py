from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Hỗ trợ kinh phí")

    def ready(self):
        from . import handlers

        handlers.connect()
        from accounts.workflow import register_state_labels

        register_state_labels({"support_computed": _("Tính bổ sung hỗ trợ theo chính sách ban hành sau")})
