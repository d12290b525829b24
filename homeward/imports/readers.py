"""Reading a spreadsheet as it arrives: XLSX, ODS or CSV, into a header and rows of cells.

A cell keeps whether it held a formula: formulas are refused, never evaluated (a list of children
is data; a formula in it is either a mistake or an attack on whoever opens an export later).
ODS is read from its ``content.xml`` with the standard library: the format is a zip of XML, and
the maintained ODS packages either drop the formula or pull in a writer stack we do not need.
CSV is decoded with charset-normalizer (UTF-8, UTF-16, cp1251, cp1256 and the like).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from homeward.errors import ActionError

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Cell:
    value: Any
    formula: bool = False


@dataclass(frozen=True)
class Table:
    header: list[str]
    # each row with its spreadsheet row number (the header is row 1)
    rows: list[tuple[int, list[Cell]]]


def _refuse(message: str) -> ActionError:
    return ActionError(message, field_errors={"file": [message]})


def read_table(filename: str, data: bytes) -> Table:
    """The first sheet of the file as a header and rows; a clear refusal if it cannot be read."""
    if len(data) > MAX_BYTES:
        raise _refuse(_("The file is larger than 20 MB."))
    lower = filename.lower()
    if data[:2] == b"PK" and (lower.endswith(".xlsx") or lower.endswith(".xlsm")):
        grid = _xlsx(data)
    elif data[:2] == b"PK" and lower.endswith(".ods"):
        grid = _ods(data)
    elif data[:2] == b"PK":
        raise _refuse(_("Send the sheet as .xlsx, .ods or .csv."))
    else:
        grid = _csv(data)
    grid = [row for row in grid if any(c.value not in (None, "") or c.formula for c in row)]
    if not grid:
        raise _refuse(_("The file has no rows."))
    header = [str(c.value or "").strip() for c in grid[0]]
    if len(grid) - 1 > MAX_ROWS:
        raise _refuse(_("The file has more than %(n)s rows: split it.") % {"n": MAX_ROWS})
    return Table(header=header, rows=list(_numbered(grid[1:])))


def _numbered(rows: list[list[Cell]]) -> Any:
    # Row numbers as the user sees them in the spreadsheet; blank rows were dropped above, so the
    # number travels with the row from here on (set by each reader in _RowNo).
    for row in rows:
        number = getattr(row, "number", None)
        yield (number or 0), list(row)


class _Row(list[Cell]):
    number: int = 0


def _row(cells: list[Cell], number: int) -> _Row:
    row = _Row(cells)
    row.number = number
    return row


def _xlsx(data: bytes) -> list[list[Cell]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _refuse(_("The spreadsheet cannot be read: %(why)s") % {"why": type(exc).__name__}) from exc
    sheet = book.worksheets[0]
    grid: list[list[Cell]] = []
    for number, values in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for cell in values:
            value = getattr(cell, "value", None)
            is_formula = getattr(cell, "data_type", "") == "f" or (isinstance(value, str) and value.startswith("="))
            cells.append(Cell(value, is_formula))
        grid.append(_row(cells, number))
    book.close()
    return grid


T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
REPEAT_LIMIT = 1000  # trailing empty cells are "repeated 16384 times": never expand those


def _ods(data: bytes) -> list[list[Cell]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
        root = ElementTree.fromstring(content)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise _refuse(_("The spreadsheet cannot be read: %(why)s") % {"why": type(exc).__name__}) from exc
    table = root.find(f".//{{{T}}}table")
    if table is None:
        return []
    grid: list[list[Cell]] = []
    number = 0
    for row in table.iter(f"{{{T}}}table-row"):
        repeat = int(row.get(f"{{{T}}}number-rows-repeated", "1"))
        cells: list[Cell] = []
        for cell in row:
            if cell.tag not in (f"{{{T}}}table-cell", f"{{{T}}}covered-table-cell"):
                continue
            times = int(cell.get(f"{{{T}}}number-columns-repeated", "1"))
            one = _ods_cell(cell)
            if one.value in (None, "") and not one.formula:
                times = min(times, REPEAT_LIMIT)
            cells.extend([one] * times)
        while cells and cells[-1].value in (None, "") and not cells[-1].formula:
            cells.pop()
        for _i in range(min(repeat, REPEAT_LIMIT) if cells else 1):
            number += 1
            if cells:
                grid.append(_row(cells, number))
        if not cells:
            number += repeat - 1
    return grid


def _ods_cell(cell: ElementTree.Element) -> Cell:
    formula = cell.get(f"{{{T}}}formula") is not None
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind == "date":
        raw = cell.get(f"{{{OFFICE}}}date-value", "")
        try:
            value: Any = dt.date.fromisoformat(raw[:10])
        except ValueError:
            value = raw
    elif kind in ("float", "percentage", "currency"):
        raw = cell.get(f"{{{OFFICE}}}value", "")
        number = float(raw) if raw else None
        value = int(number) if number is not None and number.is_integer() else number
    else:
        value = "\n".join("".join(p.itertext()) for p in cell.findall(f"{{{X}}}p"))
    return Cell(value, formula)


def _csv(data: bytes) -> list[list[Cell]]:
    text = decode(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid: list[list[Cell]] = []
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        grid.append(_row([Cell(v, v.startswith("=")) for v in values], number))
    return grid


def decode(data: bytes) -> str:
    """The text of a CSV file in whatever encoding it was saved in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _refuse(_("The file's encoding cannot be recognised: save it as UTF-8."))
    return str(best)
