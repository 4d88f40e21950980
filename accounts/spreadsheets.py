"""One cell writer for every workbook the portal writes, and safe limits for every workbook it reads.

Writing: user text is always stored as a *string* cell, never a formula. openpyxl turns any ``str``
starting with ``=`` into a formula, and a spreadsheet program treats ``+``, ``-`` and ``@`` at the
start of a typed value as one too; a producer named ``=HYPERLINK("http://x","bấm")`` must reach the
file as that text. A formula is written only where the code asks for one on purpose, with
:class:`Formula`. Characters XML 1.0 cannot hold (control characters) are dropped instead of failing
the export. Two writers share these rules:

- openpyxl (``cell``, ``row``, ``append``): small workbooks, normal or write-only mode;
- XlsxWriter in constant-memory mode (:class:`StreamingWorkbook`): exports of 100,000+ rows (it
  writes each row to a temporary file as soon as the next one starts; see bench/README.md for the
  measurements that chose it over openpyxl write-only). openpyxl stays the reader.

Reading (:func:`read_rows`): uploads are parsed in openpyxl's read-only streaming mode with limits on
the file size, rows, columns and cell length, so a hostile workbook (a million tiny rows, no
``<dimension>``) is refused after ``max_rows`` rows instead of being loaded.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell.cell import Cell

# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell


class Formula(str):
    """A formula the code writes on purpose (never user text): ``Formula("=SUM(J8:J20)")``."""


def text(value) -> str:
    """User text as it may be stored in a cell: str, no XML-illegal characters, Excel's length."""
    value = str(value)
    if not value.isprintable():  # fast path: ordinary text has no control characters at all
        value = _ILLEGAL.sub("", value)
    return value if len(value) <= MAX_CELL_TEXT else value[:MAX_CELL_TEXT]


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    return value


# --- openpyxl -----------------------------------------------------------------------------------

def cell(ws, value, *, font=None, alignment=None, border=None, number_format=None) -> Cell:
    """A cell for ``ws.append`` (write-only or normal worksheet) holding ``value`` safely."""
    value = _plain(value)
    if isinstance(value, Formula):
        c = Cell(ws, row=1, column=1, value=str(value))
    elif isinstance(value, str):
        c = Cell(ws, row=1, column=1, value=text(value))
        c.data_type = "s"  # openpyxl would make "=..." a formula
    else:
        c = Cell(ws, row=1, column=1, value=value)
    if font is not None:
        c.font = font
    if alignment is not None:
        c.alignment = alignment
    if border is not None:
        c.border = border
    if number_format is not None:
        c.number_format = number_format
    return c


def row(ws, values: Iterable) -> list:
    """``values`` with every plain value made a safe cell (cells and None pass through)."""
    return [v if v is None or isinstance(v, Cell) else cell(ws, v) for v in values]


def append(ws, values: Iterable) -> None:
    """``ws.append`` through the safe cell writer."""
    ws.append(row(ws, values))


def set_value(target: Cell, value) -> None:
    """Assign ``value`` to an existing cell of a normal worksheet, text as text."""
    value = _plain(value)
    if isinstance(value, str) and not isinstance(value, Formula):
        target.value = text(value)
        target.data_type = "s"
    else:
        target.value = value


# --- XlsxWriter (streaming) ---------------------------------------------------------------------

