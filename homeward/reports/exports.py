"""CSV and Excel files that are safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula: a name typed as ``=HYPERLINK("http://x","y")`` in a relative's request
would become a link, or worse, in the analyst's copy. Such text is written with a leading single
quote, the usual way to say "this is text", and is otherwise kept as it was: ``recover`` gives
the original back. In Excel files text is always written as a string cell, never a formula.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

DANGEROUS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # with the full-width forms of = + - @
# What a spreadsheet may skip before it looks for a formula: byte-order marks, spaces of every
# kind, zero-width characters, line breaks other than the dangerous carriage return.
_SKIPPABLE = frozenset("\ufeff\u200b\u200c\u200d\u2060\u180e\n\x0b\x0c\x85\u2028\u2029")
QUOTE = "'"

# Characters an .xlsx file cannot hold (XML 1.0 forbids most C0 controls).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _skippable(ch: str) -> bool:
    return ch in _SKIPPABLE or (ch != "\t" and unicodedata.category(ch) == "Zs")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (after any BOM or leading spaces)."""
    for ch in text:
        if _skippable(ch):
            continue
        return ch in DANGEROUS
    return False


def _needs_quote(text: str) -> bool:
    # Text that already starts with a quote before something dangerous gets one more quote, so
    # that ``recover`` can tell our quote from one that was there.
    return is_dangerous(text) or (text.startswith(QUOTE) and _needs_quote(text[1:]))


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: dangerous text gets a leading quote.

    Numbers, dates and None pass unchanged; every other value is text.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "isoformat"):
        return value
    text = str(value)
    return QUOTE + text if _needs_quote(text) else text


def recover(text: str) -> str:
    """The original text of a neutralised cell."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """A UTF-8 CSV (with a BOM, so Excel reads Arabic and Cyrillic right) and its row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Homeward") -> tuple[bytes, int]:
    """An Excel workbook with one sheet, every text a string cell, and its row count."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise RuntimeError("Excel export needs the openpyxl package (pip install openpyxl).") from exc

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    count = 0
    widths: dict[int, int] = {}
    bold = Font(bold=True)
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            _write_cell(cell, value)
            if r == 1:
                cell.font = bold
            widths[c] = max(widths.get(c, 0), len(str(cell.value or "")))
        if r > 1:
            count += 1
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def _write_cell(cell: Any, value: Any) -> None:
    safe = neutralise(value)
    if safe is None or isinstance(safe, bool | int | float) or hasattr(safe, "isoformat"):
        cell.value = safe
        return
    text = _XML_ILLEGAL.sub("\ufffd", safe)
    cell.value = text
    # openpyxl reads a leading "=" as a formula; the quote above already prevents that, and the
    # explicit type makes sure no other rule ever turns text into one.
    cell.data_type = "s"


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Homeward"
    return cleaned[:31]
