"""Documents and workbooks of the evaluations app: the council's minutes (PDF, Decree 30/2020
layout), a member's score sheet (PDF), a round's results (xlsx), a criteria set's workbook
(export and all-or-nothing import, one worksheet per sub-group)."""

import io
from collections import OrderedDict

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from accounts.spreadsheets import append
from documents import render
from documents.models import Kind

from . import papers, selectors
from .criteria import dec
from .models import CriteriaSet, Round, Scorecard


def minutes_pdf(round_: Round, *, user=None) -> bytes:
    """Biên bản họp Hội đồng (Decree 30 layout, the register's number once issued), the submitted
    score sheets as its annexes."""
    day = papers.minutes_day(round_)
    return render.pdf(papers.minutes_paper(round_, papers.draft(
        papers.COUNCIL_BODY, round_.district, day, Kind.MINUTES, round_, "minutes")))


def feedback_pdf(entry) -> bytes:
    """Thông báo kết quả đánh giá for a product below the proposal minimum (or left unrated). The
    entry comes from selectors.feedback_for (annotated means, prefetched sheets)."""
    day = papers.published_day(entry.round)
    return render.pdf(papers.feedback_paper(entry, papers.draft(
        papers.COUNCIL_BODY, entry.round.district, day, Kind.NOTICE, entry, "feedback")))


def scorecard_pdf(card: Scorecard, *, user=None) -> bytes:
    return render.pdf(papers.scorecard_paper(card))