class StreamingSheet:
    """A worksheet written row after row (constant memory); ``append`` returns the row's index."""

    def __init__(self, book: StreamingWorkbook, name: str):
        self.book = book
        self.ws = book.wb.add_worksheet(name)
        self.next_row = 0

    def write(self, row_index: int, col: int, value, fmt=None) -> None:
        # XlsxWriter's undecorated writers (pinned 3.3.1): the public ones parse "A1" notation and
        # re-dispatch on the type for every cell, a third of the time of a 100,000-row export
        kind = type(value)
        ws = self.ws
        if kind is str:  # the common case first: user text, always a string cell
            if value:  # "" writes nothing; None with a format writes a styled blank (a border)
                ws._write_string(row_index, col, text(value), fmt)
            return
        if kind is int or kind is float:
            ws._write_number(row_index, col, value, fmt)
            return
        if isinstance(value, Promise):
            value = str(value)
        if value is None:
            if fmt is not None:
                ws._write_blank(row_index, col, None, fmt)
        elif isinstance(value, Formula):
            ws.write_formula(row_index, col, str(value), fmt)
        elif isinstance(value, str):
            if value:
                ws._write_string(row_index, col, text(value), fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row_index, col, value, fmt)
        elif isinstance(value, (int, float, decimal.Decimal)):
            ws._write_number(row_index, col, float(value) if isinstance(value, decimal.Decimal) else value, fmt)
        elif isinstance(value, (datetime.date, datetime.datetime)):
            ws._write_string(row_index, col, value.strftime("%d/%m/%Y"), fmt)
        else:
            ws._write_string(row_index, col, text(value), fmt)

    def append(self, values: Iterable = (), fmt=None, formats: dict | None = None) -> int:
        """Write the next row; ``fmt`` for every cell, ``formats`` {column index: format} overrides."""
        index = self.next_row
        write = self.write
        if formats:
            for col, value in enumerate(values):
                write(index, col, value, formats.get(col, fmt))
        else:
            for col, value in enumerate(values):
                write(index, col, value, fmt)
        self.next_row += 1
        return index

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Record a merged range over cells already written. XlsxWriter's ``merge_range`` writes the
        padding cells itself, which constant-memory mode cannot do for rows already flushed; the
        ranges are kept in the worksheet's ``merge`` list (written at close) and the callers never
        overlap them."""
        self.ws.merge.append([first_row, first_col, last_row, last_col])

    def widths(self, widths: Iterable[float]) -> None:
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)


class StreamingWorkbook:
    """An XlsxWriter workbook in constant-memory mode written into memory or a file."""

    def __init__(self, target=None):
        import io

        import xlsxwriter

        self._buffer = io.BytesIO() if target is None else None
        self.wb = xlsxwriter.Workbook(
            self._buffer if target is None else target,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
             "strings_to_numbers": False},
        )
        self._formats: dict[tuple, object] = {}

    def format(self, **props):
        """A shared cell format (same properties → same format object)."""
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    def sheet(self, name: str) -> StreamingSheet:
        return StreamingSheet(self, name)

    def close(self) -> bytes:
        self.wb.close()
        return self._buffer.getvalue() if self._buffer is not None else b""


# --- reading uploads ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 20_000
    max_columns: int = 30
    max_cell_chars: int = 1000


class WorkbookRefused(Exception):
    """The upload breaks a limit or cannot be read; ``message`` is for the user (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _size(file) -> int | None:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    try:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
        return size
    except (AttributeError, OSError):
        return None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _too_many_rows(limits: ReadLimits) -> WorkbookRefused:
    return WorkbookRefused(_("Tệp có quá nhiều dòng (tối đa %(n)s dòng).") % {"n": f"{limits.max_rows:,}".replace(",", ".")})


def _prescan(file, limits: ReadLimits) -> None:
    """Count the rows of every worksheet part straight from the compressed bytes, stopping at the
    limit. openpyxl's read-only mode scans a whole sheet that lacks ``<dimension>`` before yielding
    its first row (a million tiny rows: minutes and gigabytes), so it only sees files that pass this."""
    import zipfile

    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused(_("Không đọc được tệp Excel (.xlsx).")) from None
    with archive:
        if sum(info.file_size for info in archive.infolist()) > limits.max_bytes * 20:
            raise WorkbookRefused(_("Tệp giải nén quá lớn."))
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows, tail = 0, b""
            with archive.open(info) as part:
                while chunk := part.read(1 << 16):
                    data = tail + chunk
                    # a tag cut at the chunk's end is counted with the next chunk
                    cut = max(0, len(data) - 64)
                    rows += len(_ROW_TAG.findall(data, 0, cut))
                    tail = data[cut:]
                    if rows > limits.max_rows:
                        raise _too_many_rows(limits)
                rows += len(_ROW_TAG.findall(tail))
            if rows > limits.max_rows:
                raise _too_many_rows(limits)
    file.seek(0)


def read_rows(file, *, limits: ReadLimits = ReadLimits(), sheet: int = 0) -> Iterator[tuple[int, tuple]]:
    """(1-based row number, values) of one worksheet, streamed; raises WorkbookRefused as soon as a
    limit is passed (before reading the rest of the file). Cells past ``max_columns`` must be empty."""
    from openpyxl import load_workbook

    size = _size(file)
    if size is not None and size > limits.max_bytes:
        raise WorkbookRefused(_("Tệp quá lớn (%(s)s MB; tối đa %(m)s MB).") % {
            "s": f"{size / 1048576:.1f}".replace(".", ","), "m": limits.max_bytes // 1048576})
    file.seek(0)
    _prescan(file, limits)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        worksheet = workbook.worksheets[sheet]
    except Exception:  # noqa: BLE001 - any unreadable file is one user-facing error
        raise WorkbookRefused(_("Không đọc được tệp Excel (.xlsx).")) from None
    try:
        # The <dimension> element is the file's own claim; never trust it, count while reading.
        for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
            if number > limits.max_rows:
                raise _too_many_rows(limits)
            if len(values) > limits.max_columns:
                if any(v not in (None, "") for v in values[limits.max_columns:]):
                    raise WorkbookRefused(_("Dòng %(r)s có quá nhiều cột (tối đa %(n)s cột).") % {"r": number, "n": limits.max_columns})
                values = values[:limits.max_columns]
            for value in values:
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise WorkbookRefused(_("Dòng %(r)s có ô dài quá %(n)s ký tự.") % {"r": number, "n": limits.max_cell_chars})
            yield number, values
    except WorkbookRefused:
        raise
    except Exception:  # noqa: BLE001 - a broken sheet part is one user-facing error
        raise WorkbookRefused(_("Không đọc được tệp Excel (.xlsx).")) from None
    finally:
        workbook.close()


def error_summary(errors: list, *, shown: int = 200) -> str:
    """"200 lỗi đầu tiên trong số N lỗi" heading for a list of errors that may be long."""
    if len(errors) <= shown:
        return _("%(n)s lỗi") % {"n": len(errors)}
    return _("%(s)s lỗi đầu tiên trong số %(n)s lỗi") % {"s": shown, "n": f"{len(errors):,}".replace(",", ".")}
