"""Official documents shared by every app: the Decree 30/2020/NĐ-CP header and PDF rendering.

Templates include ``pdf/_decree30_style.html`` (fonts, header layout) in their <head> and
``pdf/_decree30_header.html`` at the top of the body, with ``issuer`` (an AdministrativeUnit or
a ready line), optional ``office`` and ``number``, ``place`` and ``on`` (the document's date).
"""

from django.template.loader import render_to_string


def issuer_line(issuer) -> str:
    """"UBND HUYỆN LỤC NAM" from the issuing unit (a ready string passes through)."""
    if not issuer:
        return ""
    if isinstance(issuer, str):
        return issuer
    return f"UBND {issuer.get_kind_display().upper()} {issuer.name.upper()}"


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to PDF with WeasyPrint (fonts: Liberation Serif, embedded)."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()
