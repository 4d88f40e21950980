from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BEAT_ENTRY = "evaluations-expiring-certificates"


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self):
        from celery.schedules import crontab

        from ocop_portal.celery import app
        from registrations.forwarding import PACKAGE_EXTRAS

        from .forwarding import council_results_files

        # Daily at 07:00 (Asia/Ho_Chi_Minh): certificates expiring within the notice period.
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            BEAT_ENTRY: {"task": "evaluations.notify_expiring_certificates", "schedule": crontab(hour=7, minute=0)},
        }
        from accounts.workflow import register_state_labels

        # Events evaluations writes into the history of registrations, rounds and councils.
        register_state_labels({
            "scheduled": _("Xếp vào đợt đánh giá"),
            "unrated": _("Không đủ túc số, chưa xếp hạng"),
            "conflict": _("Khai báo xung đột lợi ích"),
            "inspection": _("Kiểm tra, giám sát"),
            "reminded": _("Nhắc thành viên chấm điểm"),
            "unscheduled": _("Đợt đánh giá bị hủy, sản phẩm được xếp lại"),
            "cancelled": _("Đã hủy"),
        })
        if council_results_files not in PACKAGE_EXTRAS:
            PACKAGE_EXTRAS.append(council_results_files)
