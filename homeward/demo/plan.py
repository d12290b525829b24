"""The demo caseload as a plan: families, children, ages and case histories, before any database.

The plan is pure and seeded (same seed, same data) and is built to state the programme's public
figures: 30 children brought home from Baghdad on 30 December 2018; 27 on 10 February 2019, aged 4
to 13, from 10 regions; in early January 2019, 115 children under 10 and 8 aged 11-17 (none aged 10)
still in Iraq; 33 in July and 32 on 18 November 2019 (122 from Iraq in all); about 318 brought home
by April 2021 and 566 by July 2024 from Iraq, Syria, Turkey and Pakistan.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# The demo world's present: no event is dated after it (same seed, same data, whatever the clock).
DEMO_TODAY = dt.date(2026, 11, 1)
# Day on which the January 2019 figures are taken.
JANUARY_2019 = dt.date(2019, 1, 5)

# (host country, facility kinds children are found in, date of the flight home, children on it)
IRAQ_BATCHES = [
    ("IQ", dt.date(2018, 12, 30), 30),
    ("IQ", dt.date(2019, 2, 10), 27),
    ("IQ", dt.date(2019, 7, 19), 33),
    ("IQ", dt.date(2019, 11, 18), 32),
]
OTHER_BATCHES = [
    ("SY", dt.date(2020, 3, 4), 26), ("SY", dt.date(2020, 6, 18), 24), ("TR", dt.date(2020, 9, 10), 12),
    ("SY", dt.date(2020, 11, 25), 35), ("SY", dt.date(2021, 1, 28), 40), ("SY", dt.date(2021, 3, 22), 33),
    ("PK", dt.date(2021, 4, 8), 26),
    ("SY", dt.date(2021, 9, 14), 30), ("SY", dt.date(2022, 2, 16), 37), ("TR", dt.date(2022, 6, 9), 15),
    ("SY", dt.date(2022, 10, 20), 34), ("SY", dt.date(2023, 3, 15), 38), ("SY", dt.date(2023, 9, 27), 31),
    ("TR", dt.date(2024, 2, 7), 18), ("SY", dt.date(2024, 6, 26), 45),
]
# Iraq children still there in January 2019, by the flight that later took them (None: still there).
# Under-10s and 11-17s per group: 22+31+31+31 = 115 and 5+2+1+0 = 8.
IRAQ_JANUARY_AGES = {dt.date(2019, 2, 10): (22, 5), dt.date(2019, 7, 19): (31, 2), dt.date(2019, 11, 18): (31, 1),
                     None: (31, 0)}
FEB_REGIONS = ["CE", "DA", "IN", "KB", "KC", "SE", "STA", "TA", "BA", "MOW"]
OTHER_REGIONS = FEB_REGIONS + ["AST", "VGG", "CHE", "TYU", "KHM", "MOS"]
REGION_WEIGHTS = {"CE": 8, "DA": 10, "IN": 3, "KB": 3, "KC": 2, "SE": 2, "STA": 2, "TA": 2, "BA": 2, "MOW": 2,
                  "AST": 1, "VGG": 1, "CHE": 1, "TYU": 1, "KHM": 1, "MOS": 1}

STAGE_ORDER = ["identified", "identity_verified", "kinship_verified", "best_interests", "legal_clearance",
               "documents_issued", "ready_to_travel", "repatriated", "handed_over", "follow_up", "closed"]


@dataclass
class ChildPlan:
    sex: str
    birth_date: dt.date
    precision: str  # exact | month | year | range
    birth_place: str  # home | abroad
    host: str
    facility_kind: str
    events: list[tuple[str, dt.datetime]] = field(default_factory=list)  # (stage entered, when)
    closing_reason: str = ""

    @property
    def stage(self) -> str:
        return self.events[-1][0]


@dataclass
class FamilyPlan:
    region: str
    host: str
    children: list[ChildPlan]
    mother_status: str  # detained | sentenced | released
    extra_relatives: list[str]  # relations beyond mother, father, grandmother


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def birth_for_age(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A birth date giving ``age`` on ``on``, whose birthday is never 1 Jan - 15 Feb.

    Keeping birthdays out of that window makes a child's age the same on 5 January and on 10
    February 2019, so the January and February figures agree with each other.
    """
    latest = on.replace(year=on.year - age)
    while True:
        candidate = latest - dt.timedelta(days=rng.randrange(0, 365))
        if not (candidate.month == 1 or (candidate.month == 2 and candidate.day <= 15)):
            return candidate


