"""A synthetic caseload of any size (``homeward synth N``): N more people beside the demo's.

Families as the demo makes them (a dead father, a mother held abroad, a grandmother at home,
sometimes an uncle, aunt or grandfather, one to three children), names in Cyrillic, Latin (as a
passport writes them and as a clerk abroad heard them) and Arabic, family links, a case for each
child at every stage with its history and ticked checks, and for most families a relative's
request seeking the children with the candidate pair the matching would propose (confirmed once
kinship is verified). Rows are the ones the actions write (names, name keys, search keys), made in
Python and written in bulk: COPY on PostgreSQL, multi-row inserts on SQLite.

Like the demo, the caseload's creation is one audit entry ("demo.synth.created", with the
counts), not one entry per record: no user did these things.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import iuliia

from homeward.accounts.models import Agency, User
from homeward.cases.models import Case, CaseCheck, CaseEvent, Requirement, Stage
from homeward.core.bulk import Table, next_ids, reset_sequences
from homeward.demo.lexicon import FEMALE, MALE, SURNAMES, feminine, latin_to_arabic, patronymic
from homeward.demo.plan import (
    DEMO_TODAY,
    REGION_WEIGHTS,
    STAGE_ORDER,
    birth_for_age,
    plan_child,
    plan_history,
)
from homeward.demo.writer import as_heard
from homeward.people.models import FamilyLink, NameKey, Person, PersonName, SearchKey, SiblingGroup
from homeward.people.searchkeys import keys_of_name
from homeward.places.models import Facility, Region
from homeward.tracing.models import (
    CandidateMatch,
    RequestNameKey,
    SoughtChild,
    SoughtName,
    TracingRequest,
)

HOSTS = (("SY", 55), ("IQ", 30), ("TR", 10), ("PK", 5))
# Shares of the children's cases by stage: most are still abroad, every stage has some.
STAGE_WEIGHTS = (18, 12, 10, 9, 8, 6, 5, 6, 6, 12, 8)
REQUEST_SHARE = 0.8
HOME = {"repatriated", "handed_over", "follow_up", "closed"}
BATCH_PEOPLE = 20_000  # people generated and written per batch

TABLES = [SiblingGroup, Person, PersonName, NameKey, SearchKey, FamilyLink, Case, CaseEvent, CaseCheck,
          TracingRequest, SoughtChild, SoughtName, RequestNameKey, CandidateMatch]


@dataclass
class Counts:
    people: int = 0
    families: int = 0
    cases: int = 0
    requests: int = 0


def _keys(text: str) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """(folded text, name keys, search keys) of a name, as homeward.names and the search keys give
    them, computed word by word (the words repeat, the names rarely do); a name with an "abu" or
    "bin" is computed whole, since those words change how the next one counts."""
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return _whole(text)  # Arabic compounds (عبد الله) count as one name: whole, and cached
    words = text.split()
    parts = [_word(w) for w in words]
    if any(p is None for p in parts):
        return _whole(text)
    folded = " ".join(p[0] for p in parts if p and p[0])[:300]
    keys: set[str] = set()
    search: set[str] = set()
    for p in parts:
        assert p is not None
        keys |= p[1]
        search |= p[2]
    return folded, tuple(sorted(keys)), frozenset(search)


@lru_cache(maxsize=100_000)
def _word(word: str) -> tuple[str, frozenset[str], frozenset[str]] | None:
    from homeward.names.parse import CHAIN_MARKERS, TEKNONYM_MARKERS

    folded, keys, search = _whole(word)
    if " " in folded or any(t in TEKNONYM_MARKERS or t in CHAIN_MARKERS for t in folded.split()):
        return None
    return folded, frozenset(keys), search


@lru_cache(maxsize=200_000)
def _whole(text: str) -> tuple[str, tuple[str, ...], frozenset[str]]:
    from homeward.names import name_keys, normalize

    folded = normalize(text)[:300]
    return folded, tuple(sorted({k[:64] for k in name_keys(text)})), frozenset(keys_of_name(text, folded))


@lru_cache(maxsize=100_000)
def _fold(text: str) -> str:
    from homeward.names import normalize

    return normalize(text)[:300]


class Synth:
    """Generates families into bulk tables, batch by batch."""

    def __init__(self, seed: int, actor: User, *, name_keys: bool = True) -> None:
        self.name_keys = name_keys
        self.rng = random.Random(seed)
        self.actor = actor
        self.tables = {m: Table(m) for m in TABLES}
        self.ids = {m: next_ids(m) for m in TABLES}
        self.regions = list(Region.objects.filter(code__in=list(REGION_WEIGHTS)))
        self.region_weights = [REGION_WEIGHTS[r.code] for r in self.regions]
        self.facilities: dict[tuple[str, str], list[int]] = {}
        for f in Facility.objects.all():
            self.facilities.setdefault((f.country_id, f.kind), []).append(f.pk)
        self.stages = {s.code: s.pk for s in Stage.objects.all()}
        self.requirements = list(Requirement.objects.all())
        self.national = Agency.objects.get(kind=Agency.Kind.NATIONAL).pk
        self.regional = {a.region.code: a.pk for a in Agency.objects.filter(kind=Agency.Kind.REGIONAL)
                         .select_related("region") if a.region}
        self.counts = Counts()
        self.case_no = Case.objects.count()
        self.request_no = TracingRequest.objects.count()
        self.now = dt.datetime.now(dt.UTC)

    def _id(self, model: type[Any]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _facility(self, host: str, *kinds: str) -> int | None:
        for kind in kinds:
            if self.facilities.get((host, kind)):
                return self.rng.choice(self.facilities[(host, kind)])
        return None

    # -- people and names -------------------------------------------------------------------
    def _person(self, kind: str, sex: str, born: dt.date | None, region: int, **extra: Any) -> int:
        pid = self._id(Person)
        self.tables[Person].add(id=pid, kind=kind, sex=sex, birth_date=born,
                                birth_precision=extra.pop("birth_precision", "year" if born else "unknown"),
                                home_region_id=region, **extra)
        self.counts.people += 1
        return pid

    def _names(self, pid: int, names: list[tuple[str, str, str, str]], case: tuple[int, str] | None = None) -> None:
        """The person's names and their keys; a child's keys carry its case and reference, as the
        actions leave them (searchkeys.attach_cases)."""
        keys: set[str] = set()
        for text, script, kind, source in names:
            nid = self._id(PersonName)
            folded, name_keys, search_keys = _keys(text)
            self.tables[PersonName].add(id=nid, person_id=pid, text=text, script=script, kind=kind, source=source,
                                        folded=folded)
            if self.name_keys:
                for key in name_keys:
                    self.tables[NameKey].add(id=self._id(NameKey), name_id=nid, key=key)
            keys |= search_keys
        case_id, reference = case or (None, "")
        for key in sorted(keys):
            self.tables[SearchKey].add(id=self._id(SearchKey), person_id=pid, key=key, case_id=case_id,
                                       reference=reference)

    def _link(self, person: int, relative: int, relation: str, status: str, evidence: str, side: str = "") -> int:
        lid = self._id(FamilyLink)
        self.tables[FamilyLink].add(id=lid, person_id=person, relative_id=relative, relation=relation,
                                    status=status, evidence=evidence, side=side)
        return lid

    # -- one family -------------------------------------------------------------------------
    def family(self) -> None:
        rng = self.rng
        region = rng.choices(self.regions, weights=self.region_weights)[0]
        host = rng.choices([h for h, _ in HOSTS], weights=[w for _, w in HOSTS])[0]
        surname = rng.choice(SURNAMES)
        sur_latin = iuliia.ICAO_DOC_9303.translate(surname)
        father, grandfather = rng.choice(MALE), rng.choice(MALE)
        mother_given, mother_surname = rng.choice(FEMALE), rng.choice(SURNAMES)
        self.counts.families += 1
        dad = self._person("father", "M", dt.date(rng.randint(1978, 1995), 7, 2), region.pk, is_deceased=True,
                           death_date=dt.date(rng.randint(2015, 2019), rng.randint(1, 12), 1),
                           citizenship="documented", birth_place="home")
        kunya = "الشيشاني" if region.code in {"CE", "IN"} else "الداغستاني"
        self._names(dad, [
            (f"{surname} {father[0]} {patronymic(grandfather[0], False)}", "Cyrl", "official", "relatives' request"),
            (f"{sur_latin} {father[1]}", "Latn", "translit", "passport"),
            (f"أبو {rng.choice(MALE)[2]} {kunya}", "Arab", "alias", "mother's statement"),
        ])
        mum_cyr = f"{feminine(mother_surname)} {mother_given[0]} {patronymic(rng.choice(MALE)[0], True)}"
        mum = self._person("mother", "F", dt.date(rng.randint(1983, 2000), 7, 2), region.pk, citizenship="documented",
                           birth_place="home", detention_status=rng.choice(["sentenced", "detained", "released"]),
                           detention_facility_id=self._facility(host, "prison", "camp", "other"))
        self._names(mum, [
            (mum_cyr, "Cyrl", "official", "passport"),
            (iuliia.ICAO_DOC_9303.translate(mum_cyr.rsplit(" ", 1)[0]), "Latn", "translit", "passport"),
            (f"{mother_given[2]} {latin_to_arabic(iuliia.ICAO_DOC_9303.translate(mother_surname))}", "Arab",
             "official", "prison register"),
        ])
        granny_name = f"{feminine(surname)} {rng.choice(FEMALE)[0]} {patronymic(rng.choice(MALE)[0], True)}"
        granny = self._person("relative", "F", dt.date(rng.randint(1952, 1970), 7, 2), region.pk,
                              citizenship="documented", birth_place="home")
        self._names(granny, [(granny_name, "Cyrl", "official", "passport")])
        extras = []
        for relation in rng.sample(["uncle", "aunt", "grandfather"], rng.choices([0, 1, 2], weights=[5, 3, 2])[0]):
            sex = "F" if relation == "aunt" else "M"
            given = rng.choice(MALE if sex == "M" else FEMALE)
            last = surname if sex == "M" else feminine(surname)
            born = dt.date(rng.randint(1950, 1965) if relation == "grandfather" else rng.randint(1975, 1995), 7, 2)
            pid = self._person("relative", sex, born, region.pk, citizenship="documented", birth_place="home")
            self._names(pid, [(f"{last} {given[0]} {patronymic(grandfather[0], sex == 'F')}", "Cyrl", "official",
                               "passport")])
            extras.append((pid, relation))
        size = rng.choices([1, 2, 3], weights=[55, 33, 12])[0]
        group = None
        if size > 1:
            group = self._id(SiblingGroup)
            self.tables[SiblingGroup].add(id=group, label=f"{sur_latin} children")
        final = STAGE_ORDER[rng.choices(range(len(STAGE_ORDER)), weights=STAGE_WEIGHTS)[0]]
        home_on = None
        if final in HOME:
            home_on = DEMO_TODAY - dt.timedelta(days=rng.randint(60 if final != "closed" else 1000, 2400))
        kids: list[tuple[int, Any, tuple[str, str, str], list[tuple[str, str, str, str]]]] = []
        for _ in range(size):
            age_on = home_on or DEMO_TODAY - dt.timedelta(days=rng.randint(30, 400))
            if age_on.month == 2 and age_on.day == 29:
                age_on -= dt.timedelta(days=1)
            born = birth_for_age(rng, rng.randint(0, 15), age_on)
            facility_kind = "prison" if host == "IQ" and (age_on - born).days < 3 * 365 else (
                "camp" if host == "SY" else "orphanage")
            plan = plan_child(rng, host, born, facility_kind, age_on)
            identified_by = (home_on - dt.timedelta(days=120)) if home_on else age_on
            plan.events = plan_history(rng, home_on, final, identified_by=identified_by, earliest=dt.date(2017, 9, 1))
            if final == "closed":
                plan.closing_reason = "Follow-up completed: the child is settled with the guardian."
            given = rng.choice(MALE if plan.sex == "M" else FEMALE)
            lo = hi = None
            if plan.precision == "range":
                lo, hi = plan.birth_date - dt.timedelta(days=365), plan.birth_date + dt.timedelta(days=365)
            pid = self._person("child", plan.sex, plan.birth_date, region.pk, birth_precision=plan.precision,
                               birth_date_min=lo, birth_date_max=hi, birth_place=plan.birth_place,
                               citizenship="documented" if plan.birth_place == "home" else "claimed",
                               sibling_group_id=group)
            last = surname if plan.sex == "M" else feminine(surname)
            source = {"IQ": "Iraqi court record", "SY": "camp register", "TR": "shelter register",
                      "PK": "transit home register"}[host]
            names = [(f"{given[2]} {father[2]}", "Arab", "official", source),
                     (as_heard(rng, f"{given[1]} {iuliia.ICAO_DOC_9303.translate(last)}"), "Latn", "heard",
                      "consular list")]
            if rng.random() < 0.85:
                names.insert(0, (f"{last} {given[0]} {patronymic(father[0], plan.sex == 'F')}", "Cyrl", "official",
                                 "birth certificate" if plan.birth_place == "home" else "relatives' request"))
            kids.append((pid, plan, given, names))
        granny_links: dict[int, int] = {}
        for pid, plan, _given, _names in kids:
            kinship = STAGE_ORDER.index(plan.stage) >= STAGE_ORDER.index("kinship_verified")
            status = "dna_verified" if kinship else "claimed"
            evidence = "DNA kinship test (synthetic)" if kinship else "relatives' request"
            home_born = plan.birth_place == "home"
            self._link(pid, mum, "mother", "documented" if home_born else status,
                       "birth certificate" if home_born else evidence)
            self._link(pid, dad, "father", "claimed", "mother's statement", "paternal")
            granny_links[pid] = self._link(pid, granny, "grandmother", status, evidence, "paternal")
            for rel, relation in extras:
                self._link(pid, rel, relation, "claimed", "relatives' request", "paternal")
            for other, oplan, _g, _n in kids:
                if other != pid:
                    self._link(pid, other, "brother" if oplan.sex == "M" else "sister", "claimed",
                               "mother's statement")
        cases = []
        for pid, plan, given, names in kids:
            case = self._case(pid, plan, host, region)
            self._names(pid, names, case)  # written after the case, so that its keys lead to it
            cases.append((case[0], pid, plan, given))
        if self.rng.random() < REQUEST_SHARE:
            self._request(granny_name, region.pk, cases, granny_links, surname, father)

    def _case(self, child: int, plan: Any, host: str, region: Region) -> tuple[int, str]:
        rng = self.rng
        cid = self._id(Case)
        self.case_no += 1
        opened = plan.events[0][1]
        owner = self.national
        if plan.stage in {"handed_over", "follow_up", "closed"}:
            owner = self.regional.get(region.code, owner)
        reference = f"HW-{opened.year}-{self.case_no:07d}"
        self.tables[Case].add(
            id=cid, reference=reference, child_id=child, host_country_id=host,
            facility_id=self._facility(host, plan.facility_kind, "orphanage", "camp", "other"),
            home_region_id=region.pk, stage_id=self.stages[plan.stage], owner_id=owner,
            identified_on=opened.date(), closing_reason=plan.closing_reason, created_at=opened,
            updated_at=plan.events[-1][1])
        self.counts.cases += 1
        prev = None
        events = self.tables[CaseEvent]
        for i, (stage, when) in enumerate(plan.events):
            events.add(id=self._id(CaseEvent), case_id=cid, kind="opened" if i == 0 else "transition",
                       occurred_at=when, actor_id=self.actor.pk,
                       source_stage_id=self.stages[prev] if prev else None, target_stage_id=self.stages[stage],
                       reason=plan.closing_reason if stage == "closed" else "", data={"synthetic": True})
            if i:
                for req in self.requirements:
                    if req.stage_id != stage or (req.host_country_id and req.host_country_id != host):
                        continue
                    if (req.applies == "born_abroad" and plan.birth_place != "abroad") or (
                            req.applies == "born_home" and plan.birth_place != "home"):
                        continue
                    done_at = when - dt.timedelta(hours=2)
                    ref = f"{req.code[:3].upper()}-{when:%Y}-{rng.randint(1000, 9999)}" if req.needs_reference else ""
                    self.tables[CaseCheck].add(id=self._id(CaseCheck), case_id=cid, requirement_id=req.pk,
                                               done=True, reference=ref, document_date=done_at.date() if ref else None,
                                               done_by_id=self.actor.pk, done_at=done_at)
                    events.add(id=self._id(CaseEvent), case_id=cid, kind="check", occurred_at=done_at,
                               actor_id=self.actor.pk, source_stage_id=None, target_stage_id=None, reason="",
                               data={"check": req.code, "label": req.label, "reference": ref, "synthetic": True})
            prev = stage
        return cid, reference

    def _request(self, requester: str, region: int, cases: list[tuple[int, int, Any, tuple[str, str, str]]],
                 granny_links: dict[int, int], surname: str, father: tuple[str, str, str]) -> None:
        rng = self.rng
        rid = self._id(TracingRequest)
        self.request_no += 1
        received = min(plan.events[0][1] for _c, _p, plan, _g in cases).date() - dt.timedelta(days=rng.randint(5, 90))
        found_all = all(STAGE_ORDER.index(plan.stage) >= STAGE_ORDER.index("kinship_verified")
                        for _c, _p, plan, _g in cases)
        self.tables[TracingRequest].add(
            id=rid, reference=f"TR-{received.year}-S{self.request_no:07d}", requester_name=requester,
            requester_script="Cyrl", requester_folded=_fold(requester), relation="grandmother",
            region_id=region, phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}", received_on=received, received_by_id=self.national,
            status="closed" if found_all else "open", created_by_id=self.actor.pk)
        self.counts.requests += 1
        keys = set(_keys(requester)[1])
        for cid, pid, plan, given in cases:
            sid = self._id(SoughtChild)
            year = plan.birth_date.year
            exact = rng.random() < 0.4
            self.tables[SoughtChild].add(
                id=sid, request_id=rid, sex=plan.sex, birth_precision="exact" if exact else "range",
                birth_date=plan.birth_date if exact else None, birth_year_min=None if exact else year - 1,
                birth_year_max=None if exact else year + 1, last_heard_country={"IQ": "Ирак", "SY": "Сирия",
                "TR": "Турция", "PK": "Пакистан"}[plan.host], home_region_id=region)
            last = surname if plan.sex == "M" else feminine(surname)
            child_name = f"{given[0]} {last}"
            for role, text, kind in (("child", child_name, "official"),
                                     ("father", f"{surname} {father[0]}", "heard")):
                self.tables[SoughtName].add(id=self._id(SoughtName), sought_child_id=sid, role=role, text=text,
                                            script="Cyrl", kind=kind, folded=_fold(text))
            keys |= set(_keys(child_name)[1])
            confirmed = STAGE_ORDER.index(plan.stage) >= STAGE_ORDER.index("kinship_verified")
            weight = rng.uniform(8, 30)
            self.tables[CandidateMatch].add(
                id=self._id(CandidateMatch), case_id=cid, sought_child_id=sid,
                match_probability=1 - 2 ** -weight, match_weight=weight,
                contributions={"prior": -9.4, "given_name": 6.5, "surname": 5.8, "father": 5.7,
                               "birth": round(weight - 8.6, 2), "sex": 1.0, "region": 2.7},
                explanations={"given_name": "same canonical form", "surname": "same canonical form",
                              "father": "same canonical form", "birth": "within the year", "sex": "same",
                              "region": "same"},
                status="confirmed" if confirmed else "potential",
                decided_by_id=self.actor.pk if confirmed else None,
                decided_at=plan.events[min(2, len(plan.events) - 1)][1] if confirmed else None,
                note="synthetic: kinship verified" if confirmed else "",
                family_link_id=granny_links[pid] if confirmed else None, model_version="synthetic",
                computed_at=self.now)
        for key in sorted(keys):
            self.tables[RequestNameKey].add(id=self._id(RequestNameKey), request_id=rid, key=key)

    def flush(self) -> None:
        for model in TABLES:  # in dependency order
            self.tables[model].flush()


def generate(n_people: int, *, seed: int, actor: User, name_keys: bool = True,
             progress: Callable[[int], object] | None = None) -> Counts:
    """Add families until ``n_people`` people more exist; returns what was written.

    On PostgreSQL the load runs with triggers and foreign-key checks off for its transaction
    (``session_replication_role = replica``, where the role may set it: the rows are made
    consistent), and for large loads the big tables' secondary indexes are dropped first and
    built again at the end, which is several times faster than keeping them up row by row.
    """
    from django.db import connection, transaction

    synth = Synth(seed, actor, name_keys=name_keys)
    with transaction.atomic():
        rebuild: list[str] = []
        if connection.vendor == "postgresql":
            _replica_role()
            if n_people >= BIG_LOAD:
                rebuild = _drop_indexes([m._meta.db_table for m in INDEXED_LATE])
        done_at_flush = 0
        while synth.counts.people < n_people:
            synth.family()
            if synth.counts.people - done_at_flush >= BATCH_PEOPLE:
                synth.flush()
                if progress:
                    progress(synth.counts.people - done_at_flush)
                done_at_flush = synth.counts.people
        synth.flush()
        if progress:
            progress(synth.counts.people - done_at_flush)
        with connection.cursor() as cursor:
            for sql in rebuild:
                cursor.execute(sql)
        reset_sequences(TABLES)
    from homeward.reports.history import refresh

    refresh()  # the figures' summaries of every case, new ones included
    return synth.counts


BIG_LOAD = 50_000
INDEXED_LATE = [PersonName, NameKey, SearchKey, FamilyLink, CaseEvent, CaseCheck, SoughtName, RequestNameKey]


def _replica_role() -> None:
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass  # not allowed for this role: the checks run, the load is slower


def _drop_indexes(tables: list[str]) -> list[str]:
    """Drop the secondary indexes (and unique constraints) of ``tables``; the SQL that restores them."""
    from django.db import connection

    restore: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.tablename, i.indexname, i.indexdef, c.conname FROM pg_indexes i "
            "LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.contype = 'u' "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND i.indexname NOT LIKE '%%_pkey'",
            [tables])
        for table, index, definition, constraint in cursor.fetchall():
            q = connection.ops.quote_name
            if constraint:
                cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(constraint)}")
                restore += [definition, f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(constraint)} UNIQUE USING INDEX {q(index)}"]
            else:
                cursor.execute(f"DROP INDEX {q(index)}")
                restore.append(definition)
    return restore
