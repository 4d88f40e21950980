from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Kế hoạch thực hiện Chương trình OCOP")

    def ready(self):
        from accounts.workflow import register_state_labels

        from .models import SupportCase, Task

        register_state_labels({**dict(Task.Status.choices), **dict(SupportCase.Status.choices),
                               "evidence": _("Nộp minh chứng"), "expense": _("Ghi khoản chi"), "plan:copied": _("Sao chép sang năm sau"),
                               "task:progress": _("Cập nhật tiến độ"), "task:linked": _("Gắn kết quả"),
                               "remark:answered": _("Trả lời ý kiến giám sát")})
