"""Importing a list of children: 200 rows, 10 broken; previews, commits, and re-imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from homeward.cases.models import Case
from homeward.imports import actions
from homeward.imports.models import ImportBatch
from homeward.people.models import Person
from tests.intake import sheets

EXPECTED_COLUMNS = {7: "birth_date", 23: "birth_date", 41: "facility", 58: "facility", 77: "name", 96: "name",
                    115: "name", 134: "name", 160: "birth_year_min", 181: "birth_year_min"}


def _import(tmp_path: Path, data: bytes, name: str, *extra: str) -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data)
    out_lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            out_lines.append(text)

        def flush(self) -> None:
            pass

    try:
        call_command("import", "cases", str(path), "--no-progress", *extra, stdout=Out(), stderr=Out())
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, "".join(out_lines)


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_two_hundred_children_with_ten_broken_rows(tmp_path: Path, agencies: Any, fmt: str) -> None:
    data = {"xlsx": sheets.xlsx, "ods": sheets.ods, "csv": sheets.csv_bytes}[fmt](sheets.children_rows())
    code, out = _import(tmp_path, data, f"children.{fmt}")
    assert code == 1
    refused = {int(line.split(":")[0].split()[1]): line.split(":")[2].strip()
               for line in out.splitlines() if ": refused: " in line}
    # spreadsheet row = data row + 1 (the header is row 1)
    assert refused == {i + 1: col for i, col in EXPECTED_COLUMNS.items()}
    assert "refused=10" in out and "create=190" in out
    assert not Case.objects.exists() and not Person.objects.exists()

    code, out = _import(tmp_path, data, f"children.{fmt}", "--commit")
    assert code == 1
    assert Case.objects.count() == 190
    assert "created=190" in out

    code, out = _import(tmp_path, data, f"children.{fmt}", "--commit")
    assert Case.objects.count() == 190
    assert "create=0" in out and "unchanged=190" in out


def test_children_of_one_mother_share_her_record_and_a_sibling_group(tmp_path: Path, agencies: Any) -> None:
    rows = sheets.children_rows(12, broken={})
    _import(tmp_path, sheets.xlsx(rows), "children.xlsx", "--commit")
    # rows 3, 4 (not 5: no mother) share one mother
    mother = Person.objects.get(names__text="Madina Khasanova Magomedovna")
    children = Person.objects.filter(relatives__relative=mother)
    assert children.count() == 2
    assert len({c.sibling_group_id for c in children}) == 1 and children[0].sibling_group_id is not None


def test_an_updated_file_updates_the_changed_fields_and_creates_nothing(tmp_path: Path, agencies: Any,
                                                                        admin_user: Any) -> None:
    rows = sheets.children_rows(5, broken={})
    _import(tmp_path, sheets.xlsx(rows), "children.xlsx", "--commit")
    rows[0][2] = "M" if rows[0][2] == "F" else "F"
    rows[1][7] = "Baghdad state children's home" if rows[1][7].startswith("Rusafa") else "Rusafa women's prison"
    batch = actions.upload(actor=admin_user, kind="cases", filename="children.xlsx", data=sheets.xlsx(rows))
    batch = actions.run_preview(batch.pk)
    verdicts = {v["row"]: v for v in batch.verdicts}
    assert verdicts[2]["verdict"] == "update" and verdicts[2]["changes"] == ["sex"]
    assert verdicts[3]["changes"] == ["case.facility"]
    assert {verdicts[n]["verdict"] for n in (4, 5, 6)} == {"unchanged"}
    actions.commit(actor=admin_user, batch=batch)
    assert Case.objects.count() == 5
    assert Person.objects.get(names__text=rows[0][1]).sex == rows[0][2]


def test_a_child_already_recorded_in_another_script_is_flagged_as_a_probable_duplicate(
        tmp_path: Path, make_case: Any, admin_user: Any) -> None:
    import datetime as dt

    existing = make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1),
                         facility="Rusafa women's prison")
    row = ["X-1", "Мариам Юсуф", "ж", "01.06.2017", "", "", "Ирак", "سجن الرصافة", "", "", ""]
    batch = actions.upload(actor=admin_user, kind="cases", filename="list.csv", data=sheets.csv_bytes([row]))
    batch = actions.run_preview(batch.pk)
    (verdict,) = batch.verdicts
    assert verdict["verdict"] == "duplicate"
    assert verdict["duplicates"][0]["reference"] == existing.reference
    result = actions.commit(actor=admin_user, batch=batch)
    assert result.skipped == [2] and Case.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).status == "committed"


def test_a_csv_in_windows_cyrillic_with_russian_headers_is_understood(tmp_path: Path, agencies: Any) -> None:
    header = ["Номер", "ФИО", "Пол", "Дата рождения", "Страна", "Учреждение", "Регион", "Мать"]
    rows = [["R-1", "Хасанова Амина", "ж", "12.03.2015", "Ирак", "Русафа", "Чечня", "Хасанова Мадина"],
            ["R-2", "Хасанов Ибрагим", "м", "01.09.2013", "Ирак", "Русафа", "Чечня", "Хасанова Мадина"]]
    code, out = _import(tmp_path, sheets.csv_bytes(rows, header, encoding="cp1251"), "list.csv", "--commit")
    assert code == 0, out
    assert Case.objects.count() == 2
    assert {c.home_region.code for c in Case.objects.all()} == {"CE"}
