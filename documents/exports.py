"""The register as a workbook. User text is written as text (data type "s"), never as a formula;
to be replaced by the shared safe cell writer when it lands."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


def _text(ws, value):
    cell = WriteOnlyCell(ws, value="" if value is None else str(value))
    cell.data_type = "s"
    return cell


def register_xlsx(unit, documents) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Sổ văn bản"))
    ws.append([_("SỔ VĂN BẢN — %(u)s") % {"u": unit.full_name.upper()}])
    ws.append([_("STT"), _("Số, ký hiệu"), _("Ngày"), _("Loại"), _("Trích yếu"), _("Cơ quan ban hành"),
               _("Nguồn"), _("Người vào sổ"), _("Bản ký")])
    for i, d in enumerate(documents, 1):
        ws.append([
            i, _text(ws, d.symbol), d.date, _text(ws, d.get_kind_display()), _text(ws, d.title),
            _text(ws, d.issuer_name), _text(ws, d.get_origin_display()), _text(ws, str(d.issued_by or "")),
            _("Có") if d.signed_scan else "",
        ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
