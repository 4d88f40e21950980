"""Score-sheet structure as plain data: validation (parts and sections add up, parts add to 100)
and conversion between the fixture / workbook shape and the database rows.

A sheet in plain data is ``{"name", "parts": [{"code", "name", "max", "criteria": [criterion]}]}``
with criterion ``{"section_code", "section_name", "section_max", "parent_code", "parent_name",
"code", "name", "note", "max", "alternative_scales", "alternative_group",
"levels": [{"label", "points", "points_raw", "required_for_star"}]}``.
"""

import hashlib
import json
from collections import OrderedDict
from decimal import Decimal, InvalidOperation

TOTAL_MAX = Decimal(100)


def dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def effective_sum(criteria: list[dict]) -> Decimal:
    """Sum of criteria maxima; of alternative criteria (one of two cases) only the largest counts."""
    total = Decimal(0)
    groups: dict[str, Decimal] = {}
    for c in criteria:
        m = dec(c["max"]) or Decimal(0)
        if c.get("alternative_group"):
            groups[c["alternative_group"]] = max(groups.get(c["alternative_group"], Decimal(0)), m)
        else:
            total += m
    return total + sum(groups.values(), Decimal(0))


def validate_sheet(data: dict) -> list[str]:
    """Problems of a sheet (empty list = usable for scoring). Messages in Vietnamese."""
    problems = []
    parts = data.get("parts") or []
    if not parts:
        return ["Phiếu chưa có phần nào."]
    part_total = Decimal(0)
    for part in parts:
        pmax = dec(part.get("max"))
        if pmax is None:
            problems.append(f"Phần {part.get('code')}: thiếu điểm tối đa.")
            continue
        part_total += pmax
        criteria = part.get("criteria") or []
        if not criteria:
            problems.append(f"Phần {part['code']}: chưa có tiêu chí.")
            continue
        for c in criteria:
            label = f"Phần {part['code']}, tiêu chí {c.get('code') or ''} {c.get('name', '')}".strip()
            cmax = dec(c.get("max"))
            if cmax is None or cmax < 0:
                problems.append(f"{label}: điểm tối đa không hợp lệ.")
                continue
            if not c.get("levels"):
                problems.append(f"{label}: chưa có mức đánh giá.")
                continue
            points = [dec(lv.get("points")) for lv in c["levels"]]
            if any(p is None for p in points):
                raw = ", ".join(str(lv.get("points_raw") or lv.get("points")) for lv in c["levels"] if dec(lv.get("points")) is None)
                problems.append(f"{label}: có mức không có điểm hợp lệ ({raw}).")
            valid_points = [p for p in points if p is not None]
            if any(p < 0 or p > cmax for p in valid_points):
                problems.append(f"{label}: điểm của một mức nằm ngoài 0–{cmax}.")
            if valid_points and max(valid_points) != cmax:
                problems.append(f"{label}: điểm tối đa {cmax} nhưng mức cao nhất là {max(valid_points)}.")
        sections: OrderedDict[str, list[dict]] = OrderedDict()
        for c in criteria:
            if c.get("section_max") not in (None, ""):
                sections.setdefault(c.get("section_code") or "", []).append(c)
        for code, rows in sections.items():
            smax = dec(rows[0]["section_max"])
            got = effective_sum(rows)
            if got != smax:
                problems.append(f"Phần {part['code']}, mục {code} {rows[0].get('section_name', '')}: các tiêu chí cộng lại {got}, tối đa của mục là {smax}.")
        got = effective_sum(criteria)
        if got != pmax:
            problems.append(f"Phần {part['code']}: các tiêu chí cộng lại {got}, tối đa của phần là {pmax}.")
    if part_total != TOTAL_MAX:
        problems.append(f"Các phần cộng lại {part_total}, phải bằng 100.")
    return problems


def content_hash(data: dict) -> str:
    """Hash of what scoring depends on (structure, maxima, levels and points)."""
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def _criterion_from_fixture(part_code: str, section: dict, crit: dict) -> dict:
    alt_group = f"{part_code}-{section.get('code')}" if section.get("criteria_are_alternatives") else ""
    notes = [n for n in (crit.get("note"), crit.get("note_in_title"), crit.get("alternative_scales_note")) if n]
    first_of_section = crit is section["criteria"][0]
    parent = crit.get("parent") or {}
    levels = []
    for lv in crit["levels"]:
        levels.append({
            "label": lv["label"],
            "points": lv.get("points"),
            "points_raw": str(lv.get("points_raw") or ""),
            "required_for_star": lv.get("required_for_star"),
        })
    return {
        "section_code": str(section.get("code") or ""),
        "section_name": section.get("name") or "",
        "section_max": section.get("max"),
        "section_note": (section.get("note") or "") if first_of_section else "",
        "parent_code": parent.get("code", ""),
        "parent_name": parent.get("name", ""),
        "code": str(crit.get("code") or ""),
        "name": crit.get("name") or section.get("name") or "",
        "note": "\n".join(notes),
        "max": crit["max"],
        "alternative_scales": bool(crit.get("alternative_scales") or crit.get("alternative_scales_suspected")),
        "alternative_group": alt_group,
        "levels": levels,
    }


