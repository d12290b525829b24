"""Documents in the right language: the handover act in Russian by default with an English or
Arabic copy on request; the manifest in the page's language, with the Arabic version for the
host authorities; dates written the language's way. Rendered pages are kept as PNGs under
var/screens for looking at."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.a11y import SCREENS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]


def _text(pdf: bytes, tmp_path: Path, png: str = "") -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    if png and shutil.which("pdftoppm"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(SCREENS / png)], check=True)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def handed_over(programme: dict[str, Any]) -> Any:
    from homeward.aftercare import actions as aftercare
    from homeward.cases.models import Case
    from homeward.people.actions import NameInput, create_person
    from homeward.people.models import FamilyLink

    case = Case.objects.get(pk=programme["home"].pk)
    grandmother = create_person(actor=None, kind="relative", names=[NameInput("Алиева Патимат Магомедовна")],
                                sex="F", birth_date=dt.date(1961, 6, 1), birth_precision="exact")
    FamilyLink.objects.create(person=case.child, relative=grandmother, relation="grandmother", status="dna_verified")
    return aftercare.hand_over(actor=None, case=case, guardian=grandmother,
                               identity_document="паспорт 82 04 123456",
                               signed_at=dt.datetime(2019, 1, 9, 11, tzinfo=dt.UTC), place="Makhachkala")


def test_handover_act_is_in_russian_by_default(client: Any, programme: dict[str, Any], handed_over: Any,
                                               tmp_path: Path) -> None:
    client.force_login(programme["admin"])
    client.cookies["django_language"] = "en"
    answer = client.get(f"/aftercare/handovers/{handed_over.case_id}/act.pdf")
    assert answer.status_code == 200
    text = _text(answer.content, tmp_path, png="handover-act-ru")
    for words in ("Акт приёма-передачи ребёнка опекуну", "Опекун (ФИО, подпись)", "Махачкала", "бабушка",
                  "подтверждено ДНК", "09.01.2019", "Багдад"):
        assert words in text, words
    assert "Act of handover" not in text


@pytest.mark.parametrize("lang,title", [("en", "Act of handover of a child to a guardian"),
                                        ("ar", "محضر التسليم والاستلام")])
def test_handover_act_copy_on_request(client: Any, programme: dict[str, Any], handed_over: Any, tmp_path: Path,
                                      lang: str, title: str) -> None:
    client.force_login(programme["admin"])
    answer = client.get(f"/aftercare/handovers/{handed_over.case_id}/act.pdf?lang={lang}")
    assert answer.status_code == 200 and f"-{lang}.pdf" in answer["Content-Disposition"]
    text = _text(answer.content, tmp_path, png=f"handover-act-{lang}")
    assert title in " ".join(text.split())


def test_manifest_in_the_chosen_language_and_in_arabic_for_the_host_authorities(
        client: Any, programme: dict[str, Any], tmp_path: Path) -> None:
    client.force_login(programme["admin"])
    client.cookies["django_language"] = "ru"
    flight = programme["flight"]
    russian = _text(client.get(f"/flights/{flight.pk}/manifest.pdf").content, tmp_path)
    assert "Список пассажиров" in russian and "30.12.2018" in russian and "Багдад" in russian
    arabic = _text(client.get(f"/flights/{flight.pk}/manifest.pdf?lang=ar").content, tmp_path, png="manifest-ar")
    assert "قائمة الركاب" in arabic and "30/12/2018" in arabic and "بغداد" in arabic
