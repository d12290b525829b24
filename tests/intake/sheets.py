"""Spreadsheets for the intake tests, written with openpyxl (and as CSV/ODS text)."""

from __future__ import annotations

import io
from typing import Any

HEADER = ["external_id", "name", "sex", "birth_date", "birth_year_min", "birth_year_max", "host_country",
          "facility", "home_region", "mother_name", "father_name"]
GIVEN = ["Amina", "Maryam", "Khadija", "Aisha", "Fatima", "Zarema", "Madina", "Milana", "Ibrahim", "Yusuf",
         "Magomed", "Akhmed", "Ruslan", "Islam", "Adam", "Umar", "Said", "Abdullah", "Khamzat", "Salman"]
FAMILY = ["Khasanova", "Dudaeva", "Magomedova", "Aliyeva", "Umarova", "Ismailova", "Bagaeva", "Saidova",
          "Kurbanova", "Gadzhieva"]
FATHERS = ["Ruslanovna", "Magomedovna", "Saidovna", "Umarovna", "Akhmedovna", "Islamovna", "Adamovna",
           "Ibragimovna", "Yusufovna", "Salmanovna", "Khamzatovna", "Abdullaevna", "Rasulovna", "Zelimkhanovna",
           "Timurovna", "Alievna", "Muradovna", "Shamilevna", "Aslanovna", "Arturovna", "Vakhaevna", "Lechaevna",
           "Khasanovna", "Isaevna", "Musaevna"]
BROKEN = {7: "birth_date", 23: "birth_date", 41: "facility", 58: "facility", 77: "name", 96: "name",
          115: "empty", 134: "empty", 160: "formula", 181: "formula"}


def children_rows(n: int = 200, broken: dict[int, str] | None = None) -> list[list[Any]]:
    """``n`` children (row i has external_id C-i), with the ``broken`` ones spoiled as named."""
    broken = BROKEN if broken is None else broken
    rows: list[list[Any]] = []
    for i in range(1, n + 1):
        given = GIVEN[i % len(GIVEN)]
        family = FAMILY[(i // len(GIVEN)) % len(FAMILY)]
        sex = "F" if i % len(GIVEN) < 8 else "M"
        father = FATHERS[(i // (len(GIVEN) * len(FAMILY))) % len(FATHERS)]
        name = f"{given} {family} {father}"
        mother = f"Madina {family} {FATHERS[(i // 3) % len(FATHERS)]}" if i % 5 else ""
        row: list[Any] = [f"C-{i}", name, sex, f"{2010 + i % 8}-0{1 + i % 9}-1{i % 10}", "", "", "IQ",
                          "Rusafa women's prison" if i % 2 else "Baghdad state children's home",
                          "Chechen Republic" if i % 3 else "Дагестан", mother, ""]
        what = broken.get(i)
        if what == "birth_date":
            row[3] = "2015-02-30"
        elif what == "facility":
            row[7] = "Nowhere orphanage"
        elif what == "name":
            row[1] = f"{given}\u202e{family}"
        elif what == "empty":
            row[1] = ""
        elif what == "formula":
            row[4] = "=2010+1"
        if i % 4 == 0 and not what:
            row[3], row[4], row[5] = "", 2012, 2014
        rows.append(row)
    return rows


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def ods(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    """A minimal OpenDocument spreadsheet; cells starting with "=" are written as formulas."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: Any) -> str:
        if isinstance(value, str) and value.startswith("="):
            return (f'<table:table-cell table:formula={quoteattr("of:" + value)} office:value-type="float" '
                    f'office:value="0"><text:p>0</text:p></table:table-cell>')
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        if value in ("", None):
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>"
                   for r in [header, *rows])
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="children">{body}'
               '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
               'table:number-columns-repeated="16384"/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()
