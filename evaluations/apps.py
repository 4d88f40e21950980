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
        if council_results_files not in PACKAGE_EXTRAS:
            PACKAGE_EXTRAS.append(council_results_files)