def _precision(rng: random.Random, born: dt.date, birth_place: str) -> tuple[str, dt.date]:
    """How sure the birth date is, and the stored date (the middle of what is known)."""
    if birth_place == "home":
        return "exact", born
    roll = rng.random()
    if roll < 0.35:
        return "exact", born
    if roll < 0.5:
        return "month", born.replace(day=15)
    if roll < 0.6:
        return "year", born.replace(month=7, day=2)
    return "range", born


def plan_history(rng: random.Random, home_on: dt.date | None, final: str, *, identified_by: dt.date,
             earliest: dt.date) -> list[tuple[str, dt.datetime]]:
    """Stage events ending at ``final``; repatriated exactly on ``home_on`` when given."""
    last = STAGE_ORDER.index(final)
    if home_on is not None:
        end = home_on - dt.timedelta(days=rng.randint(3, 12))  # ready to travel a few days before
        span_days = rng.randint(90, 300)
        start = max(earliest, end - dt.timedelta(days=span_days))
        start = min(start, identified_by)
    else:
        start = identified_by - dt.timedelta(days=rng.randint(0, 200))
        start = min(max(start, earliest), DEMO_TODAY - dt.timedelta(days=60))
        # Open cases: nothing is dated after the demo's "today".
        end = min(start + dt.timedelta(days=rng.randint(30, 400)), DEMO_TODAY)
    pre = [s for s in STAGE_ORDER[: min(last, 6) + 1]]
    # Spread the stages up to ready_to_travel between start and end, in order.
    steps = len(pre) - 1
    total = max((end - start).days, steps)
    cuts = sorted(rng.sample(range(1, total), steps - 1)) if steps > 1 and total > steps else list(range(1, steps))
    days = [0, *cuts, total][: len(pre)]
    events = [(stage, _at(start + dt.timedelta(days=d), 9 + i % 6)) for i, (stage, d) in enumerate(zip(pre, days, strict=False))]
    if last >= 7 and home_on is not None:
        events.append(("repatriated", _at(home_on, 16)))
        if last >= 8:
            events.append(("handed_over", _at(home_on + dt.timedelta(days=1), 12)))
        if last >= 9:
            events.append(("follow_up", _at(home_on + dt.timedelta(days=rng.randint(10, 20)), 11)))
        if last >= 10:
            events.append(("closed", _at(home_on + dt.timedelta(days=rng.randint(400, 900)), 11)))
    return events


def _split_families(rng: random.Random, n: int) -> list[int]:
    sizes: list[int] = []
    while n > 0:
        size = min(n, rng.choices([1, 2, 3], weights=[55, 33, 12])[0])
        sizes.append(size)
        n -= size
    return sizes


def _region(rng: random.Random, choices: list[str]) -> str:
    return rng.choices(choices, weights=[REGION_WEIGHTS[c] for c in choices])[0]


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def plan_child(rng: random.Random, host: str, born: dt.date, facility_kind: str, age_on: dt.date) -> ChildPlan:
    birth_place = "home" if born < dt.date(2014, 6, 1) else "abroad"
    precision, stored = _precision(rng, born, birth_place)
    if _age(stored, age_on) != _age(born, age_on) or stored.month == 1 or (stored.month == 2 and stored.day <= 15):
        # A month- or year-only date counts at its middle; where that would change the child's
        # age on the day the figures are taken, the record is an estimated range instead.
        precision, stored = "range", born
    return ChildPlan(sex=rng.choice("MF"), birth_date=stored, precision=precision, birth_place=birth_place,
                     host=host, facility_kind=facility_kind)


def _final_after_flight(rng: random.Random, home_on: dt.date) -> str:
    if home_on < dt.date(2022, 1, 1) and rng.random() < 0.45:
        return "closed"
    return "follow_up"


