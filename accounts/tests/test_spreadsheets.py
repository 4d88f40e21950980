"""The shared cell writer (user text is text, never a formula) and the shared text normaliser
(invisible bidi and zero-width characters dropped)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from accounts.spreadsheets import Formula, StreamingWorkbook, append, cell, set_value
from accounts.text import nfc, one_line

PAYLOADS = ['=HYPERLINK("http://x","bấm")', "+1", "-1", "@SUM(A1)", "=1+1", "<b>x</b>"]


def _read(content):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("write_only", [True, False])
def test_openpyxl_cells_keep_user_text_as_text(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("S") if write_only else wb.active
    append(ws, PAYLOADS + [Formula("=SUM(1,2)"), 3, None, "ctl\x01char"])
    if not write_only:
        target = ws.cell(row=2, column=1)
        set_value(target, "=2+2")
    out = io.BytesIO()
    wb.save(out)
    row = list(_read(out.getvalue()).iter_rows(min_row=1, max_row=1))[0]
    for c, payload in zip(row, PAYLOADS, strict=False):
        assert c.data_type == "s" and c.value == payload
    assert row[len(PAYLOADS)].data_type == "f"  # the deliberate formula
    assert row[len(PAYLOADS) + 1].value == 3
    assert row[len(PAYLOADS) + 3].value == "ctlchar"  # XML-illegal control character dropped
    if not write_only:
        assert _read(out.getvalue()).cell(row=2, column=1).data_type == "s"


def test_plain_openpyxl_would_have_written_a_formula():
    """Why the writer exists: openpyxl alone turns "=..." into a formula."""
    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://x","bấm")'])
    out = io.BytesIO()
    wb.save(out)
    assert _read(out.getvalue())["A1"].data_type == "f"
    wb = Workbook()
    wb.active.append([cell(wb.active, '=HYPERLINK("http://x","bấm")')])
    out = io.BytesIO()
    wb.save(out)
    assert _read(out.getvalue())["A1"].data_type == "s"


def test_streaming_workbook_keeps_user_text_as_text():
    book = StreamingWorkbook()
    sheet = book.sheet("S")
    sheet.append(PAYLOADS + [Formula("=SUM(1,2)"), 2.5, "http://example.com", "0123"])
    sheet.append(["a", "b"])
    sheet.merge(0, 0, 1, 0)
    ws = _read(book.close())
    row = list(ws.iter_rows(min_row=1, max_row=1))[0]
    for c, payload in zip(row, PAYLOADS, strict=False):
        assert c.data_type == "s" and c.value == payload
    assert row[len(PAYLOADS)].data_type == "f"
    assert row[len(PAYLOADS) + 1].value == 2.5
    assert row[len(PAYLOADS) + 2].value == "http://example.com"  # no hyperlink made of user text
    assert row[len(PAYLOADS) + 3].value == "0123"  # not turned into a number
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:A2"}


def test_nfc_drops_bidi_overrides_and_zero_width_characters():
    assert nfc("HTX\u202eabc\u202c Dứa\u200b\u200d\ufeff\u2066x\u2069") == "HTXabc Dứax"
    assert nfc("De\u0301") == "Dé"
    assert nfc("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"  # line breaks and tabs stay
    assert one_line("Đợt 1\r\n  năm 2026") == "Đợt 1 năm 2026"


@pytest.mark.django_db
def test_producer_names_are_stored_without_invisible_characters(demo_users, client_as):
    from registrations.models import Producer

    response = client_as("xa.huyenson").post("/ho-so/chu-the/them/", {
        "kind": "htx", "name": "Hợp tác xã \u202eNa dai\u200b", "address": "Thôn Liên Khuyên"})
    assert response.status_code == 302
    producer = Producer.objects.get()
    assert producer.name == "Hợp tác xã Na dai"
