"""The two renderers of a `layout.Paper`: PDF (WeasyPrint, one template) and DOCX (python-docx).

python-docx (MIT, maintained, pure Python on lxml) writes real Word paragraphs, tables, headers
with a PAGE field and a different first page, which the office edits before signing; the PDF's
page numbers are CSS paged media (centred at the top from page 2). Both use the margins of Decree
30/2020/NĐ-CP (top 20, bottom 20, left 30, right 15 mm) and a Times-compatible font (Liberation
Serif in PDFs; Times New Roman in DOCX, which Word and LibreOffice map to Liberation Serif).
"""

import io

from django.template.loader import render_to_string

from .layout import MOTTO, NATION, Paper

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def html(paper: Paper) -> str:
    return render_to_string("documents/paper.html", {
        "paper": paper, "nation": NATION, "motto": MOTTO, "margins": MARGINS_MM,
    })


def pdf(paper: Paper) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(paper)).write_pdf()


def render_html_pdf(template: str, context: dict) -> bytes:
    """A non-document page (a working list, a report without number) rendered to PDF."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()


# ------------------------------------------------------------------------------------------------
# DOCX
# ------------------------------------------------------------------------------------------------

FONT = "Times New Roman"


def _docx_setup(document):
    from docx.enum.section import WD_ORIENT  # noqa: F401 - used by callers through _landscape
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, value in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(value))
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])


def _page_number(paragraph):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _para(container, text="", *, bold=False, italic=False, align=None, size=None, space_after=None, underline=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    par = container.add_paragraph()
    if align:
        par.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                         "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    if space_after is not None:
        par.paragraph_format.space_after = Pt(space_after)
    if text:
        run = par.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return par


def _cell(cell, lines):
    """Fill a table cell with [(text, {format})] lines (the first reuses the cell's empty paragraph)."""
    first = True
    for text, fmt in lines:
        if first:
            par = cell.paragraphs[0]
            first = False
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.shared import Pt

            par.alignment = WD_ALIGN_PARAGRAPH.CENTER if fmt.get("align", "center") == "center" else WD_ALIGN_PARAGRAPH.LEFT
            run = par.add_run(text)
            run.bold, run.italic = fmt.get("bold", False), fmt.get("italic", False)
            if fmt.get("size"):
                run.font.size = Pt(fmt["size"])
        else:
            _para(cell, text, bold=fmt.get("bold", False), italic=fmt.get("italic", False),
                  align=fmt.get("align", "center"), size=fmt.get("size"), space_after=0)


def _no_borders(tbl):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl._tbl.tblPr.append(borders)


def _header(document, paper: Paper):
    from docx.shared import Mm

    tbl = document.add_table(rows=2, cols=2)
    _no_borders(tbl)
    widths = (Mm(73), Mm(92))
    for row in tbl.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left = []
    if paper.issuer.superior:
        left.append((paper.issuer.superior.upper(), {"size": 12}))
    left += [(line.upper(), {"bold": True, "size": 12}) for line in paper.issuer.name.splitlines()]
    left.append(("———", {"size": 8}))
    _cell(tbl.cell(0, 0), left)
    _cell(tbl.cell(0, 1), [(NATION, {"bold": True, "size": 12}), (MOTTO, {"bold": True}), ("—————", {"size": 8})])
    number = [(paper.number_line, {})] if paper.number_line else [("", {})]
    if paper.is_letter and paper.title:
        number.append((f"V/v {paper.title}", {"size": 12}))
    _cell(tbl.cell(1, 0), number)
    _cell(tbl.cell(1, 1), [(paper.date_line, {"italic": True})])


def _data_table(container, t):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    tbl = container.add_table(rows=1, cols=len(t.headers))
    tbl.style = "Table Grid"
    size = Pt(10 if t.small else 11)
    for cell, text in zip(tbl.rows[0].cells, t.headers, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, size
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in t.rows:
        cells = tbl.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=False)):
            run = cell.paragraphs[0].add_run(text)
            run.font.size = size
            if i in t.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return tbl


def _blocks(document, blocks):
    from docx.shared import Mm

    for b in blocks:
        if b.kind == "p":
            par = _para(document, align="justify")
            run = par.add_run(b.text)
            run.bold = b.bold
            par.paragraph_format.first_line_indent = Mm(10)
        elif b.kind == "h":
            _para(document, b.text, bold=True, align="justify")
        elif b.kind == "center":
            _para(document, b.text, bold=b.bold, align="center")
        elif b.kind == "item":
            par = _para(document, b.text, align="justify")
            par.paragraph_format.left_indent = Mm(5)
        elif b.kind == "note":
            _para(document, b.text, italic=True, align="justify", size=12)
        elif b.kind == "table":
            _data_table(document, b.table)
            _para(document, space_after=0)
        elif b.kind == "image" and b.mime != "image/png":
            _para(document, f"[{b.text}]" if b.text else "", italic=True, align="center", size=11)
        elif b.kind == "image":
            par = _para(document, align="center")
            par.add_run().add_picture(io.BytesIO(b.image), width=Mm(b.width_mm or 30))
        elif b.kind == "pagebreak":
            document.add_page_break()


def _signatures(document, paper: Paper):
    from docx.shared import Mm

    columns = (1 if paper.recipients else 0) + len(paper.signatures)
    if not columns:
        return
    tbl = document.add_table(rows=1, cols=columns)
    _no_borders(tbl)
    cells = list(tbl.rows[0].cells)
    if paper.recipients:
        lines = [("Nơi nhận:", {"bold": True, "italic": True, "size": 12, "align": "left"})]
        lines += [(f"- {r};" if i < len(paper.recipients) - 1 else f"- {r}.", {"size": 11, "align": "left"})
                  for i, r in enumerate(paper.recipients)]
        _cell(cells.pop(0), lines)
    for cell, sig in zip(cells, paper.signatures, strict=True):
        lines = [(line, {"bold": True}) for line in sig.lines]
        lines += [("", {})] * 4 + [(sig.name, {"bold": True})]
        _cell(cell, lines)
        cell.width = Mm(80)


def docx(paper: Paper) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    document = DocxDocument()
    _docx_setup(document)
    _header(document, paper)
    if paper.kind_label:
        _para(document, paper.kind_label.upper(), bold=True, align="center", space_after=0)
        if paper.title:
            _para(document, paper.title, bold=True, align="center")
    if paper.addressees:
        if len(paper.addressees) == 1:
            _para(document, f"Kính gửi: {paper.addressees[0]}", align="center")
        else:
            _para(document, "Kính gửi:", align="center", space_after=0)
            for a in paper.addressees:
                _para(document, f"- {a};", align="center", space_after=0)
    _blocks(document, paper.blocks)
    _signatures(document, paper)
    for annex in paper.appendices:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        if annex.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(210), Mm(297)
        if annex.label:
            _para(document, annex.label.upper(), bold=True, align="center", space_after=0)
        _para(document, annex.title.upper(), bold=True, align="center", space_after=0)
        if annex.reference:
            _para(document, annex.reference, italic=True, align="center")
        _blocks(document, annex.blocks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(content: bytes) -> str:
    """All the text of a DOCX (body paragraphs and tables in order, then the headers), for tests and search."""
    from docx import Document as DocxDocument

    document = DocxDocument(io.BytesIO(content))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tc"):
                    lines.append("\n".join(
                        "".join(t.text or "" for t in par.iter() if t.tag.endswith("}t"))
                        for par in row.iter() if par.tag.endswith("}p")
                    ))
    return "\n".join(lines)