def results_xlsx(round_: Round) -> bytes:
    round_ = selectors.round_with_council(round_.pk)
    members = selectors.scoring_members(round_)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Kết quả"))
    append(ws, [_("KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP — %(r)s") % {"r": round_.title.upper()}])
    append(ws, [_("Cách tổng hợp: %(a)s; trạng thái: %(s)s") % {
        "a": round_.get_aggregation_display(), "s": round_.get_status_display()}])
    append(ws, [_("STT"), _("Sản phẩm"), _("Chủ thể"), _("Xã/thị trấn"), _("Phân nhóm"), *[str(m.user) for m in members],
               _("Số phiếu"), _("Điểm"), _("Hạng sao"), _("Chênh lệch"), _("Đề nghị công nhận"), _("Kết luận")])
    yes, no = _("Có"), _("Không")
    for i, entry in enumerate(selectors.results_of(round_), 1):
        by_member = {c.member_id: c.total for c in entry.scorecards.all()}
        append(ws, [
            i, entry.registration.product.name, entry.registration.producer.name, entry.registration.commune.name,
            entry.sheet.name, *[float(by_member[m.pk]) if m.pk in by_member else None for m in members],
            entry.submitted_count, float(entry.score) if entry.score is not None else None, entry.stars,
            float(entry.spread) if entry.spread is not None else None, yes if entry.proposed else no, entry.conclusion,
        ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# Criteria set workbook
# ------------------------------------------------------------------------------------------------

COLUMNS = ["Phần", "Tên phần", "Điểm tối đa phần", "Mục", "Tên mục", "Điểm tối đa mục", "STT tiêu chí", "Mã tiêu chí",
           "Tiêu chí", "Ghi chú", "Điểm tối đa tiêu chí", "Nhóm trường hợp (chọn một)", "Nhiều thang điểm", "Mức đánh giá", "Điểm"]


def criteria_set_xlsx(criteria_set: CriteriaSet) -> bytes:
    """One worksheet per sub-group (current versions): two header rows, then one row per level."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = (
        criteria_set.sheets.filter(is_current=True).select_related("subgroup")
        .prefetch_related("parts__criteria__levels").order_by("subgroup__sort_order", "subgroup__code")
    )
    for sheet in sheets:
        ws = wb.create_sheet(f"PN {sheet.subgroup.code}"[:31])
        append(ws, ["Mã phân nhóm", sheet.subgroup.code, "Tên phiếu", sheet.name, "Phiên bản", sheet.version,
                   "Hợp lệ", "Có" if sheet.is_valid else "Không"])
        append(ws, COLUMNS)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        n = 0
        for part in sheet.parts.all():
            for crit in part.criteria.all():
                n += 1
                for level in crit.levels.all():
                    append(ws, [
                        part.code, part.name, float(part.max_points), crit.section_code, crit.section_name,
                        float(crit.section_max) if crit.section_max is not None else None, n, crit.code, crit.name,
                        crit.note, float(crit.max_points), crit.alternative_group, "Có" if crit.alternative_scales else "",
                        level.label, float(level.points) if level.points is not None else (level.points_raw or None),
                    ])
        for col, width in zip("ABCDEFGHIJKLMNO", (6, 30, 8, 6, 30, 8, 6, 8, 40, 30, 8, 10, 8, 60, 8), strict=True):
            ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class ImportErrors(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


def parse_criteria_workbook(file) -> tuple[list[tuple[str, dict]], list[str]]:
    """[(sub-group code, sheet data)] and the row errors ("Trang PN 1, dòng 7: ...")."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is one user-facing error
        return [], ["Không đọc được tệp; cần tệp Excel .xlsx."]
    result, errors = [], []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        where = f"Trang “{ws.title}”"
        if len(rows) < 3 or rows[0][0] != "Mã phân nhóm" or list(rows[1][: len(COLUMNS)]) != COLUMNS:
            errors.append(f"{where}: không đúng mẫu (dòng 1 mã phân nhóm, dòng 2 tiêu đề cột).")
            continue
        code, name = str(rows[0][1] or "").strip(), str(rows[0][3] or "").strip()
        if not code or not name:
            errors.append(f"{where}, dòng 1: thiếu mã phân nhóm hoặc tên phiếu.")
            continue
        parts: OrderedDict[str, dict] = OrderedDict()
        criteria: OrderedDict[tuple, dict] = OrderedDict()
        for number, row in enumerate(rows[2:], 3):
            row = list(row) + [None] * (len(COLUMNS) - len(row))
            if all(v in (None, "") for v in row):
                continue
            (p_code, p_name, p_max, s_code, s_name, s_max, crit_no, c_code, c_name, note, c_max, alt_group,
             alt_scales, label, points) = row[: len(COLUMNS)]
            row_errors = []
            if str(p_code or "").strip() not in ("A", "B", "C"):
                row_errors.append("phần phải là A, B hoặc C")
            if dec(p_max) is None:
                row_errors.append("điểm tối đa phần không phải số")
            if dec(c_max) is None:
                row_errors.append("điểm tối đa tiêu chí không phải số")
            if s_max not in (None, "") and dec(s_max) is None:
                row_errors.append("điểm tối đa mục không phải số")
            if not c_name:
                row_errors.append("thiếu tên tiêu chí")
            if not label:
                row_errors.append("thiếu mức đánh giá")
            if dec(points) is None:
                row_errors.append("điểm của mức không phải số")
            if crit_no in (None, ""):
                row_errors.append("thiếu STT tiêu chí")
            if row_errors:
                errors.append(f"{where}, dòng {number}: " + "; ".join(row_errors) + ".")
                continue
            p_code = str(p_code).strip()
            part = parts.setdefault(p_code, {"code": p_code, "name": str(p_name or p_code), "max": dec(p_max), "criteria": []})
            key = (p_code, str(crit_no))
            crit = criteria.get(key)
            if crit is None:
                crit = {
                    "section_code": str(s_code or ""), "section_name": str(s_name or ""), "section_max": dec(s_max),
                    "parent_code": "", "parent_name": "", "code": str(c_code or ""), "name": str(c_name), "note": str(note or ""),
                    "max": dec(c_max), "alternative_group": str(alt_group or ""), "alternative_scales": bool(alt_scales),
                    "levels": [],
                }
                criteria[key] = crit
                part["criteria"].append(crit)
            crit["levels"].append({"label": str(label), "points": dec(points), "points_raw": "", "required_for_star": None})
        if not parts:
            errors.append(f"{where}: không có tiêu chí nào.")
            continue
        result.append((code, {"name": name, "parts": list(parts.values())}))
    return result, errors


def criteria_set_import(*, criteria_set: CriteriaSet, file, actor) -> dict:
    """All or nothing: any row error rejects the whole workbook. Each worksheet becomes a new sheet
    version when its content differs (sheets that do not add up are stored, flagged)."""
    from registrations.models import ProductCategory

    from .services import sheet_save_version

    parsed, errors = parse_criteria_workbook(file)
    subgroups = {c.code: c for c in ProductCategory.objects.filter(classification=criteria_set.classification, level="subgroup")}
    for code, _data in parsed:
        if code not in subgroups:
            errors.append(f"Mã phân nhóm “{code}” không có trong bộ phân loại {criteria_set.classification.code}.")
    if errors:
        raise ImportErrors(errors)
    created = 0
    with transaction.atomic():
        for code, data in parsed:
            before = criteria_set.sheets.filter(subgroup=subgroups[code], is_current=True).values_list("pk", flat=True).first()
            sheet = sheet_save_version(criteria_set=criteria_set, subgroup=subgroups[code], data=data, actor=actor)
            created += sheet.pk != before
    return {"n": len(parsed), "c": created}
