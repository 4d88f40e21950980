from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    """Producers as users (issue 15): the representative's own pages (dossiers, their follow-up, the
    public page they propose) and the commune's pages for invitations, representatives and the
    dossiers producers send. A top app: it reads registrations, evaluations, subsidies and promotion;
    nothing imports it. Its rules live in the lower apps' services (registrations.representatives,
    promotion.pages); it has no model of its own."""

    name = "producers"
    verbose_name = _("Chủ thể tự phục vụ")

    def ready(self):
        from accounts.workflow import register_state_labels

        register_state_labels({
            "representative_invited": _("Mời người đại diện"),
            "representative_joined": _("Người đại diện nhận lời mời"),
            "representative_revoked": _("Thu hồi người đại diện"),
            "invitation_cancelled": _("Hủy lời mời"),
            "p_draft": _("Chủ thể đang soạn"),
            "p_sent": _("Chủ thể đã gửi xã"),
            "p_returned": _("Xã trả lại chủ thể"),
            "proposed": _("Chủ thể đề xuất"),
            "approved": _("Đã duyệt"),
            "rejected": _("Không duyệt"),
            "superseded": _("Thay bằng bản mới"),
        })
