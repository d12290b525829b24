"""Template spreadsheets: the columns of each kind, with one example row and a notes sheet."""

from __future__ import annotations

import io

from homeward.imports.columns import COLUMNS, REQUIRED

EXAMPLES: dict[str, list[str | int]] = {
    "cases": ["SRC-0001", "مريم يوسف", "F", "", 2016, 2018, "IQ", "Rusafa women's prison", "Chechen Republic",
              "Хасанова Мадина", ""],
    "people": ["SRC-M-01", "Хасанова Мадина", "mother", "F", "", 1990, 1992, "Chechen Republic",
               "Rusafa women's prison", "SRC-0001", "mother"],
    "requests": ["REQ-001", "Хасанова Зарема", "grandmother", "Chechen Republic", "2019-01-15", "+7 928 000 00 00",
                 "Хасанова Амина", "F", "2014", "Хасанова Мадина", ""],
}


def template(kind: str) -> bytes:
    """An XLSX with the kind's columns in order, an example row, and which columns are required."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind
    fields = [f for f in COLUMNS[kind] if f != "summary"]
    sheet.append(fields)
    sheet.append(EXAMPLES[kind][: len(fields)])
    notes = book.create_sheet("notes")
    notes.append(["column", "required", "also understood as"])
    for name in fields:
        notes.append([name, "yes" if name in REQUIRED[kind] else "", ", ".join(COLUMNS[kind][name])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
