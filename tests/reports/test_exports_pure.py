"""Spreadsheet formula injection: neutralising text in CSV and Excel exports (no database)."""

from __future__ import annotations

import csv
import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from homeward.reports.exports import (
    DANGEROUS,
    csv_bytes,
    is_dangerous,
    neutralise,
    recover,
    xlsx_bytes,
)

PAYLOAD = '=HYPERLINK("http://x","y")'
SKIP = "\ufeff \u00a0\u200b"


def strip_leading(text: str) -> str:
    return text.lstrip(SKIP)


def test_a_formula_gets_a_leading_quote_and_keeps_its_text() -> None:
    assert neutralise(PAYLOAD) == "'" + PAYLOAD


def test_every_dangerous_start_is_neutralised() -> None:
    for start in ["=", "+", "-", "@", "\t", "\r", "\ufeff=", "  =", " \ufeff+", "\u00a0@"]:
        assert neutralise(start + "1+1").startswith("'"), repr(start)


def test_ordinary_text_and_numbers_pass_unchanged() -> None:
    assert neutralise("Магомед Хасанов") == "Магомед Хасанов"
    assert neutralise("محمد") == "محمد"
    assert neutralise("'Ali") == "'Ali"
    assert neutralise(-5) == -5
    assert neutralise(None) is None


text = st.text(alphabet=st.sampled_from(list("=+-@\t\r'\ufeff \u00a0ab1Жم,\"\n")) | st.characters(), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text)
@example(PAYLOAD)
@example("'=1")
@example("''=1")
@example("\ufeff")
def test_no_neutralised_cell_starts_with_a_dangerous_character_and_the_original_is_recoverable(value: str) -> None:
    safe = neutralise(value)
    assert not is_dangerous(safe)
    assert strip_leading(safe)[:1] not in DANGEROUS or strip_leading(safe) == ""
    assert recover(safe) == value
    assert safe == value or safe == "'" + value


def test_csv_export_neutralises_a_hyperlink_formula() -> None:
    body, count = csv_bytes(["Reference", "Name"], [["HW-1", PAYLOAD], ["HW-2", "+7 900"], ["HW-3", 12]])
    assert count == 3
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1] == ["HW-1", "'" + PAYLOAD]
    assert rows[2] == ["HW-2", "'+7 900"]
    assert rows[3] == ["HW-3", "12"]


def test_excel_export_writes_a_formula_as_a_quoted_string_cell() -> None:
    body, count = xlsx_bytes(["Reference", "Name", "Age"], [["HW-1", PAYLOAD, 7], ["HW-2", "@SUM(A1)", 3]])
    assert count == 2
    sheet = load_workbook(io.BytesIO(body)).active
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + PAYLOAD
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == "'@SUM(A1)"
    assert sheet["C2"].value == 7 and sheet["C2"].data_type == "n"


def test_excel_export_keeps_scripts_and_replaces_characters_xml_cannot_hold() -> None:
    body, _count = xlsx_bytes(["Name"], [["Хасанов محمد"], ["bad\x01char"]])
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet["A2"].value == "Хасанов محمد"
    assert sheet["A3"].value == "bad\ufffdchar"
