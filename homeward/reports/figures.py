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
    ChildHistory,
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


def _by(items: Sequence[ChildHistory], key: Callable[[ChildHistory], str],
        choices: Sequence[tuple[str, str]], unknown: str) -> list[tuple[str, str, int]]:
    """Counts per choice, in the order given, then any value not among the choices."""
    counts = Counter(key(h) for h in items)
    rows = [(k, label, counts.pop(k, 0)) for k, label in choices]
    for k, n in sorted(counts.items()):
        rows.append((k, unknown if not k else k, n))
    return rows


def by_stage(items: Sequence[ChildHistory]) -> FigureTable:
    choices = [(s.code, str(s)) for s in Stage.objects.order_by("order")]
    return one_column("stage", _("Children by stage"), _("Stage"), _children(),
                      _by(items, lambda h: h.stage_id, choices, _("unknown")), _("Total"))


def by_host_country(items: Sequence[ChildHistory]) -> FigureTable:
    present = {h.host_country_id for h in items}
    choices = [(c.code, str(c)) for c in Country.objects.filter(is_host=True)]
    choices += [(c.code, str(c)) for c in Country.objects.filter(is_host=False, code__in=present)]
    return one_column("host_country", _("Children by host country"), _("Host country"), _children(),
                      _by(items, lambda h: h.host_country_id, choices, _("unknown")), _("Total"))


def by_facility_kind(items: Sequence[ChildHistory]) -> FigureTable:
    choices = [(str(k), str(lab)) for k, lab in Facility.Kind.choices]
    return one_column("facility_kind", _("Children by kind of facility where found"), _("Facility"), _children(),
                      _by(items, lambda h: h.facility_kind, choices, _("not recorded")), _("Total"))


def by_region(items: Sequence[ChildHistory]) -> FigureTable:
    present = {h.home_region_id for h in items if h.home_region_id is not None}
    names = {r.pk: str(r) for r in Region.objects.filter(pk__in=present)}
    choices = sorted(((str(pk), name) for pk, name in names.items()), key=lambda c: c[1])
    rows = _by(items, lambda h: "" if h.home_region_id is None else str(h.home_region_id), choices,
               _("not recorded"))
    return one_column("region", _("Children by home region"), _("Home region"), _children(), rows, _("Total"))


def by_sex(items: Sequence[ChildHistory]) -> FigureTable:
    choices = [("M", _("Boys")), ("F", _("Girls"))]
    return one_column("sex", _("Children by sex"), _("Sex"), _children(),
                      _by(items, lambda h: h.sex, choices, _("not recorded")), _("Total"))


def by_age_band(items: Sequence[ChildHistory], day: dt.date) -> FigureTable:
    """Children by age on ``day`` in the fine bands, with those aged 18 or more and unknown."""
    counts = count_by_band(items, day, FINE_BANDS)
    rows = [(b.label, b.label, counts.counts[b.label]) for b in FINE_BANDS]
    if counts.adults:
        rows.append(("18+", _("18 or older"), counts.adults))
    if counts.unknown_age:
        rows.append(("unknown", _("birth date unknown"), counts.unknown_age))
    title = _("Children by age on %(date)s") % {"date": date_format(day, "DATE_FORMAT")}
    return one_column("age_band", title, _("Age"), _children(), rows, _("Total"))


def as_of_table(items: Sequence[ChildHistory], day: dt.date, host_country: str | None,
                country_name: str = "") -> FigureTable:
    """Children still in the host country on ``day``: fine bands with their broad subtotals, by sex.

    Subtotals (0-9, 10-17) are rows of the same table, so one suppression covers them all and no
    hidden band can be worked out as a subtotal minus the bands shown.
    """
    present = in_host_country(items, day, host_country)
    sexes = [("M", _("Boys")), ("F", _("Girls"))]
    if any(h.sex not in {"M", "F"} for h in present):
        sexes.append(("", _("not recorded")))
    rows: list[Row] = []
    fine_index: dict[str, int] = {}

    def values(select: Callable[[int | None], bool]) -> tuple[int, ...]:
        return tuple(sum(1 for h in present if h.sex == s and select(h.age_on(day))) for s, _l in sexes)

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
    """Children repatriated per date and in all, with small counts hidden when ``threshold`` is set.

    A running total would give away a hidden day (this total minus the last), so a running total
    is shown only where the hidden days since the last running total shown are none or several;
    otherwise it is hidden too, and so are the running totals after a last lone hidden day.
    """
    series = repatriations_by_date(items)
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


def build_figures(items: Sequence[ChildHistory], day: dt.date, threshold: int | None) -> Figures:
    """The dashboard's tables, series and flight summaries; ``threshold`` set for public figures."""
    tables = [by_stage(items), by_host_country(items), by_facility_kind(items), by_region(items),
              by_age_band(items, day), by_sex(items)]
    return Figures(
        day=day, tables=tables, repatriations=repatriation_series(items, threshold),
        flights=flight_summaries(repatriation_batches(items), threshold=threshold), total=len(items),
    )


__all__ = ["Band", "Figures", "as_of_table", "build_figures", "repatriation_series", "repatriations_table"]
