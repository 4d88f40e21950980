from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("Xúc tiến, quảng bá")

    def ready(self):
        from accounts.workflow import register_state_labels

        from . import handlers

        handlers.connect()
        # Events the promotion services write into history (codes only promotion uses).
        register_state_labels({
            "product_invited": _("Mời sản phẩm tham gia"),
            "results_recorded": _("Ghi kết quả tham gia"),
            "product_withdrawn": _("Rút sản phẩm khỏi hoạt động"),
            "attendance": _("Điểm danh"),
            "api_token_issued": _("Cấp khóa API dữ liệu mở"),
            "api_token_replaced": _("Cấp lại khóa API dữ liệu mở"),
        })
