from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Đăng ký sản phẩm và hồ sơ")

    def ready(self):
        from accounts.workflow import register_state_labels

        from .models import CommuneList, Registration

        register_state_labels({
            **dict(CommuneList.Status.choices),
            **dict(Registration.Status.choices),
            "created": _("Tạo mới"), "updated": _("Sửa thông tin"), "document_added": _("Thêm tài liệu"),
            "document_removed": _("Xoá tài liệu"), "imported": _("Nhập từ Excel"),
            "deleted": _("Xoá"), "registration_deleted": _("Xoá phiếu đăng ký nháp"),
            "category_corrected": _("Huyện sửa phân nhóm sản phẩm"), "supplement": _("Gửi bổ sung"),
        })
