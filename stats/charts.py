"""Charts drawn on the server as SVG with pygal (no JavaScript, no internet).

pygal adds a ``<script>`` with its configuration and, by default, a script from a CDN; we pass
``js=[]`` and drop every ``<script>`` node from the tree before serialising, so the SVG is static
markup that the page shows inline (the CSP allows no inline script anyway) and WeasyPrint draws
in the PDF. Text (unit and source names) is escaped by the XML serialiser.
"""

import base64

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from .selectors import Table

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    font_family="'Liberation Sans', 'DejaVu Sans', Arial, sans-serif",
    colors=("#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#ffc107"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=12,
)

KINDS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line, "pie": pygal.Pie}


def _money(value) -> str:
    return f"{int(value or 0):,}".replace(",", ".")


def _number(value) -> str:
    return f"{int(value or 0)}" if value is not None else ""


def build_chart(table: Table):
    """The pygal chart of a table: a series per compared column (the "Tổng" column is left out
    when several districts are compared), a slice per row for a pie."""
    kind = KINDS[table.chart]
    config = dict(
        js=[], style=STYLE, disable_xml_declaration=True, width=760, height=380, show_legend=True,
        legend_at_bottom=True, print_values=True, print_zeroes=False, truncate_legend=40, truncate_label=30,
        no_data_text=_("Chưa có số liệu"), value_formatter=_money if table.money else _number,
        explicit_size=False,
    )
    if table.chart != "pie":
        config["x_labels"] = [str(row[0]) for row in table.rows]
        if not table.money:  # counts: whole-number ticks (pygal would print 0.2, 0.4... for small counts)
            top = max([v for row in table.rows for v in row[1:] if isinstance(v, int | float)] or [0])
            step = max(1, -(-int(top) // 5))
            config["y_labels"] = list(range(0, int(top) + step + 1, step))
    chart = kind(**config)
    if table.chart == "pie":
        for row in table.rows:
            chart.add(str(row[0]), [row[-1]])
        return chart
    headers = table.headers[1:]
    columns = list(range(1, len(table.headers)))
    if table.money:
        series = columns  # budget / committed / paid side by side
    elif len(columns) > 1:
        series = columns[:-1]  # the districts; the total is in the table
    else:
        series = columns
    for index in series:
        chart.add(str(headers[index - 1]), [row[index] for row in table.rows])
    return chart


def render_svg(table: Table) -> str:
    """The chart as an SVG string without any <script> element."""
    chart = build_chart(table)
    tree = chart.render_tree()
    for script in list(tree.iter("{http://www.w3.org/2000/svg}script")) + list(tree.iter("script")):
        parent = _parent(tree, script)
        if parent is not None:
            parent.remove(script)
    from xml.etree import ElementTree

    svg = ElementTree.tostring(tree, encoding="unicode") if not hasattr(tree, "getroottree") else _lxml_string(tree)
    return svg


def _lxml_string(tree) -> str:
    from lxml import etree

    return etree.tostring(tree, encoding="unicode")


def _parent(root, node):
    getparent = getattr(node, "getparent", None)
    if getparent is not None:
        return getparent()
    for candidate in root.iter():
        if node in list(candidate):
            return candidate
    return None


def data_uri(svg: str) -> str:
    """The SVG as a data: URI for an <img> in the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
