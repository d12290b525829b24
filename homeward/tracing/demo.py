"""Demo relatives' requests, written the way families write them, then one matching run.

Reads the demo cases that exist (children, their parents and grandmothers) and files requests:
most families ask for their children (a grandmother, or an aunt or uncle), one request often
seeks two or three brothers and sisters, a few children are claimed by two relatives, and some
requests seek children nobody has found yet. Names are Cyrillic with patronymics as at home,
sometimes only in Latin letters, ages often only as a year. Then the caseload is matched once,
and the pairs of children already brought home are confirmed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from homeward.accounts.models import Agency
from homeward.cases.models import Case
from homeward.people.models import FamilyLink, Person, PersonName
from homeward.places.models import Region
from homeward.tracing.actions import (
    SoughtChildInput,
    SoughtNameInput,
    confirm_match,
    create_request,
)
from homeward.tracing.birth import Birth
from homeward.tracing.models import CandidateMatch, TracingRequest

SHARE_WITH_REQUEST = 0.85
SECOND_CLAIM = 0.06
UNFOUND_REQUESTS = 25
# stages reached only by children already brought home
HOME_STAGES = {"repatriated", "handed_over", "follow_up", "closed"}
RELATION_OF_REQUESTER = ("grandmother", "aunt", "uncle", "grandfather")

_PATRONYMIC_ENDINGS = ("ович", "евич", "овна", "евна", "ична", "ич")


@dataclass
class DemoResult:
    """What the demo wrote, with the ground truth used to check the matching."""

    requests: int
    sought: int
    true_pairs: int
    found: int
    confirmed: int
    candidates: int
    model_version: str
    # threshold -> (pairs at or above it, true pairs among them), before any confirmation
    at_threshold: dict[float, tuple[int, int]]


def _names_by_script(person: Person) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for name in person.names.all():
        out[name.script].append(name.text)
    return out


def _family_writes(rng: random.Random, cyrillic: str | None, latin: str | None) -> list[SoughtNameInput]:
    """The child's name as the family writes it: order, patronymic and script vary."""
    names: list[SoughtNameInput] = []
    if cyrillic:
        words = cyrillic.split()
        if len(words) == 3 and rng.random() < 0.3:
            words = words[:2]  # no patronymic
        if len(words) >= 2 and rng.random() < 0.35:
            words = [words[1], words[0], *words[2:]]  # given name first
        names.append(SoughtNameInput(" ".join(words), kind=PersonName.Kind.OFFICIAL))
    if latin and (not names or rng.random() < 0.2):
        names.append(SoughtNameInput(latin, kind=PersonName.Kind.TRANSLITERATION))
    return names


def _family_birth(rng: random.Random, child: Person) -> Birth:
    born = child.birth_date
    if born is None:
        return Birth()
    r = rng.random()
    if r < 0.08:
        born = born.replace(year=born.year + rng.choice([-1, 1]))  # misremembered by a year
    if r < 0.6:
        return Birth("year", dt.date(born.year, 1, 1))
    if r < 0.85:
        return Birth("exact", born)
    return Birth("range", None, born.year - 1, born.year + 1)


def _first(names: dict[str, list[str]], script: str) -> str | None:
    return names.get(script, [None])[0]


def _without_patronymic(text: str) -> str:
    return " ".join(w for w in text.split() if not w.lower().endswith(_PATRONYMIC_ENDINGS))


def _received(rng: random.Random, case: Case) -> dt.date:
    opened = case.identified_on or timezone.localdate()
    day = opened + dt.timedelta(days=rng.randint(-300, 60))
    return min(day, timezone.localdate())


