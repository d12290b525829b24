"""The programme's figures as tables: what the dashboard, the public page and the exports show.

Tables are built from case histories (``queries.histories``) and labelled for people; the views
decide whether a table is shown exactly or suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from homeward.cases.models import Stage
from homeward.places.models import Country, Facility, Region
from homeward.reports.queries import (
    BROAD_BANDS,
    FINE_BANDS,
    Band,
    BandCounts,
    Batch,
    ChildHistory,
    age_on,
    count_by_band,
    in_host_country,
    repatriation_batches,
    repatriations_by_date,
)
from homeward.reports.summaries import FlightSummary, flight_summaries
from homeward.reports.suppression import Status, suppress
from homeward.reports.tables import FigureTable, Row, one_column


def _children() -> str:
    return _("Children")


def _by(counts: Counter[str], choices: Sequence[tuple[str, str]], unknown: str) -> list[tuple[str, str, int]]:
    """Counts per choice, in the order given, then any value not among the choices."""
    counts = Counter({k: n for k, n in counts.items() if n})
    rows = [(k, label, counts.pop(k, 0)) for k, label in choices]
    for k, n in sorted(counts.items()):
        rows.append((k, unknown if not k else k, n))
    return rows


def by_stage(counts: Counter[str]) -> FigureTable:
    choices = [(s.code, str(s)) for s in Stage.objects.order_by("order")]
    return one_column("stage", _("Children by stage"), _("Stage"), _children(),
                      _by(counts, choices, _("unknown")), _("Total"))


def by_host_country(counts: Counter[str]) -> FigureTable:
    present = {k for k, n in counts.items() if n}
    choices = [(c.code, str(c)) for c in Country.objects.filter(is_host=True)]
    choices += [(c.code, str(c)) for c in Country.objects.filter(is_host=False, code__in=present)]
    return one_column("host_country", _("Children by host country"), _("Host country"), _children(),
                      _by(counts, choices, _("unknown")), _("Total"))


def by_facility_kind(counts: Counter[str]) -> FigureTable:
    choices = [(str(k), str(lab)) for k, lab in Facility.Kind.choices]
    return one_column("facility_kind", _("Children by kind of facility where found"), _("Facility"), _children(),
                      _by(counts, choices, _("not recorded")), _("Total"))


def by_region(counts: Counter[str]) -> FigureTable:
    """``counts`` by region id as text ("" for none)."""
    present = {int(k) for k, n in counts.items() if k and n}
    names = {r.pk: str(r) for r in Region.objects.filter(pk__in=present)}
    choices = sorted(((str(pk), name) for pk, name in names.items()), key=lambda c: c[1])
    return one_column("region", _("Children by home region"), _("Home region"), _children(),
                      _by(counts, choices, _("not recorded")), _("Total"))


def by_sex(counts: Counter[str]) -> FigureTable:
    choices = [("M", _("Boys")), ("F", _("Girls"))]
    return one_column("sex", _("Children by sex"), _("Sex"), _children(),
                      _by(counts, choices, _("not recorded")), _("Total"))


def by_age_band(counts: BandCounts) -> FigureTable:
    """Children by age on the day of ``counts`` in the fine bands, with those aged 18 or more and unknown."""
    rows = [(b.label, b.label, counts.counts[b.label]) for b in FINE_BANDS]
    if counts.adults:
        rows.append(("18+", _("18 or older"), counts.adults))
    if counts.unknown_age:
        rows.append(("unknown", _("birth date unknown"), counts.unknown_age))
    title = _("Children by age on %(date)s") % {"date": date_format(counts.day, "DATE_FORMAT")}
    return one_column("age_band", title, _("Age"), _children(), rows, _("Total"))


@dataclass(frozen=True)
class Tallies:
    """What the dashboard counts, however it was counted (from histories or from FigureCount)."""

    stage: Counter[str]
    host_country: Counter[str]
    facility_kind: Counter[str]
    region: Counter[str]
    sex: Counter[str]
    ages: BandCounts
    repatriations: list[tuple[dt.date, int, int]]
    batches: list[Batch]  # the latest FLIGHTS_SHOWN
    flights: int  # how many batches in all
    total: int


FLIGHTS_SHOWN = 20


def tallies(items: Sequence[ChildHistory], day: dt.date, flights_shown: int | None = FLIGHTS_SHOWN) -> Tallies:
    """The dashboard's counts from case histories, one by one (every flight when ``flights_shown`` is None)."""
    batches = repatriation_batches(items)
    return Tallies(
        stage=Counter(h.stage_id for h in items), host_country=Counter(h.host_country_id for h in items),
        facility_kind=Counter(h.facility_kind for h in items),
        region=Counter("" if h.home_region_id is None else str(h.home_region_id) for h in items),
        sex=Counter(h.sex for h in items), ages=count_by_band(items, day, FINE_BANDS),
        repatriations=repatriations_by_date(items), batches=batches[-flights_shown:] if flights_shown else batches, flights=len(batches),
        total=len(items))


def as_of_table(items: Sequence[ChildHistory], day: dt.date, host_country: str | None,
                country_name: str = "") -> FigureTable:
    """Children still in the host country on ``day``: fine bands with their broad subtotals, by sex.

    Subtotals (0-9, 10-17) are rows of the same table, so one suppression covers them all and no
    hidden band can be worked out as a subtotal minus the bands shown.
    """
    present = Counter((h.sex, h.born) for h in in_host_country(items, day, host_country))
    return as_of_table_from(present, day, country_name)


