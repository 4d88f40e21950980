"""Reading a rendered document back as text (pdftotext -layout, python-docx) and checking the
Decree 30/2020/NĐ-CP parts every document kind must show. Other apps' document tests use these."""

import re
import subprocess
import tempfile

from documents.layout import MOTTO, NATION
from documents.render import docx_text


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], check=True, capture_output=True, text=True).stdout


def header_left_column(text: str) -> str:
    """The issuer block of page 1 read from a -layout text: the left segments of the lines above "Số:"."""
    parts = []
    for line in text.splitlines():
        if "Số:" in line or "ngày" in line:
            break
        left = re.split(r"\s{3,}", line.strip())[0] if line.strip() else ""
        if left and NATION not in left and MOTTO not in left:
            parts.append(left)
    return " ".join(parts)


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_decree30(text: str, *, issuer: str, symbol: str, date_line: str, signature: list[str] = (),
                    recipients: bool = False, pdf: bool = True) -> None:
    """Issuer full name, "Số: <symbol>", Quốc hiệu and Tiêu ngữ, the date line, the signature lines, "Nơi nhận:"."""
    flat = squash(text)
    if pdf:
        assert issuer in header_left_column(text), (issuer, header_left_column(text))
    else:
        assert issuer in flat, issuer
    assert f"Số: {symbol}" in flat, symbol
    assert NATION in flat and MOTTO in flat
    assert date_line in flat, date_line
    for line in signature:
        assert line in flat, line
    assert ("Nơi nhận:" in flat) == recipients


def both_texts(document) -> tuple[str, str]:
    """(PDF text, DOCX text) of a register row's files."""
    with document.pdf.open("rb") as f:
        pdf = pdf_text(f.read())
    with document.docx.open("rb") as f:
        docx = docx_text(f.read())
    return pdf, docx


def check_document(document, *, issuer: str, date_line: str, signature: list[str] = (), recipients: bool = False):
    pdf, docx = both_texts(document)
    assert_decree30(pdf, issuer=issuer, symbol=document.symbol, date_line=date_line, signature=signature,
                    recipients=recipients)
    assert_decree30(docx, issuer=issuer, symbol=document.symbol, date_line=date_line, signature=signature,
                    recipients=recipients, pdf=False)
    return pdf, docx
