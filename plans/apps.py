from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Kế hoạch thực hiện Chương trình OCOP")

    def ready(self):
        from accounts.workflow import register_state_labels
        from notifications.kinds import register_kind

        from .models import SupportCase, Task
        from .reminders import SUPPORT_CASE_OPEN, TASK_LATE

        register_state_labels({**dict(Task.Status.choices), **dict(SupportCase.Status.choices),
                               "evidence": _("Nộp minh chứng"), "expense": _("Ghi khoản chi"), "plan:copied": _("Sao chép sang năm sau"),
                               "task:progress": _("Cập nhật tiến độ"), "task:linked": _("Gắn kết quả"), "task:edited": _("Sửa nhiệm vụ"),
                               "remark:answered": _("Trả lời ý kiến giám sát")})
        register_kind(TASK_LATE, _("Nhắc nhiệm vụ kế hoạch quá hạn"))
        register_kind(SUPPORT_CASE_OPEN, _("Nhắc hỗ trợ chủ thể mở quá lâu"))