def populate_demo(rng: random.Random, actor: Any = None) -> DemoResult:
    """File demo requests for the cases that exist, match once, confirm the children brought home."""
    from homeward.tracing import matching
    from homeward.tracing.tasks import matching_deferred

    cases = list(Case.objects.select_related("child", "stage", "home_region").prefetch_related("child__names")
                 .order_by("pk"))
    child_case = {c.child_id: c for c in cases}
    relatives: dict[int, list[FamilyLink]] = defaultdict(list)
    for link in FamilyLink.objects.filter(person_id__in=list(child_case)).select_related("relative") \
            .prefetch_related("relative__names"):
        relatives[link.person_id].append(link)
    families: dict[Any, list[Case]] = defaultdict(list)
    for case in cases:
        families[case.child.sibling_group_id or f"c{case.pk}"].append(case)
    agencies = {a.region_id: a for a in Agency.objects.filter(kind=Agency.Kind.REGIONAL) if a.region_id is not None}
    national = Agency.objects.filter(kind=Agency.Kind.NATIONAL).first()
    truth: set[tuple[int, int]] = set()
    sought_total = requests = 0

    def sought_for(case: Case) -> SoughtChildInput:
        child = case.child
        by_script = _names_by_script(child)
        links = relatives[child.pk]
        parents = {link.relation: link.relative for link in links if link.relation in {"mother", "father"}}
        mother = _first(_names_by_script(parents["mother"]), "Cyrl") if "mother" in parents else None
        father = _first(_names_by_script(parents["father"]), "Cyrl") if "father" in parents else None
        return SoughtChildInput(
            names=_family_writes(rng, _first(by_script, "Cyrl"), _first(by_script, "Latn")),
            sex=child.sex if rng.random() < 0.95 else "", birth=_family_birth(rng, child),
            mother_names=[_without_patronymic(mother)] if mother and rng.random() < 0.7 else [],
            father_names=[father] if father and rng.random() < 0.6 else [],
            last_heard_country={"IQ": "Ирак", "SY": "Сирия", "TR": "Турция", "PK": "Пакистан"}.get(
                case.host_country_id, ""),
            last_heard_city=rng.choice(["Мосул", "Таль-Афар", "Ракка", ""]) if case.host_country_id in {"IQ", "SY"}
            else "",
        )

    def requester_of(case: Case, avoid: int | None = None) -> tuple[str, str] | None:
        for relation in RELATION_OF_REQUESTER:
            for link in relatives[case.child_id]:
                if link.relation == relation and link.relative_id != avoid:
                    cyr = _first(_names_by_script(link.relative), "Cyrl")
                    if cyr:
                        return cyr, relation
        return None

    def file(case_list: list[Case], requester: tuple[str, str], region: Region) -> None:
        nonlocal sought_total, requests
        children = [sought_for(c) for c in case_list]
        kept = [(c, s) for c, s in zip(case_list, children, strict=True) if s.names]
        if not kept:
            return
        request = create_request(
            actor=actor, requester_name=requester[0], relation=requester[1], region=region,
            received_on=min(_received(rng, c) for c, _ in kept), children=[s for _, s in kept],
            received_by=agencies.get(region.pk, national), phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}"
            f" {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
        for (case, _), sought in zip(kept, request.sought_children.order_by("id"), strict=True):
            truth.add((case.pk, sought.pk))
        sought_total += len(kept)
        requests += 1

    regions = list(Region.objects.filter(code__in=["CE", "DA", "IN", "KB", "MOW"]))
    with matching_deferred():
        for members in families.values():
            if rng.random() > SHARE_WITH_REQUEST:
                continue
            region = members[0].home_region or members[0].child.home_region or rng.choice(regions)
            requester = requester_of(members[0])
            if requester is None:
                continue
            for start in range(0, len(members), 3):
                file(members[start:start + 3], requester, region)
            if rng.random() < SECOND_CLAIM:
                # a second relative claims one of the children (mother's side, often in another region)
                claimed = rng.choice(members)
                mother = next((lk.relative for lk in relatives[claimed.child_id] if lk.relation == "mother"), None)
                name = _first(_names_by_script(mother), "Cyrl") if mother else None
                if name:
                    words = name.split()
                    other = f"{words[0]} {rng.choice(['Хадижат', 'Patimat', 'Асият'])}" if len(words) > 1 else name
                    file([claimed], (other, "aunt"), rng.choice(regions))
        for _ in range(UNFOUND_REQUESTS):
            _file_unfound(rng, actor, rng.choice(regions), agencies, national)
            requests += 1
            sought_total += 1
    result = matching.rematch_all()
    scored = list(CandidateMatch.objects.values_list("id", "case_id", "sought_child_id", "match_probability"))
    pairs = {(c, s): pk for pk, c, s, _ in scored}
    found = len(truth & set(pairs))
    at_threshold = {
        t: (sum(1 for _, c, s, p in scored if p >= t), sum(1 for _, c, s, p in scored if p >= t and (c, s) in truth))
        for t in (0.01, 0.5, 0.9)
    }
    confirmed = 0
    home = {c.pk for c in cases if c.stage_id in HOME_STAGES}
    wanted = [pairs[key] for key in sorted(truth) if key[0] in home and key in pairs]
    stored = CandidateMatch.objects.in_bulk(wanted)  # one read; confirm_match locks each row again
    for case_id, sought_id in sorted(truth):
        pk = pairs.get((case_id, sought_id))
        if case_id in home and pk is not None:
            candidate = stored[pk]
            if candidate.status == CandidateMatch.Status.POTENTIAL:
                confirm_match(actor=actor, candidate=candidate, note="demo: child brought home, kinship verified")
                confirmed += 1
    return DemoResult(requests=requests, sought=sought_total, true_pairs=len(truth), found=found,
                      confirmed=confirmed, candidates=CandidateMatch.objects.count(),
                      model_version=result.model_version, at_threshold=at_threshold)


_UNFOUND_GIVEN = [("Абдуррахман", "M"), ("Мухаммад-Али", "M"), ("Зулейха", "F"), ("Хамза", "M"), ("Асма", "F"),
                  ("Юнус", "M"), ("Сафия", "F"), ("Билал", "M"), ("Раяна", "F"), ("Умар", "M")]
_UNFOUND_SURNAMES = ["Дудаев", "Ахматов", "Гамзатов", "Расулов", "Шахбанов", "Магомаев", "Эдиев", "Битаев"]


def _file_unfound(rng: random.Random, actor: Any, region: Region, agencies: dict[int, Agency],
                  national: Agency | None) -> TracingRequest:
    """A request for a child nobody has found (yet)."""
    surname = rng.choice(_UNFOUND_SURNAMES)
    given, sex = rng.choice(_UNFOUND_GIVEN)
    father = rng.choice(["Ислам", "Магомед", "Руслан", "Шамиль"])
    child_surname = surname + ("а" if sex == "F" else "")
    patronymic = father + ("овна" if sex == "F" else "ович")
    year = rng.randint(2008, 2017)
    return create_request(
        actor=actor, requester_name=f"{surname}а {rng.choice(['Хава', 'Луиза', 'Зарема'])}", relation="grandmother",
        region=region, received_on=dt.date(2018, rng.randint(1, 12), rng.randint(1, 28)),
        received_by=agencies.get(region.pk, national),
        children=[SoughtChildInput(
            names=[SoughtNameInput(f"{child_surname} {given} {patronymic}", kind=PersonName.Kind.OFFICIAL)],
            sex=sex, birth=Birth("year", dt.date(year, 1, 1)), father_names=[f"{surname} {father}"],
            last_heard_country=rng.choice(["Ирак", "Сирия"]),
        )],
    )

