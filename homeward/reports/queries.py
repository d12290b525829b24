"""Reading figures from case histories.

Every figure is counted from the records of each child: the case's events (when it was opened,
when the child was flown home, when the case was closed) and the child's birth date. Nothing is
read from a stored counter, so a figure "as of" any past date can be rebuilt and checked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from homeward.cases.models import Case, CaseEvent, Stage
from homeward.cases.queries import filter_age_band, search_cases
from homeward.people.models import age_between
from homeward.places.models import Region

REPATRIATED = "repatriated"
CASE_FILTERS = ("stage", "host_country", "facility", "region", "age_band", "sex")


@dataclass(frozen=True)
class Band:
    """An age band in whole years, both ends included."""

    label: str
    low: int
    high: int

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.low <= age <= self.high


# The two bands the programme's public statements use ("under 10", "aged 10-17").
BROAD_BANDS: tuple[Band, ...] = (Band("0-9", 0, 9), Band("10-17", 10, 17))
# Finer bands for pages: 0-2 is the age until which an Iraqi prison lets a mother keep her child.
FINE_BANDS: tuple[Band, ...] = (
    Band("0-2", 0, 2), Band("3-5", 3, 5), Band("6-9", 6, 9), Band("10-13", 10, 13), Band("14-17", 14, 17),
)


def suppression_threshold() -> int:
    """Counts under this number are hidden in public tables (settings.HOMEWARD)."""
    return int(getattr(settings, "HOMEWARD", {}).get("SUPPRESSION_THRESHOLD", 5))


def birth_middle(born: dt.date | None, earliest: dt.date | None, latest: dt.date | None) -> dt.date | None:
    """The birth date to count ages from: the recorded date, else the middle of the estimate."""
    if born is not None:
        return born
    if earliest is not None and latest is not None:
        return earliest + (latest - earliest) / 2
    return None


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """Whole years from ``born`` to ``day`` (None when the birth date is unknown)."""
    return None if born is None else age_between(born, day)


@dataclass(frozen=True)
class ChildHistory:
    """What the reports need of one case, read from its events."""

    case_id: int
    host_country_id: str
    host_country: str
    facility_kind: str
    facility_city: str
    home_region_id: int | None
    stage_id: str
    sex: str
    born: dt.date | None
    opened_on: dt.date | None
    left_on: dt.date | None  # first entry into "repatriated" or a later stage
    repatriated_on: dt.date | None  # first entry into "repatriated" itself
    closed_on: dt.date | None

    def in_host_country_on(self, day: dt.date) -> bool:
        """Opened on or before ``day``, not flown home by the end of it, not closed before it."""
        if self.opened_on is None or self.opened_on > day:
            return False
        if self.left_on is not None and self.left_on <= day:
            return False
        return not (self.closed_on is not None and self.closed_on < day)

    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.born, day)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def histories(cases: QuerySet[Case]) -> list[ChildHistory]:
    """The history of every case in ``cases``, from the maintained summary (reports.CaseSummary);
    cases not summarised yet are read from their events and summarised now."""
    from homeward.reports.history import summarised

    return summarised(cases)


def histories_from_events(cases: QuerySet[Case]) -> list[ChildHistory]:
    """The history of every case in ``cases`` read from its events, in one query."""
    stages = list(Stage.objects.values_list("code", "order", "is_terminal"))
    order = {code: o for code, o, _t in stages}
    home_order = order.get(REPATRIATED)
    # "Repatriated or later" but not the terminal stage: closing is counted on its own.
    gone = [c for c, o, term in stages if home_order is not None and o >= home_order and not term]
    terminal = [c for c, _o, term in stages if term]
    transitions = Q(events__kind=CaseEvent.Kind.TRANSITION)
    rows = (
        cases.order_by()
        .annotate(
            first_event=Min("events__occurred_at"),
            left_at=Min("events__occurred_at", filter=transitions & Q(events__target_stage_id__in=gone)),
            home_at=Min("events__occurred_at", filter=transitions & Q(events__target_stage_id=REPATRIATED)),
            closed_at=Min("events__occurred_at", filter=transitions & Q(events__target_stage_id__in=terminal)),
        )
        .values(
            "pk", "host_country_id", "host_country__name", "facility__kind", "facility__city", "home_region_id",
            "stage_id", "child__sex", "child__birth_date", "child__birth_date_min", "child__birth_date_max",
            "identified_on", "first_event", "left_at", "home_at", "closed_at",
        )
    )
    out = []
    for r in rows:
        out.append(ChildHistory(
            case_id=r["pk"], host_country_id=r["host_country_id"], host_country=r["host_country__name"] or "",
            facility_kind=r["facility__kind"] or "", facility_city=r["facility__city"] or "",
            home_region_id=r["home_region_id"], stage_id=r["stage_id"], sex=r["child__sex"] or "",
            born=birth_middle(r["child__birth_date"], r["child__birth_date_min"], r["child__birth_date_max"]),
            opened_on=_local_date(r["first_event"]) or r["identified_on"],
            left_on=_local_date(r["left_at"]), repatriated_on=_local_date(r["home_at"]),
            closed_on=_local_date(r["closed_at"]),
        ))
    out.sort(key=lambda h: h.case_id)
    return out


@dataclass(frozen=True)
class BandCounts:
    """Children counted by age band on one date, with those the bands do not cover."""

    day: dt.date
    counts: dict[str, int]
    unknown_age: int
    adults: int

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.unknown_age + self.adults


def in_host_country(items: Iterable[ChildHistory], day: dt.date, host_country: str | None = None) -> list[ChildHistory]:
    """The children still in a host country (``host_country`` or any) on ``day``."""
    return [h for h in items if h.in_host_country_on(day) and (not host_country or h.host_country_id == host_country)]


def count_by_band(items: Iterable[ChildHistory], day: dt.date, bands: Sequence[Band] = BROAD_BANDS) -> BandCounts:
    """Count children by their age in whole years on ``day``."""
    counts = {b.label: 0 for b in bands}
    unknown = adults = 0
    top = max((b.high for b in bands), default=17)
    for h in items:
        age = h.age_on(day)
        if age is None:
            unknown += 1
            continue
        band = next((b for b in bands if age in b), None)
        if band is not None:
            counts[band.label] += 1
        elif age > top:
            adults += 1
        else:
            unknown += 1
    return BandCounts(day, counts, unknown, adults)


def children_in_host_country_by_band(
    cases: QuerySet[Case], day: dt.date, host_country: str | None = None, bands: Sequence[Band] = BROAD_BANDS,
) -> BandCounts:
    """How many children were still in the host country on ``day``, by age band on that day."""
    return count_by_band(in_host_country(histories(cases), day, host_country), day, bands)


@dataclass(frozen=True)
class Batch:
    """Children who arrived home on the same date from the same host country (one flight)."""

    arrived_on: dt.date
    host_country_id: str
    host_country: str
    children: tuple[ChildHistory, ...]

    @property
    def count(self) -> int:
        return len(self.children)

    def ages(self) -> list[int]:
        return sorted(a for a in (h.age_on(self.arrived_on) for h in self.children) if a is not None)

    def region_count(self) -> int:
        return len({h.home_region_id for h in self.children if h.home_region_id is not None})


def repatriation_batches(items: Iterable[ChildHistory]) -> list[Batch]:
    """Transitions to "repatriated" grouped by arrival date and host country, oldest first."""
    groups: dict[tuple[dt.date, str], list[ChildHistory]] = defaultdict(list)
    names: dict[str, str] = {}
    for h in items:
        if h.repatriated_on is not None:
            groups[(h.repatriated_on, h.host_country_id)].append(h)
            names[h.host_country_id] = h.host_country
    return [Batch(day, cc, names[cc], tuple(groups[(day, cc)])) for day, cc in sorted(groups)]


def repatriations_by_date(items: Iterable[ChildHistory]) -> list[tuple[dt.date, int, int]]:
    """(date, children repatriated that day, cumulative total) for every date with a repatriation."""
    per_day: dict[dt.date, int] = defaultdict(int)
    for h in items:
        if h.repatriated_on is not None:
            per_day[h.repatriated_on] += 1
    out, running = [], 0
    for day in sorted(per_day):
        running += per_day[day]
        out.append((day, per_day[day], running))
    return out


def filter_cases(cases: QuerySet[Case], params: Mapping[str, str], today: dt.date) -> QuerySet[Case]:
    """The case list's filters (q, stage, host_country, facility, region, age_band, sex) on ``cases``."""
    q = (params.get("q") or "").strip()
    if q:
        cases = search_cases(cases, q)
    stage = params.get("stage") or ""
    if stage:
        cases = cases.filter(stage_id=stage)
    host = params.get("host_country") or ""
    if host:
        cases = cases.filter(host_country_id=host)
    facility = params.get("facility") or ""
    if facility.isdigit():
        cases = cases.filter(facility_id=int(facility))
    region_id = params.get("region") or ""
    if region_id.isdigit():
        region = Region.objects.filter(pk=int(region_id)).first()
        if region is not None:
            cases = cases.filter(home_region_id__in=region.descendant_ids())
    band = params.get("age_band") or ""
    if band:
        cases = filter_age_band(cases, band, today)
    sex = params.get("sex") or ""
    if sex in {"M", "F"}:
        cases = cases.filter(child__sex=sex)
    return cases
