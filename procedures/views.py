"""The public page /quy-trinh/: the procedure in force on a date, explained from the data."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import all_procedures, describe, procedure_in_force
from .text import stage_line


def parse_vn_date(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except (ValueError, TypeError, OverflowError):
        return None


def procedure_page(request):
    on = timezone.localdate()
    error = ""
    raw = request.GET.get("ngay", "")
    if raw:
        parsed = parse_vn_date(raw[:20])
        if parsed is None:
            error = _("Ngày “%(v)s” không hợp lệ, cần dạng ngày/tháng/năm (ví dụ 10/07/2021); đang hiển thị hôm nay.") % {"v": raw[:20]}
        else:
            on = parsed
    procedure = procedure_in_force(on)
    info = describe(procedure) if procedure else None
    if info:
        for level in info["levels"]:
            for step in level["steps"]:
                step["line"] = stage_line(step["stage"])
    return render(request, "procedures/procedure.html", {
        "on": on, "error": error, "procedure": procedure, "info": info, "procedures": all_procedures(),
    })
