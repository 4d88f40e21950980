from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self):
        from registrations.forwarding import PACKAGE_EXTRAS

        from . import handlers
        from .forwarding import council_results_files

        # The daily beat entries (certificates expiring, round deadlines) are in settings.CELERY_BEAT_SCHEDULE.
        handlers.connect()
        from accounts.workflow import register_state_labels

        # Events evaluations writes into the history of registrations, rounds and councils.
        register_state_labels({
            "scheduled": _("Xếp vào đợt đánh giá"),
            "unrated": _("Không đủ túc số, chưa xếp hạng"),
            "conflict": _("Khai báo xung đột lợi ích"),
            "inspection": _("Kiểm tra, giám sát"),
            "reminded": _("Nhắc thành viên chấm điểm"),
            "unscheduled": _("Đợt đánh giá bị hủy, sản phẩm được xếp lại"),
            "sheet_changed": _("Đổi phiếu chấm theo phân nhóm mới"),
            "cancelled": _("Đã hủy"),
        })
        from procedures.paths import register_score_source

        from .paths import best_scores

        register_score_source(best_scores)
        if council_results_files not in PACKAGE_EXTRAS:
            PACKAGE_EXTRAS.append(council_results_files)
