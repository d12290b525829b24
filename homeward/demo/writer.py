"""Write the demo plan into the database: agencies, users, people, names, links, cases, histories."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import iuliia
from django.db import DEFAULT_DB_ALIAS

from homeward.accounts.models import Agency, Role, User
from homeward.cases.models import Case, CaseCheck, CaseEvent, Requirement, Stage
from homeward.core.bulk import Table, next_ids, reset_sequences
from homeward.demo.lexicon import FEMALE, MALE, SURNAMES, feminine, latin_to_arabic, patronymic
from homeward.demo.plan import STAGE_ORDER, ChildPlan, FamilyPlan
from homeward.people.models import FamilyLink, NameKey, Person, PersonName, SearchKey, SiblingGroup
from homeward.people.searchkeys import attach_cases, rows_for
from homeward.places.models import Facility, Region

DEMO_PASSWORD = "homeward-demo"

USERS = [
    # username, agency key, role, superuser
    ("admin", "national", Role.ADMIN, True),
    ("natalia", "national", Role.CASEWORKER, False),
    ("omar", "consular-IQ", Role.CONSULAR, False),
    ("zarema", "regional-CE", Role.SOCIAL_WORKER, False),
    ("patimat", "regional-DA", Role.CASEWORKER, False),
    ("farid", "flight", Role.FLIGHT, False),
    ("elena", "lab", Role.GENETICIST, False),
    ("igor", "analysis", Role.ANALYST, False),
]


# Where each regional ombudsman works, in the forms their titles take ("... в Чеченской Республике").
REGION_IN_RU = {
    "CE": "в Чеченской Республике", "DA": "в Республике Дагестан", "IN": "в Республике Ингушетия",
    "KB": "в Кабардино-Балкарской Республике", "KC": "в Карачаево-Черкесской Республике",
    "SE": "в Республике Северная Осетия — Алания", "STA": "в Ставропольском крае",
    "AST": "в Астраханской области", "VGG": "в Волгоградской области", "TA": "в Республике Татарстан",
    "BA": "в Республике Башкортостан", "MOW": "в городе Москве", "MOS": "в Московской области",
    "CHE": "в Челябинской области", "TYU": "в Тюменской области",
    "KHM": "в Ханты-Мансийском автономном округе — Югре",
}


def _agency(name: str, ru: str, ar: str, kind: str, **kwargs: object) -> Agency:
    return Agency.objects.create(name=name, name_ru=ru, name_ar=ar, kind=kind, **kwargs)


def create_agencies() -> dict[str, Agency]:
    agencies = {
        "national": _agency("Office of the Children's Rights Commissioner",
                            "Аппарат Уполномоченного по правам ребёнка", "مكتب مفوّض حقوق الطفل",
                            Agency.Kind.NATIONAL),
        "consular-IQ": _agency("Consular section, Baghdad", "Консульский отдел в Багдаде",
                               "القسم القنصلي في بغداد", Agency.Kind.CONSULAR, host_country_id="IQ"),
        "consular-SY": _agency("Consular section, Damascus", "Консульский отдел в Дамаске",
                               "القسم القنصلي في دمشق", Agency.Kind.CONSULAR, host_country_id="SY"),
        "flight": _agency("Flight and medical team", "Группа сопровождения рейса и медицинская бригада",
                          "فريق الرحلة والفريق الطبي", Agency.Kind.FLIGHT),
        "lab": _agency("Forensic DNA laboratory", "Лаборатория судебной ДНК-экспертизы",
                       "مختبر الحمض النووي الجنائي", Agency.Kind.LAB),
        "analysis": _agency("Analysis and press office", "Аналитическая служба и пресс-служба",
                            "مكتب التحليل والإعلام", Agency.Kind.ANALYSIS),
    }
    for region in Region.objects.filter(parent__isnull=False):
        where_ru = REGION_IN_RU.get(region.code, f"({region.name_ru or region.name})")
        agencies[f"regional-{region.code}"] = _agency(
            f"Children's ombudsman, {region.name}", f"Уполномоченный по правам ребёнка {where_ru}",
            f"مفوّض حقوق الطفل في {region.name_ar or region.name}", Agency.Kind.REGIONAL, region=region)
    return agencies


def hash_passwords() -> Future[list[str]]:
    """The demo users' password hashes (a salt each), made on a second thread.

    Hashing takes most of a second per user and runs in C without holding the interpreter,
    so the people and cases are written meanwhile.
    """
    from django.contrib.auth.hashers import make_password

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-passwords")
    future = pool.submit(lambda: [make_password(DEMO_PASSWORD) for _ in USERS])
    pool.shutdown(wait=False)
    return future


def create_users(agencies: dict[str, Agency], hashes: Sequence[str] | None = None) -> list[User]:
    users = []
    for i, (username, key, role, superuser) in enumerate(USERS):
        user = User(username=username, agency=agencies[key], role=role, is_staff=superuser, is_superuser=superuser)
        if hashes is None:
            user.set_password(DEMO_PASSWORD)
        else:
            user.password = hashes[i]
        users.append(user)
    return User.objects.bulk_create(users)


def as_heard(rng: random.Random, latin: str) -> str:
    """A romanised name as a clerk abroad might write it down by ear."""
    out = latin
    for src, options in (("Kh", ["H", "Kh", "Kh"]), ("kh", ["h", "kh", "kh"]), ("Mag", ["Mag", "Mokh", "Mah"]),
                         ("ov", ["ov", "ov", "ow", "of"]), ("y", ["y", "i"]), ("zh", ["zh", "j"]),
                         ("u", ["u", "u", "ou"])):
        if src in out and rng.random() < 0.4:
            out = out.replace(src, rng.choice(options), 1)
    return out


class NameBook:
    """Collects names (with their search keys) for bulk insertion after the people exist."""

    def __init__(self) -> None:
        from homeward.names import name_keys, normalize

        self._keys: Callable[[str], Iterable[str]] = name_keys
        self._fold: Callable[[str], str] = normalize
        self.rows: list[tuple[Person, str, str, str, str]] = []
        self.people = Table(Person)
        self._person_id = next_ids(Person)

    def add_person(self, person: Person) -> None:
        """Give ``person`` its id now (links and cases point at it) and write it with the names."""
        person.pk = self._person_id
        self._person_id += 1
        self.people.add_instance(person)
        person._state.adding = False  # as bulk_create leaves it: saved
        person._state.db = DEFAULT_DB_ALIAS

    def add(self, person: Person, text: str, script: str, kind: str, source: str) -> None:
        self.rows.append((person, text, script, kind, source))

    def write(self) -> None:
        """Names, their keys and the people's search keys, as multi-row inserts (homeward/core/bulk.py):
        the rows ``bulk_create`` and ``index_names`` would write, in the same order."""
        names, keys, search = Table(PersonName), Table(NameKey), Table(SearchKey)
        name_id, key_id, search_id = next_ids(PersonName), next_ids(NameKey), next_ids(SearchKey)
        indexed = []
        for p, t, s, k, src in self.rows:
            folded = self._fold(t)[:300]
            names.add(id=name_id, person_id=p.pk, text=t, script=s, kind=k, source=src, folded=folded)
            seen = set()
            for key in sorted(set(self._keys(t))):
                if key[:64] not in seen:  # what the unique (name, key) constraint would ignore
                    seen.add(key[:64])
                    keys.add(id=key_id, name_id=name_id, key=key[:64])
                    key_id += 1
            indexed.append((p.pk, t, folded))
            name_id += 1
        for person_id, key in sorted(rows_for(indexed)):
            search.add(id=search_id, person_id=person_id, key=key)
            search_id += 1
        for table in (self.people, names, keys, search):
            table.flush()
        reset_sequences([Person, PersonName, NameKey, SearchKey])


def _given(rng: random.Random, sex: str) -> tuple[str, str, str]:
    return rng.choice(MALE if sex == "M" else FEMALE)


def write_family(
    rng: random.Random, plan: FamilyPlan, index: int, *, regions: dict[str, Region],
    facilities: dict[tuple[str, str], list[Facility]], book: NameBook, first: bool,
) -> tuple[list[tuple[Person, ChildPlan]], list[FamilyLink]]:
    """People of one family: the father (dead), the mother (held abroad), a grandmother at home,
    perhaps an uncle, aunt or grandfather, and the children."""
    region = regions[plan.region]
    surname = "Хасанов" if first else rng.choice(SURNAMES)
    father = ("Руслан", "Ruslan", "روسلان") if first else _given(rng, "M")
    grandfather = _given(rng, "M")
    mother_given = _given(rng, "F")
    mother_surname = rng.choice(SURNAMES)
    prison = facilities[(plan.host, "prison")] or facilities[(plan.host, "camp")] or facilities[(plan.host, "other")]
    sur_latin = iuliia.ICAO_DOC_9303.translate(surname)

    def person(kind: str, sex: str, born: dt.date | None, **extra: Any) -> Person:
        return Person(kind=kind, sex=sex, birth_date=born, birth_precision="year" if born else "unknown",
                      home_region=region, **extra)

    people: list[tuple[Person, list[tuple[str, str, str, str]]]] = []
    dad = person("father", "M", dt.date(rng.randint(1980, 1992), 7, 2), is_deceased=True,
                 death_date=dt.date(rng.choice([2016, 2017]), rng.randint(1, 12), 1), citizenship="documented",
                 birth_place="home")
    people.append((dad, [
        (f"{surname} {father[0]} {patronymic(grandfather[0], False)}", "Cyrl", "official", "relatives' request"),
        (f"{sur_latin} {father[1]}", "Latn", "translit", "passport"),
        (f"أبو {_given(rng, 'M')[2]} الشيشاني" if plan.region in {"CE", "IN"} else f"أبو {_given(rng, 'M')[2]} الداغستاني",
         "Arab", "alias", "mother's statement"),
    ]))
    mum_cyr = f"{feminine(mother_surname)} {mother_given[0]} {patronymic(_given(rng, 'M')[0], True)}"
    mum = person("mother", "F", dt.date(rng.randint(1985, 1998), 7, 2), citizenship="documented", birth_place="home",
                 detention_status=plan.mother_status if plan.host == "IQ" else "detained",
                 detention_facility=rng.choice(prison) if prison else None)
    people.append((mum, [
        (mum_cyr, "Cyrl", "official", "passport"),
        (iuliia.ICAO_DOC_9303.translate(mum_cyr.rsplit(" ", 1)[0]), "Latn", "translit", "passport"),
        (f"{mother_given[2]} {latin_to_arabic(iuliia.ICAO_DOC_9303.translate(mother_surname))}", "Arab", "official",
         "prison register"),
    ]))
    granny_given = _given(rng, "F")
    granny = person("relative", "F", dt.date(rng.randint(1955, 1968), 7, 2), citizenship="documented",
                    birth_place="home")
    people.append((granny, [(f"{feminine(surname)} {granny_given[0]} {patronymic(_given(rng, 'M')[0], True)}",
                             "Cyrl", "official", "passport")]))
    extras: list[tuple[Person, str]] = []
    for relation in plan.extra_relatives:
        sex = "F" if relation == "aunt" else "M"
        given = _given(rng, sex)
        last = surname if sex == "M" else feminine(surname)
        p = person("relative", sex, dt.date(rng.randint(1975, 1995) if relation != "grandfather" else rng.randint(1950, 1965), 7, 2),
                   citizenship="documented", birth_place="home")
        people.append((p, [(f"{last} {given[0]} {patronymic(grandfather[0], sex == 'F')}", "Cyrl", "official", "passport")]))
        extras.append((p, relation))
    group = SiblingGroup.objects.create(label=f"{iuliia.ICAO_DOC_9303.translate(surname)} children") if len(plan.children) > 1 else None
    kids: list[tuple[Person, ChildPlan]] = []
    for k, child in enumerate(plan.children):
        given = ("Магомед", "Magomed", "محمد") if first and k == 0 else _given(rng, child.sex)
        if first and k == 0:
            child.sex = "M"
        lo = hi = None
        if child.precision == "range":
            lo, hi = child.birth_date - dt.timedelta(days=365), child.birth_date + dt.timedelta(days=365)
        p = Person(kind="child", sex=child.sex, birth_date=child.birth_date, birth_precision=child.precision,
                   birth_date_min=lo, birth_date_max=hi, birth_place=child.birth_place,
                   citizenship="documented" if child.birth_place == "home" else "claimed", home_region=region,
                   sibling_group=group)
        last = surname if child.sex == "M" else feminine(surname)
        source_abroad = {"IQ": "Iraqi court record", "SY": "camp register", "TR": "shelter register",
                         "PK": "transit home register"}[plan.host]
        names = [
            (f"{given[2]} {father[2]}", "Arab", "official", source_abroad),
            (as_heard(rng, f"{given[1]} {iuliia.ICAO_DOC_9303.translate(last)}"), "Latn", "heard", "consular list"),
        ]
        if first or rng.random() < 0.85:
            names.insert(0, (f"{last} {given[0]} {patronymic(father[0], child.sex == 'F')}", "Cyrl", "official",
                             "birth certificate" if child.birth_place == "home" else "relatives' request"))
        people.append((p, names))
        kids.append((p, child))
    for p, _names in people:
        book.add_person(p)
    for p, names in people:
        for text, script, kind, source in names:
            book.add(p, text, script, kind, source)
    links: list[FamilyLink] = []
    for p, child in kids:
        passed_kinship = STAGE_ORDER.index(child.stage) >= STAGE_ORDER.index("kinship_verified")
        verified = FamilyLink.Status.DNA_VERIFIED if passed_kinship else FamilyLink.Status.CLAIMED
        evidence = "DNA kinship test (demo)" if passed_kinship else "relatives' request"
        links += [
            FamilyLink(person=p, relative=mum, relation="mother", status=FamilyLink.Status.DOCUMENTED
                       if child.birth_place == "home" else verified, evidence="birth certificate"
                       if child.birth_place == "home" else evidence),
            FamilyLink(person=p, relative=dad, relation="father", status=FamilyLink.Status.CLAIMED,
                       evidence="mother's statement", side="paternal"),
            FamilyLink(person=p, relative=granny, relation="grandmother", status=verified, evidence=evidence,
                       side="paternal"),
        ]
        links += [FamilyLink(person=p, relative=r, relation=rel, status=FamilyLink.Status.CLAIMED, side="paternal",
                             evidence="relatives' request") for r, rel in extras]
        for q, _other in kids:
            if q is not p:
                links.append(FamilyLink(person=p, relative=q, relation="brother" if q.sex == "M" else "sister",
                                        status=FamilyLink.Status.CLAIMED, evidence="mother's statement"))
    return kids, links


def write_cases(
    rng: random.Random, kids: list[tuple[Person, ChildPlan, str]], agencies: dict[str, Agency],
    facilities: dict[tuple[str, str], list[Facility]], actor: User,
) -> list[Case]:
    """Cases with their histories (events) and ticked checks, in bulk."""
    stages = {s.code: s for s in Stage.objects.all()}
    requirements = list(Requirement.objects.all())
    cases: list[Case] = []
    for n, (child, plan, region_code) in enumerate(kids, start=1):
        opened = plan.events[0][1]
        choices = facilities[(plan.host, plan.facility_kind)] or facilities[(plan.host, "orphanage")] or \
            facilities[(plan.host, "camp")] or facilities[(plan.host, "other")]
        owner = agencies["national"]
        if plan.stage in {"handed_over", "follow_up", "closed"}:
            owner = agencies.get(f"regional-{region_code}", owner)
        cases.append(Case(reference=f"HW-{opened.year}-{n:04d}", child=child, host_country_id=plan.host,
                          facility=rng.choice(choices), home_region=child.home_region, stage=stages[plan.stage],
                          owner=owner, identified_on=opened.date(), closing_reason=plan.closing_reason,
                          summary=""))
    cases = Case.objects.bulk_create(cases)
    attach_cases([c.child_id for c in cases])  # as open_case does: the children's keys lead to their cases
    # histories as multi-row inserts (homeward/core/bulk.py): the rows bulk_create would write
    events, checks = Table(CaseEvent), Table(CaseCheck)
    event_id, check_id = next_ids(CaseEvent), next_ids(CaseCheck)
    for case, (child, plan, _region) in zip(cases, kids, strict=True):
        prev = None
        for i, (stage, when) in enumerate(plan.events):
            kind = CaseEvent.Kind.OPENED if i == 0 else CaseEvent.Kind.TRANSITION
            reason = plan.closing_reason if stage == "closed" else ""
            events.add(id=event_id, case_id=case.pk, kind=kind, occurred_at=when, actor_id=actor.pk,
                       source_stage_id=stages[prev].pk if prev else None, target_stage_id=stages[stage].pk,
                       reason=reason, data={"demo": True})
            event_id += 1
            # Checks needed to enter this stage were done just before it.
            for req in requirements:
                if req.stage_id != stage or i == 0:
                    continue
                if req.host_country_id and req.host_country_id != plan.host:
                    continue
                if req.applies == "born_abroad" and child.birth_place != "abroad":
                    continue
                if req.applies == "born_home" and child.birth_place != "home":
                    continue
                done_at = when - dt.timedelta(hours=2)
                ref = f"{req.code[:3].upper()}-{when:%Y}-{rng.randint(1000, 9999)}" if req.needs_reference else ""
                checks.add(id=check_id, case_id=case.pk, requirement_id=req.pk, done=True, reference=ref,
                           document_date=done_at.date() if ref else None, done_by_id=actor.pk, done_at=done_at)
                check_id += 1
                events.add(id=event_id, case_id=case.pk, kind=CaseEvent.Kind.CHECK, occurred_at=done_at,
                           actor_id=actor.pk, data={"check": req.code, "label": req.label, "reference": ref,
                                                    "demo": True})
                event_id += 1
            prev = stage
    events.flush()
    checks.flush()
    reset_sequences([CaseEvent, CaseCheck])
    return cases
