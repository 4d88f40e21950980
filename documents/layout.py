"""One Decree 30/2020/NĐ-CP layout for every document: the content object both renderers read.

A domain app builds a `Paper` (issuer block, number, place and date, kind and title, body blocks,
signature, recipients, appendices); `render.pdf(paper)` (WeasyPrint) and `render.docx(paper)`
(python-docx) lay it out the same way, so a fix of the layout lands in every document at once.
"""

import base64
import datetime
from dataclasses import dataclass, field

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def date_line(place: str, day: datetime.date) -> str:
    """"Lục Nam, ngày 05 tháng 7 năm 2021": a leading zero for days below 10 and months 1 and 2
    only (Decree 30/2020/NĐ-CP, Annex I, II.4)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_text(n: int) -> str:
    """Document numbers below 10 carry a leading zero (Decree 30/2020/NĐ-CP, Annex I, II.3)."""
    return f"{n:02d}"


@dataclass
class Issuer:
    """The issuer block: the superior body (may be empty) and the issuer's full name, upper case."""

    name: str  # may hold a line break where the block is set on two lines ("ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM")
    superior: str = ""
    place: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(self.name.split())


@dataclass
class Signature:
    """Signature block: authority (TM., KT., Q., TL., TUQ. or none), on whose behalf, title, name."""

    title: str
    name: str = ""
    authority: str = ""
    on_behalf: str = ""
    collective: str = ""  # "TM. ỦY BAN NHÂN DÂN" above a KT. line, where a deputy signs for a collective body

    @property
    def lines(self) -> list[str]:
        """The bold lines above the space for the signature."""
        top = [f"TM. {self.collective.upper()}"] if self.collective else []
        if self.authority and self.on_behalf:
            return [*top, f"{self.authority} {self.on_behalf.upper()}", self.title.upper()]
        if self.authority:
            return [*top, f"{self.authority} {self.title.upper()}"]
        return [*top, self.title.upper()]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()
    widths: tuple[int, ...] = ()  # relative column widths
    small: bool = False


@dataclass
class Block:
    """A piece of the body: paragraph ("p"), heading ("h"), centred bold line ("center"), list item
    ("item"), italic note ("note"), table ("table"), image ("image": PNG bytes, or SVG with
    mime "image/svg+xml", width in mm), page break. An SVG image (a server-drawn chart) shows in the
    PDF only: the DOCX writes its `text` (the chart's title) in its place, Word taking no SVG here."""

    kind: str
    text: str = ""
    table: Table | None = None
    image: bytes = b""
    width_mm: int = 0
    bold: bool = False
    mime: str = "image/png"

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.image).decode()


def p(text, bold=False):
    return Block("p", text, bold=bold)


def h(text):
    return Block("h", text)


def center(text, bold=True):
    return Block("center", text, bold=bold)


def item(text):
    return Block("item", text)


def note(text):
    return Block("note", text)


def svg(markup: str, width_mm: int = 150, text: str = ""):
    """A vector chart drawn on the server (stats.charts), as an image block of the PDF."""
    return Block("image", text, image=markup.encode("utf-8"), width_mm=width_mm, mime="image/svg+xml")


def table(headers, rows, **kw):
    return Block("table", table=Table(list(headers), [[("" if c is None else str(c)) for c in r] for r in rows], **kw))


@dataclass
class Appendix:
    """An annex after the signature, on a new page: "Phụ lục" / "DANH SÁCH ...", a reference line to the
    document it belongs to ("(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/7/2021 của UBND huyện Lục Nam)")."""

    label: str
    title: str
    reference: str = ""
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass
class Paper:
    issuer: Issuer
    day: datetime.date
    symbol: str | None = ""  # "125/QĐ-UBND"; None: a form without a number (a member's score sheet)
    kind_label: str = ""  # "QUYẾT ĐỊNH"; empty for a letter (công văn)
    title: str = ""  # the subject; a letter's goes under its number as "V/v ..."
    addressees: list[str] = field(default_factory=list)  # "Kính gửi:"
    blocks: list[Block] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:"
    appendices: list[Appendix] = field(default_factory=list)
    place: str = ""

    @property
    def is_letter(self) -> bool:
        return not self.kind_label

    @property
    def number_line(self) -> str:
        return "" if self.symbol is None else f"Số: {self.symbol}"

    @property
    def date_line(self) -> str:
        return date_line(self.place or self.issuer.place, self.day)

    @property
    def reference(self) -> str:
        """How an appendix cites the paper: "Kế hoạch số 12/KH-UBND ngày 05/7/2021"."""
        kind = self.kind_label.capitalize() if self.kind_label else "Công văn"
        return f"{kind} số {self.symbol} ngày {self.day:%d/%m/%Y}"