def as_of_table_from(present: Counter[tuple[str, dt.date | None]], day: dt.date, country_name: str = "") -> FigureTable:
    """The as-of table from the children still in the host country, counted by (sex, birth date)."""
    sexes = [("M", _("Boys")), ("F", _("Girls"))]
    if any(sex not in {"M", "F"} and n for (sex, _b), n in present.items()):
        sexes.append(("", _("not recorded")))
    rows: list[Row] = []
    fine_index: dict[str, int] = {}
    ages = [(sex, age_on(born, day), n) for (sex, born), n in present.items()]

    def values(select: Callable[[int | None], bool]) -> tuple[int, ...]:
        return tuple(sum(n for sex, age, n in ages if sex == s and select(age)) for s, _l in sexes)

    def in_band(band: Band) -> tuple[int, ...]:
        return values(lambda age: age in band)

    for broad in BROAD_BANDS:
        members = [b for b in FINE_BANDS if b.low >= broad.low and b.high <= broad.high]
        for band in members:
            fine_index[band.label] = len(rows)
            rows.append(Row(band.label, in_band(band), key=band.label))
        rows.append(Row(broad.label, in_band(broad), key=broad.label,
                        parts=tuple(fine_index[b.label] for b in members)))
    top = max(b.high for b in BROAD_BANDS)
    adults = values(lambda a: a is not None and a > top)
    if any(adults):
        rows.append(Row(_("18 or older"), adults, key="18+"))
    unknown = values(lambda a: a is None)
    if any(unknown):
        rows.append(Row(_("birth date unknown"), unknown, key="unknown"))
    where = country_name or _("a host country")
    title = _("Children still in %(where)s on %(date)s, by age on that date") % {
        "where": where, "date": date_format(day, "DATE_FORMAT")}
    return FigureTable(key="as_of", title=title, row_header=_("Age"), columns=tuple(lab for _s, lab in sexes),
                       rows=tuple(rows), total_label=_("Total"))


@dataclass(frozen=True)
class RepatriationPoint:
    day: dt.date
    count: int
    cumulative: int
    count_text: str
    cumulative_text: str
    count_shown: bool
    cumulative_shown: bool


def repatriation_series(items: Sequence[ChildHistory], threshold: int | None) -> list[RepatriationPoint]:
    """Children repatriated per date and in all, with small counts hidden when ``threshold`` is set."""
    return series_points(repatriations_by_date(items), threshold)


def series_points(series: Sequence[tuple[dt.date, int, int]], threshold: int | None) -> list[RepatriationPoint]:
    """The points of a (date, count, running total) series, with small counts hidden when ``threshold`` is set.

    A running total would give away a hidden day (this total minus the last), so a running total
    is shown only where the hidden days since the last running total shown are none or several;
    otherwise it is hidden too, and so are the running totals after a last lone hidden day.
    """
    if threshold is None:
        return [RepatriationPoint(d, n, c, str(n), str(c), True, True) for d, n, c in series]
    values = {i: n for i, (_d, n, _c) in enumerate(series)}
    total = len(series)
    # No grand total is shown (the last running total stands for it), so a day's count is hidden
    # only when it is small; the flight summaries then state the same counts as this table.
    status = suppress(values, [], threshold)
    hidden_days = [status[i] is not Status.SHOWN for i in range(total)]
    show_running = [False] * total
    pending = 0
    for i in range(total):
        pending += hidden_days[i]
        if pending != 1:
            show_running[i] = True
            pending = 0
    # Left over: at most one hidden day after the last running total shown; the running totals
    # after it stay hidden, so nothing shown gives it away.
    out = []
    for i, (d, n, c) in enumerate(series):
        count_text = str(n) if status[i] is Status.SHOWN else (f"<{threshold}" if status[i] is Status.PRIMARY else "x")
        cum_text = str(c) if show_running[i] else "x"
        out.append(RepatriationPoint(d, n, c, count_text, cum_text, status[i] is Status.SHOWN, show_running[i]))
    return out


def repatriations_table(points: Sequence[RepatriationPoint]) -> tuple[list[str], list[list[str | int]]]:
    """Header and rows of the repatriations table, as shown (for exports)."""
    header = [_("Date"), _("Children repatriated"), _("Total so far")]
    rows: list[list[str | int]] = [
        [p.day.isoformat(), p.count if p.count_shown else p.count_text,
         p.cumulative if p.cumulative_shown else p.cumulative_text]
        for p in points
    ]
    return header, rows


@dataclass
class Figures:
    """Everything the dashboard shows, built once per request."""

    day: dt.date
    tables: list[FigureTable]
    repatriations: list[RepatriationPoint]
    flights: list[FlightSummary]
    total: int
    flights_total: int = 0


def build_figures(items: Sequence[ChildHistory], day: dt.date, threshold: int | None,
                  flights_shown: int | None = FLIGHTS_SHOWN) -> Figures:
    """The dashboard's tables, series and flight summaries from every case's history; ``threshold``
    set for public figures; the latest ``flights_shown`` flights (all when None)."""
    return figures_from(tallies(items, day, flights_shown), day, threshold)


def figures_from(t: Tallies, day: dt.date, threshold: int | None) -> Figures:
    tables = [by_stage(t.stage), by_host_country(t.host_country), by_facility_kind(t.facility_kind),
              by_region(t.region), by_age_band(t.ages), by_sex(t.sex)]
    return Figures(
        day=day, tables=tables, repatriations=series_points(t.repatriations, threshold),
        flights=flight_summaries(t.batches, threshold=threshold), total=t.total, flights_total=t.flights,
    )


__all__ = ["Band", "Figures", "as_of_table", "build_figures", "repatriation_series", "repatriations_table"]
