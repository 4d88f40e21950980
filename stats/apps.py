from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Thống kê, chỉ tiêu")

    def ready(self):
        from accounts.workflow import register_state_labels

        register_state_labels({"targets_changed": _("Cập nhật chỉ tiêu")})