def sheet_from_fixture(sheet: dict) -> dict:
    parts = []
    for part in sheet["parts"]:
        criteria = []
        for section in part["sections"]:
            for crit in section["criteria"]:
                criteria.append(_criterion_from_fixture(part["code"], section, crit))
        parts.append({"code": part["code"], "name": part["name"], "max": part["max"], "criteria": criteria})
    return {"name": sheet["subgroup"], "parts": parts}


def sheet_to_data(sheet) -> dict:
    """The stored sheet (with parts, criteria, levels prefetched or not) as plain data."""
    parts = []
    for part in sheet.parts.all():
        criteria = []
        for c in part.criteria.all():
            criteria.append({
                "section_code": c.section_code, "section_name": c.section_name, "section_max": c.section_max,
                "section_note": "", "parent_code": c.parent_code, "parent_name": c.parent_name, "code": c.code,
                "name": c.name, "note": c.note, "max": c.max_points, "alternative_scales": c.alternative_scales,
                "alternative_group": c.alternative_group,
                "levels": [
                    {"label": lv.label, "points": lv.points, "points_raw": lv.points_raw, "required_for_star": lv.required_for_star}
                    for lv in c.levels.all()
                ],
            })
        parts.append({"code": part.code, "name": part.name, "max": part.max_points, "criteria": criteria})
    return {"name": sheet.name, "parts": parts}


def normalised_for_hash(data: dict) -> dict:
    """Plain data with numbers as 2-decimal strings, so fixture and database shapes hash the same."""
    def n(v):
        d = dec(v)
        return None if d is None else str(d)

    return {
        "name": data["name"],
        "parts": [
            {
                "code": p["code"], "name": p["name"], "max": n(p["max"]),
                "criteria": [
                    {
                        "code": c["code"], "name": c["name"], "max": n(c["max"]), "section_code": c["section_code"],
                        "section_max": n(c.get("section_max")), "alternative_group": c.get("alternative_group", ""),
                        "levels": [[lv["label"], n(lv.get("points"))] for lv in c["levels"]],
                    }
                    for c in p["criteria"]
                ],
            }
            for p in data["parts"]
        ],
    }


def create_sheet_rows(*, apps_models: dict, sheet_obj, data: dict) -> None:
    """Write parts, criteria and levels of `data` under `sheet_obj` with bulk inserts."""
    SheetPart, Criterion, Level = apps_models["SheetPart"], apps_models["Criterion"], apps_models["Level"]
    order = 0
    crit_rows, level_specs = [], []
    for p_order, p in enumerate(data["parts"], 1):
        part = SheetPart.objects.create(sheet=sheet_obj, code=p["code"], name=p["name"][:255], max_points=dec(p["max"]) or 0, order=p_order)
        for c in p["criteria"]:
            order += 1
            crit_rows.append(Criterion(
                sheet=sheet_obj, part=part, section_code=(c.get("section_code") or "")[:10],
                section_name=(c.get("section_name") or "")[:255], section_max=dec(c.get("section_max")),
                parent_code=(c.get("parent_code") or "")[:10], parent_name=(c.get("parent_name") or "")[:255],
                code=(c.get("code") or "")[:12], name=(c.get("name") or "")[:500],
                note="\n".join(x for x in (c.get("section_note"), c.get("note")) if x),
                max_points=dec(c["max"]) or 0, alternative_scales=bool(c.get("alternative_scales")),
                alternative_group=c.get("alternative_group") or "", order=order,
            ))
            level_specs.append(c["levels"])
    created = Criterion.objects.bulk_create(crit_rows)
    levels = []
    for crit, specs in zip(created, level_specs, strict=True):
        for l_order, lv in enumerate(specs, 1):
            levels.append(Level(
                criterion=crit, label=lv["label"], points=dec(lv.get("points")),
                points_raw=str(lv.get("points_raw") or "")[:20], required_for_star=lv.get("required_for_star"), order=l_order,
            ))
    Level.objects.bulk_create(levels)
