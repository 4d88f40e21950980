"""The procedure in force as plain text (manage.py ocop_procedure), from the same data as /quy-trinh/."""

import datetime

from django.utils.translation import gettext as _

from .models import Action
from .selectors import describe


def _points(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def stage_line(stage) -> str:
    """One stage as a sentence: "Hội đồng ... : Hội đồng chấm điểm", "UBND tỉnh: Công nhận 3–4 sao"."""
    label = stage.get_action_display()
    if stage.action == Action.FORWARD:
        label = _("Gửi lên %(level)s") % {"level": stage.get_to_level_display().lower()}
    line = f"{stage.actor}: {label}" if stage.actor else label
    if stage.action == Action.RECOGNISE:
        band = f"{stage.min_stars}" if stage.min_stars == stage.max_stars else f"{stage.min_stars}–{stage.max_stars}"
        line += " " + _("%(band)s sao") % {"band": band}
    if stage.action == Action.FORWARD:
        if stage.forward_min_points is not None:
            line += " " + _("(từ %(p)s điểm)") % {"p": _points(stage.forward_min_points)}
    return line


def procedure_text(procedure, on: datetime.date) -> str:
    if procedure is None:
        return _("Ngày %(d)s: chưa có quy trình đánh giá, phân hạng nào có hiệu lực trong dữ liệu.") % {"d": f"{on:%d/%m/%Y}"}
    info = describe(procedure)
    lines = [
        _("Quy trình đánh giá, phân hạng sản phẩm OCOP áp dụng ngày %(d)s") % {"d": f"{on:%d/%m/%Y}"},
        procedure.name,
        _("Hiệu lực: từ %(f)s%(t)s") % {
            "f": f"{procedure.valid_from:%d/%m/%Y}",
            "t": (_(" đến %(t)s") % {"t": f"{procedure.valid_to:%d/%m/%Y}"}) if procedure.valid_to else "",
        },
        _("Căn cứ pháp lý: %(b)s") % {"b": procedure.legal_basis},
        "",
    ]
    number = 0
    for level in info["levels"]:
        lines.append(str(level["label"]).upper())
        for step in level["steps"]:
            number += 1
            stage = step["stage"]
            lines.append(f"  {number}. {stage_line(stage)}")
            if stage.description:
                lines.append(f"     {stage.description}")
            for document in step["documents"]:
                lines.append("     " + _("Văn bản: %(doc)s") % {"doc": document})
        lines.append("")
    if info["absent"]:
        lines.append(_("Không có cấp: %(levels)s.") % {"levels": ", ".join(str(a).lower() for a in info["absent"])})
    if not procedure.verified:
        lines.append(_("Dữ liệu chưa đối chiếu văn bản gốc (nguồn: %(s)s).") % {"s": procedure.source or "-"})
    return "\n".join(lines).rstrip() + "\n"
