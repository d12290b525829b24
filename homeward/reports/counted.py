"""The dashboard's and the as-of page's figures added up in the database, not case by case.

The dashboard adds up cells of reports.FigureCount (a few thousand rows whatever the caseload)
and reads the case summaries only where a cell is too coarse: the births of the months in which
a child's age band changes on the day asked for, and the children of the latest flights shown.
The as-of page groups the summaries of the children still in a host country on its date by sex
and birth date in one query. Both give what figures.build_figures and figures.as_of_table give
from every case's history (tests/reports/test_counted.py compares them).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

from django.db.models import Count, Q, QuerySet, Sum

from homeward.reports.access import Scope
from homeward.reports.figures import FLIGHTS_SHOWN, Figures, Tallies, as_of_table_from, figures_from
from homeward.reports.history import FIELDS, summary_history
from homeward.reports.models import CaseSummary, FigureCount
from homeward.reports.queries import FINE_BANDS, BandCounts, Batch, ChildHistory, age_on
from homeward.reports.tables import FigureTable

TOP = max(b.high for b in FINE_BANDS)


def _band(age: int | None) -> str:
    """Where count_by_band counts an age: a band's label, "adults" or "unknown"."""
    if age is None:
        return "unknown"
    for b in FINE_BANDS:
        if age in b:
            return b.label
    return "adults" if age > TOP else "unknown"


def _summaries(scope: Scope) -> QuerySet[CaseSummary]:
    if not scope.cases.query.where:  # every case (a national grant): no semi-join with all of them
        return CaseSummary.objects.all()
    return CaseSummary.objects.filter(case__in=scope.cases.order_by().values("pk"))


def age_bands(scope: Scope, day: dt.date) -> BandCounts:
    """Children by age band on ``day``: whole months of births where the band is the same all
    month, the births of the other months (a birthday crosses a band's edge) one date at a time."""
    months = (FigureCount.objects.filter(scope.rolled, dimension="born").values("value")
              .annotate(total=Sum("n")).values_list("value", "total"))
    counts: Counter[str] = Counter()
    split: list[tuple[dt.date, dt.date]] = []
    for value, total in months:
        if not value:
            counts["unknown"] += total
            continue
        year, month = int(value[:4]), int(value[5:7])
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        band = _band(age_on(first, day))
        if band == _band(age_on(last, day)):
            counts[band] += total
        else:
            split.append((first, last))
    if split:
        within = Q()
        for first, last in split:
            within |= Q(born__range=(first, last))
        for born, n in (_summaries(scope).filter(within).values("born").annotate(total=Count("pk"))
                        .values_list("born", "total")):
            counts[_band(age_on(born, day))] += n
    return BandCounts(day, {b.label: counts[b.label] for b in FINE_BANDS}, counts["unknown"], counts["adults"])


def _latest_batches(scope: Scope, arrivals: list[tuple[dt.date, str]]) -> list[Batch]:
    """The children of the latest flights, read from their summaries (a few dates of arrival)."""
    shown = arrivals[-FLIGHTS_SHOWN:]
    if not shown:
        return []
    rows = (_summaries(scope).filter(repatriated_on__in=sorted({d for d, _h in shown}))
            .order_by("case_id").values_list(*FIELDS))
    groups: dict[tuple[dt.date, str], list[ChildHistory]] = {key: [] for key in shown}
    for r in rows:
        h = summary_history(r)
        if h.repatriated_on is not None and (h.repatriated_on, h.host_country_id) in groups:
            groups[(h.repatriated_on, h.host_country_id)].append(h)
    return [Batch(d, host, children[0].host_country if children else "", tuple(children))
            for (d, host), children in groups.items() if children]


def counted_tallies(scope: Scope, day: dt.date) -> Tallies:
    stage: Counter[str] = Counter()
    host: Counter[str] = Counter()
    region: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    cells = (FigureCount.objects.filter(scope.cells, dimension__in=["sex", "kind"])
             .values("dimension", "host_country_id", "home_region_id", "stage_id", "value").annotate(total=Sum("n"))
             .values_list("dimension", "host_country_id", "home_region_id", "stage_id", "value", "total"))
    for dimension, h, r, s, value, n in cells:
        if dimension == "kind":
            kind[value] += n
            continue
        sex[value] += n
        stage[s] += n
        host[h] += n
        region[str(r) if r else ""] += n
    per_day: Counter[dt.date] = Counter()
    arrivals: Counter[tuple[dt.date, str]] = Counter()
    for value, n in (FigureCount.objects.filter(scope.rolled, dimension="home").values("value")
                     .annotate(total=Sum("n")).values_list("value", "total")):
        if n:
            day_text, _bar, country = value.partition("|")
            arrived = dt.date.fromisoformat(day_text)
            per_day[arrived] += n
            arrivals[(arrived, country)] += n
    series, running = [], 0
    for d in sorted(per_day):
        running += per_day[d]
        series.append((d, per_day[d], running))
    ordered = sorted(k for k, n in arrivals.items() if n)
    return Tallies(stage=stage, host_country=host, facility_kind=kind, region=region, sex=sex,
                   ages=age_bands(scope, day), repatriations=series, batches=_latest_batches(scope, ordered),
                   flights=len(ordered), total=sum(sex.values()))


def counted_figures(scope: Scope, day: dt.date, threshold: int | None) -> Figures:
    """What build_figures gives over the scope's cases, from the counts."""
    return figures_from(counted_tallies(scope, day), day, threshold)


def counted_as_of(scope: Scope, day: dt.date, host_country: str | None, country_name: str = "") -> FigureTable:
    """What as_of_table gives over the scope's cases, from one grouped query of their summaries."""
    still = (Q(opened_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))
             & (Q(closed_on__isnull=True) | Q(closed_on__gte=day)))
    rows = _summaries(scope).filter(still)
    if host_country:
        rows = rows.filter(host_country_id_code=host_country)
    present: Counter[tuple[str, dt.date | None]] = Counter()
    for s, born, n in rows.values("sex", "born").annotate(total=Count("pk")).values_list("sex", "born", "total"):
        present[(s, born)] += n
    return as_of_table_from(present, day, country_name)
