"""The manifest and handover act PDFs: names in every script in the text layer."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from homeward.aftercare import actions as aftercare_actions
from homeward.aftercare.documents import handover_act_pdf
from homeward.cases.models import Case
from homeward.movements import actions
from homeward.movements.documents import manifest_pdf
from tests.movements.helpers import arrive

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

Maker = Callable[..., Any]
ARABIC = "محمد حسن الشيشاني"
CYRILLIC = "Хасанов Магомед Русланович"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_manifest_pdf_contains_the_arabic_and_cyrillic_names(
    make_ready: Maker, make_flight: Maker, siblings: Maker, tmp_path: Path
) -> None:
    flight = make_flight()
    a = make_ready(names=[(CYRILLIC, "Cyrl"), (ARABIC, "Arab"), ("Khasanov Magomed", "Latn")])
    b = make_ready(names=[("Хасанова Амина", "Cyrl")], sex="F")
    siblings(a, b, label="Khasanov")
    actions.add_child_to_flight(actor=None, flight=flight, case=a, with_siblings=True)
    actions.add_escort(actor=None, flight=flight, name="Dr. Saida Umarova", role="doctor")
    pdf = manifest_pdf(flight, Case.objects.all())
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert CYRILLIC in text and "Хасанова Амина" in text and "Khasanov Magomed" in text
    # pdftotext writes right-to-left runs in logical order: each Arabic word comes back whole.
    for word in ARABIC.split():
        assert word in text, word
    assert "Dr. Saida Umarova" in text and "Chechen Republic" in text and "Khasanov" in text


def test_manifest_lists_only_the_children_the_reader_may_see(
    make_ready: Maker, make_flight: Maker, tmp_path: Path
) -> None:
    flight = make_flight()
    ours = make_ready(names=[("Ибрагим Чеченский", "Cyrl")], region="CE")
    theirs = make_ready(names=[("Муса Дагестанский", "Cyrl")], region="DA")
    for c in (ours, theirs):
        actions.add_child_to_flight(actor=None, flight=flight, case=c)
    text = pdf_text(manifest_pdf(flight, Case.objects.filter(pk=ours.pk)), tmp_path)
    assert "Ибрагим Чеченский" in text and "Муса Дагестанский" not in text
    assert "1 further child" in text


def test_handover_act_names_the_child_and_the_guardian(
    make_ready: Maker, make_flight: Maker, relative: Maker, tmp_path: Path
) -> None:
    case = make_ready(names=[(CYRILLIC, "Cyrl"), (ARABIC, "Arab")])
    flight = make_flight()
    arrive(actions.add_child_to_flight(actor=None, flight=flight, case=case), flight)
    grandmother = relative(case, name="Хасанова Зарема Ахмедовна")
    handover = aftercare_actions.hand_over(actor=None, case=Case.objects.get(pk=case.pk), guardian=grandmother,
                                 identity_document="passport 96 04 123456",
                                 signed_at=dt.datetime(2019, 2, 12, 11, tzinfo=dt.UTC), place="Grozny")
    text = pdf_text(handover_act_pdf(handover), tmp_path)
    assert CYRILLIC in text and "Хасанова Зарема Ахмедовна" in text and "passport 96 04 123456" in text
    assert "Ombudsman, Chechen Republic" in text and flight.reference in text