def build_plan(seed: int = 2019) -> list[FamilyPlan]:
    """The whole demo caseload, family by family."""
    rng = random.Random(seed)
    families: list[FamilyPlan] = []

    def add_batch(host: str, home_on: dt.date | None, ages: list[int], age_on: dt.date, regions: list[str],
                  final: str | None = None, identified_by: dt.date | None = None,
                  earliest: dt.date = dt.date(2017, 9, 1), cover_regions: bool = False) -> None:
        rng.shuffle(ages)
        sizes = _split_families(rng, len(ages))
        if cover_regions:
            while len(sizes) < len(regions):  # one family per region at least
                biggest = max(range(len(sizes)), key=lambda i: sizes[i])
                sizes[biggest] -= 1
                sizes.append(1)
                sizes = [s for s in sizes if s > 0]
        k = 0
        for f, size in enumerate(sizes):
            region = regions[f] if cover_regions and f < len(regions) else (
                rng.choice(regions) if cover_regions else _region(rng, regions))
            kids = []
            for _ in range(size):
                age = ages[k]
                k += 1
                born = birth_for_age(rng, age, age_on)
                kind = "prison" if host == "IQ" and age < 3 else ("camp" if host == "SY" else "orphanage")
                child = plan_child(rng, host, born, kind, age_on)
                stage = final or (_final_after_flight(rng, home_on) if home_on else "identified")
                child.events = plan_history(rng, home_on, stage, identified_by=identified_by or age_on, earliest=earliest)
                if stage == "closed":
                    child.closing_reason = "Follow-up completed: the child is settled with the guardian."
                kids.append(child)
            families.append(FamilyPlan(region=region, host=host, children=kids,
                                       mother_status=rng.choice(["sentenced", "sentenced", "detained", "released"]),
                                       extra_relatives=rng.sample(["uncle", "aunt", "grandfather"], rng.randint(0, 2))))

    # Iraq, December 2018: 30 children home before the January figures.
    add_batch("IQ", dt.date(2018, 12, 30), [rng.randint(3, 14) for _ in range(30)], dt.date(2018, 12, 30),
              OTHER_REGIONS, identified_by=dt.date(2018, 10, 1))
    # Iraq, still there on 5 January 2019: 115 under 10 and 8 aged 11-17, none aged 10.
    for home_on, (young, old) in IRAQ_JANUARY_AGES.items():
        if home_on == dt.date(2019, 2, 10):
            ages = [4, 9] + [rng.randint(4, 9) for _ in range(young - 2)] + [11, 13] + [rng.randint(11, 13) for _ in range(old - 2)]
            add_batch("IQ", home_on, ages, JANUARY_2019, FEB_REGIONS, identified_by=dt.date(2018, 12, 20),
                      cover_regions=True)
        elif home_on is not None:
            ages = [rng.randint(0, 9) for _ in range(young)] + [rng.randint(11, 16) for _ in range(old)]
            add_batch("IQ", home_on, ages, JANUARY_2019, OTHER_REGIONS, identified_by=dt.date(2018, 12, 31))
        else:
            # Still in Iraq after the programme's flights: mostly small children with their mothers.
            ages = [rng.choice([0, 1, 2, 2, 5, 7]) for _ in range(young)]
            for i, age in enumerate(ages):
                stage = ["identified", "identity_verified", "kinship_verified", "best_interests"][i % 4]
                add_batch("IQ", None, [age], JANUARY_2019, OTHER_REGIONS, final=stage,
                          identified_by=dt.date(2018, 12, 31))
    # Other host countries, 2020-2024.
    for host, home_on, n in OTHER_BATCHES:
        ages = [rng.randint(2, 15) for _ in range(n)]
        add_batch(host, home_on, ages, home_on, OTHER_REGIONS, identified_by=home_on - dt.timedelta(days=120),
                  earliest=dt.date(2019, 3, 1))
    # Open caseload in Syria today, at every stage before the flight.
    for i in range(40):
        stage = STAGE_ORDER[i % 7]
        age = rng.randint(3, 14)
        add_batch("SY", None, [age], dt.date(2026, 6, 1), OTHER_REGIONS, final=stage,
                  identified_by=dt.date(2026, 5, 1), earliest=dt.date(2025, 6, 1))
    # Recently identified small children held with their mothers in Iraq (the age-3 rule applies).
    for born in [dt.date(2023, 12, 10), dt.date(2024, 1, 20), dt.date(2024, 2, 5), dt.date(2024, 6, 30),
                 dt.date(2025, 3, 3), dt.date(2022, 9, 9)]:
        child = ChildPlan(sex=rng.choice("MF"), birth_date=born, precision="exact", birth_place="abroad",
                          host="IQ", facility_kind="prison",
                          events=[("identified", _at(dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 60))))])
        families.append(FamilyPlan(region=_region(rng, OTHER_REGIONS), host="IQ", children=[child],
                                   mother_status="sentenced", extra_relatives=[]))
    _pair_ready_with_unready_sibling(families)
    return families


def _pair_ready_with_unready_sibling(families: list[FamilyPlan]) -> None:
    """Make one open Syrian family two brothers: one ready to travel, one still in legal clearance.

    The demo then shows the rule that siblings travel together: the ready child cannot board alone.
    """
    ready = next(f for f in families if f.host == "SY" and len(f.children) == 1
                 and f.children[0].stage == "ready_to_travel")
    waiting = next(f for f in families if f.host == "SY" and len(f.children) == 1
                   and f.children[0].stage == "legal_clearance" and f is not ready)
    ready.children.append(waiting.children[0])
    for child in ready.children:
        child.sex = "M"
    families.remove(waiting)
