"""The secretary's matrix rows and cells, written in Python (issue 11: the template language cost most of the
500 × 9 page's time): the same rows as the template wrote, totals as floatformat:"-2" writes them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from evaluations.models import Scorecard
from evaluations.templatetags.evaluations_tags import _points, _score, matrix_cells, matrix_rows


def test_points_match_floatformat_minus_two():
    with translation.override("vi"):
        for value in ("53", "58.5", "58.555", "58.554", "0", "100.00", "7.125", "66.67"):
            assert _points(Decimal(value)) == floatformat(Decimal(value), "-2"), value
        assert _points(0) == floatformat(0, "-2")  # a spread of fewer than two cards


def test_score_matches_floatformat_two_default_empty():
    with translation.override("vi"):
        for value in ("65", "58.5", "58.555", "58.554", "0", "100.00", "7.125", "66.67"):
            assert _score(Decimal(value)) == floatformat(Decimal(value), 2), value
        assert _score(None) == ""


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
        '<td class="text-center"><a class="text-success" href="/danh-gia/phieu/11/in.pdf">✔ 58,50</a>'
        ' <a class="small d-block" href="?mo-lai=11#mo-lai">Mở lại</a></td>'
        '<td class="text-center"><span class="text-warning">nháp</span></td>'
        '<td class="text-center"><span class="text-muted">—</span></td>'
    )
    assert "mo-lai" not in plain and "in.pdf" not in plain and "✔ 58,50</span></td>" in plain


# The product rows as round_detail.html wrote them before `matrix_rows` (its member cells aside): the tag must
# write the same bytes, names and conclusions escaped, numbers formatted as the template's filters did.
TEMPLATE_ROW = (
    "{% load i18n ocop %}{% for row in rows %}{% with e=row.entry %}"
    """
    <tr data-entry="{{ e.pk }}" id="e{{ e.pk }}">
      <td>{{ e.registration.product.name }}<br><span class="small text-muted">{{ e.registration.producer.name }} · {{ e.registration.commune.name }}</span></td>
      CELLS
      <td>{% if e.quorum_met %}<span class="text-success">{{ e.n_submitted }}/{{ e.n_eligible }}</span>{% else %}<span class="text-danger">{{ e.n_submitted }}/{{ e.n_eligible }}{% if not e.chair_ok %} · {% trans "thiếu Chủ tịch" %}{% endif %}</span>{% endif %}</td>
      <td>{% if e.spread_flagged %}<span class="badge bg-danger">{{ e.live_spread|floatformat:"-2" }}</span>{% else %}{{ e.live_spread|floatformat:"-2" }}{% endif %}</td>
      <td class="entry-score">{{ e.score|floatformat:2|default:"" }}</td>
      <td class="entry-stars">{% if e.stars %}<span title="{{ e.stars }} sao">{{ e.stars|stars }}</span>{% endif %}</td>
      {% if conclusions %}<td class="small entry-conclusion">{{ e.conclusion|linebreaksbr }}{% if conclude %} <a class="d-block" href="?ket-luan={{ e.pk }}#ket-luan">{% if e.conclusion %}{% trans "Sửa kết luận" %}{% else %}{% trans "Ghi kết luận" %}{% endif %}</a>{% endif %}</td>{% endif %}
    </tr>
  {% endwith %}{% endfor %}"""
)


def _entry(pk, *, name, submitted, eligible, quorum, chair_ok, spread, flagged, score, stars, conclusion):
    registration = SimpleNamespace(
        product=SimpleNamespace(name=name), producer=SimpleNamespace(name="HTX <Đồng Tâm> & Co"),
        commune=SimpleNamespace(name="Xã \"Tân\" Sơn"))
    return SimpleNamespace(
        pk=pk, registration=registration, n_submitted=submitted, n_eligible=eligible, quorum_met=quorum,
        chair_ok=chair_ok, live_spread=spread, spread_flagged=flagged, score=score, stars=stars, conclusion=conclusion)


ROWS = [
    {"entry": _entry(7, name="Bưởi <Diễn>", submitted=9, eligible=9, quorum=True, chair_ok=True,
                     spread=Decimal("11.5"), flagged=True, score=Decimal("65.125"), stars=3,
                     conclusion="Đạt.\nĐề nghị <tỉnh> & xem xét"),
     "cells": [{"conflict": False, "card": _card(31, Scorecard.Status.SUBMITTED, "58.5")}]},
    {"entry": _entry(1234, name="Chè & mật", submitted=2, eligible=3, quorum=False, chair_ok=False,
                     spread=0, flagged=False, score=None, stars=None, conclusion=""),
     "cells": [{"conflict": False, "card": None}]},
    {"entry": _entry(8, name="Mắm", submitted=3, eligible=4, quorum=False, chair_ok=True,
                     spread=Decimal("10"), flagged=False, score=Decimal("0"), stars=0, conclusion=""),
     "cells": [{"conflict": True, "card": None}]},
]


@pytest.mark.parametrize("conclusions,conclude", [(False, False), (True, False), (True, True)])
@pytest.mark.parametrize("reopen,pdf_prefix", [(True, "/danh-gia/phieu/"), (False, None)])
def test_rows_are_what_the_template_wrote(conclusions, conclude, reopen, pdf_prefix):
    with translation.override("vi"):
        cells = [matrix_cells(row, reopen=reopen, pdf_prefix=pdf_prefix) for row in ROWS]
        expected = Template(TEMPLATE_ROW).render(Context({"rows": ROWS, "conclusions": conclusions, "conclude": conclude}))
        for html in cells:
            expected = expected.replace("CELLS", html, 1)
        written = matrix_rows(ROWS, reopen=reopen, pdf_prefix=pdf_prefix, conclusions=conclusions, conclude=conclude)
    assert written == expected
    assert "Bưởi &lt;Diễn&gt;" in written and "<tỉnh>" not in written
    assert ("Đạt.<br>Đề nghị &lt;tỉnh&gt; &amp; xem xét" in written) == conclusions
    assert 'data-entry="1234" id="e1234"' in written  # no thousands separator in the anchors
