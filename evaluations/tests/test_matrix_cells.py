"""The secretary's matrix cells, written in Python (issue 11: the template language cost most of the
500 × 9 page's time): the same cells as the template wrote, totals as floatformat:"-2" writes them."""

from decimal import Decimal
from types import SimpleNamespace

from django.template.defaultfilters import floatformat
from django.utils import translation

from evaluations.models import Scorecard
from evaluations.templatetags.evaluations_tags import _points, matrix_cells


def test_points_match_floatformat_minus_two():
    with translation.override("vi"):
        for value in ("53", "58.5", "58.555", "58.554", "0", "100.00", "7.125", "66.67"):
            assert _points(Decimal(value)) == floatformat(Decimal(value), "-2"), value


def _card(pk, status, total):
    return SimpleNamespace(pk=pk, status=status, total=Decimal(total))


def test_cells_of_one_row():
    row = {"cells": [
        {"conflict": True, "card": None},
        {"conflict": False, "card": _card(11, Scorecard.Status.SUBMITTED, "58.5")},
        {"conflict": False, "card": _card(12, Scorecard.Status.DRAFT, "40")},
        {"conflict": False, "card": None},
    ]}
    with translation.override("vi"):
        html = matrix_cells(row, reopen=True, pdf_prefix="/danh-gia/phieu/")
        plain = matrix_cells(row, reopen=False, pdf_prefix=None)
    assert html == (
        '<td class="text-center"><span class="badge bg-dark" title="Xung đột lợi ích">XĐLI</span></td>'
        '<td class="text-center"><span class="text-success">✔ 58,50</span>'
        ' <a class="small d-block" href="?mo-lai=11#mo-lai">Mở lại</a>'
        ' <a class="small" href="/danh-gia/phieu/11/in.pdf">PDF</a></td>'
        '<td class="text-center"><span class="text-warning">nháp</span></td>'
        '<td class="text-center"><span class="text-muted">—</span></td>'
    )
    assert "mo-lai" not in plain and "in.pdf" not in plain and "✔ 58,50</span></td>" in plain
