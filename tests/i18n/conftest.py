"""A small programme to look at in every language: a case with its family and checks, a relatives'
request matched to it, a flight that brought a child home, and the figures."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest

AGENCY_NAMES = {
    "national": ("Аппарат Уполномоченного по правам ребёнка", "مكتب مفوّض حقوق الطفل"),
    "consular": ("Консульский отдел в Багдаде", "القسم القنصلي في بغداد"),
    "chechnya": ("Уполномоченный по правам ребёнка в Чеченской Республике", "مفوّض حقوق الطفل في جمهورية الشيشان"),
    "dagestan": ("Уполномоченный по правам ребёнка в Республике Дагестан", "مفوّض حقوق الطفل في جمهورية داغستان"),
    "flight": ("Группа сопровождения рейса", "فريق الرحلة"),
    "lab": ("ДНК-лаборатория", "مختبر الحمض النووي"),
    "analysis": ("Аналитическая служба", "مكتب التحليل والإعلام"),
}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def programme(agencies: dict[str, Any], make_case: Callable[..., Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    from homeward.accounts.models import Agency
    from homeward.cases import actions as cases
    from homeward.cases.models import Case
    from homeward.core import reference
    from homeward.movements import actions as movements
    from homeward.people.actions import NameInput, create_person
    from homeward.people.models import FamilyLink
    from homeward.places.models import Region
    from homeward.tracing.actions import SoughtChildInput, SoughtNameInput, create_request
    from homeward.tracing.birth import parse_birth
    from homeward.tracing.models import CandidateMatch

    for key, (ru, ar) in AGENCY_NAMES.items():
        Agency.objects.filter(pk=agencies[key].pk).update(name_ru=ru, name_ar=ar)
    reference.changed()  # an update() sends no signal: pages keep the agencies until told
    admin = make_user("natalia", "national", "admin", is_staff=True, is_superuser=True)
    case = make_case(names=[("Хасанов Магомед Русланович", "Cyrl"), ("Khasanov Magomed", "Latn"),
                            ("محمد خاسانوف", "Arab")], region="CE")
    mother = create_person(actor=None, kind="relative", names=[NameInput("Хасанова Зарема Ахмедовна")], sex="F",
                           birth_date=dt.date(1990, 4, 2), birth_precision="exact")
    FamilyLink.objects.create(person=case.child, relative=mother, relation="mother", status="claimed")
    for code in ("consular_interview", "identity_statement", "child_dna_sample"):
        cases.set_check(actor=admin, case=case, code=code, reference="IQ-2018-17", document_date=dt.date(2018, 11, 3))
    cases.transition(actor=admin, case=Case.objects.get(pk=case.pk), target="identity_verified")
    request = create_request(actor=None, requester_name="Хасанова Зарема Ахмедовна", relation="grandmother",
                   region=Region.objects.get(code="CE"), received_on=dt.date(2018, 10, 1),
                   received_by=agencies["chechnya"],
                   children=[SoughtChildInput(names=[SoughtNameInput("Хасанов Магомед Русланович")], sex="M",
                                              birth=parse_birth("2012-05-01"), mother_names=["Хасанова Зарема"],
                                              father_names=[])])
    # The matcher's verdict on the pair, as the matching job records it.
    pair = CandidateMatch.objects.filter(case=case).first() or CandidateMatch.objects.create(
        case=case, sought_child=request.sought_children.first(), match_probability=0.9987, match_weight=9.6,
        contributions={"given_name": 5.78, "surname": 5.75, "mother": 4.26, "birth": 9.18, "sex": 1.02,
                       "region": 2.65, "father": 0.0, "siblings": 0.0},
        explanations={"given_name": "same canonical form", "surname": "same canonical form",
                      "mother": "very similar spelling", "birth": "same date", "sex": "same", "region": "same",
                      "father": "missing", "siblings": "missing"},
        model_version="2026.1", computed_at=dt.datetime(2018, 10, 2, 9, tzinfo=dt.UTC))
    # A second child, flown home from Baghdad on 30 December 2018.
    home = make_case(names=[("Алиев Ислам", "Cyrl"), ("Aliev Islam", "Latn")], region="DA")
    Case.objects.filter(pk=home.pk).update(stage_id="ready_to_travel")
    flight = movements.create_flight(actor=None, origin_city="Baghdad", origin_country="IQ",
                                     destination_city="Moscow", destination_country="RU",
                                     date=dt.date(2018, 12, 30), seat_capacity=10, carrier=agencies["flight"])
    row = movements.add_child_to_flight(actor=None, flight=flight, case=Case.objects.get(pk=home.pk))
    for passenger in row:
        movements.board_child(actor=None, passenger=passenger, identity_document="проездной документ 1234")
    landed = dt.datetime(2018, 12, 30, 14, tzinfo=dt.UTC)
    movements.record_departure(actor=None, flight=flight, departed_at=landed - dt.timedelta(hours=4))
    movements.record_arrival(actor=None, flight=flight, arrived_at=landed)
    return {"admin": admin, "case": case, "pair": pair, "flight": flight, "home": home}


def main_pages(world: dict[str, Any]) -> list[str]:
    """The case list, a case page, the review pair, a flight and the figures."""
    pages = ["/cases/", f"/cases/{world['case'].pk}/", f"/flights/{world['flight'].pk}/", "/figures/"]
    if world["pair"] is not None:
        pages.append(f"/tracing/review/{world['pair'].pk}/")
    return pages


# Words a page may show in Latin letters in any language: the product's name, file formats and
# units, and codes (references such as HW-2018-0001, whatever has a digit or is all capitals).
ALLOWED = {"Homeward", "Excel", "PDF", "CSV", "UTC", "API", "SHA", "FST", "STR", "x"}


def visible_text(page: str) -> str:
    """What a reader sees of ``page``, without names (inside <bdi>), codes (<code>) and the language picker."""
    text = re.sub(r"(?is)<(script|style|head|select)\b.*?</\1>", " ", page)
    text = re.sub(r"(?is)<(bdi|code|kbd)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    return html.unescape(text)


def english_words(page: str) -> list[str]:
    """Latin-letter words of the visible text that are neither allowed nor codes."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9'’_-]*", visible_text(page))
    return [w for w in words if w not in ALLOWED and not any(c.isdigit() for c in w) and not w.isupper()]
