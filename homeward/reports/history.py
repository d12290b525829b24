"""Keeping the figures' summary of each case (reports.CaseSummary) in step with the case events.

Saving a case, one of its events, or its child refreshes that case's summary and its counts in the same transaction
(signals connected in ReportsConfig.ready); bulk loads call :func:`refresh` themselves. Figures
read the summary (:func:`summarised`), and any case found without one is summarised on the spot,
so a missed refresh costs time, never a wrong count of a missing case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from homeward.cases.models import Case, CaseEvent
from homeward.people.models import Person
from homeward.reports import memo
from homeward.reports.models import CaseSummary
from homeward.reports.queries import ChildHistory, histories_from_events

BATCH = 5000


def _row(h: ChildHistory) -> CaseSummary:
    return CaseSummary(case_id=h.case_id, host_country_id_code=h.host_country_id, host_country=h.host_country,
                       facility_kind=h.facility_kind, facility_city=h.facility_city,
                       home_region_id_value=h.home_region_id, stage_id_code=h.stage_id, sex=h.sex, born=h.born,
                       opened_on=h.opened_on, left_on=h.left_on, repatriated_on=h.repatriated_on,
                       closed_on=h.closed_on)


def _case(h: ChildHistory) -> int:
    return h.case_id


def summary_history(s: Any) -> ChildHistory:
    return ChildHistory(case_id=s[0], host_country_id=s[1], host_country=s[2], facility_kind=s[3],
                        facility_city=s[4], home_region_id=s[5], stage_id=s[6], sex=s[7], born=s[8],
                        opened_on=s[9], left_on=s[10], repatriated_on=s[11], closed_on=s[12])


FIELDS = ("case_id", "host_country_id_code", "host_country", "facility_kind", "facility_city",
          "home_region_id_value", "stage_id_code", "sex", "born", "opened_on", "left_on", "repatriated_on",
          "closed_on")


def refresh(case_ids: Iterable[int] | None = None) -> int:
    """Rebuild the summaries of these cases (every case when None) from their events, and move
    their counts (reports/counts.py) from the old summaries' cells to the new ones."""
    from homeward.reports import counts

    with transaction.atomic():
        if case_ids is None:
            CaseSummary.objects.all().delete()
            items = histories_from_events(Case.objects.all())
            CaseSummary.objects.bulk_create([_row(h) for h in items], batch_size=BATCH)
            counts.rebuild(items)
            memo.changed()
            return len(items)
        ids = sorted(set(case_ids))
        # the case rows' locks make two refreshes of one case take turns, so each moves the
        # counts from the summary the other left
        ids = list(Case.objects.filter(pk__in=ids).order_by("pk").select_for_update().values_list("pk", flat=True))
        old = [summary_history(r) for r in CaseSummary.objects.filter(case_id__in=ids).values_list(*FIELDS)]
        CaseSummary.objects.filter(case_id__in=ids).delete()
        items = histories_from_events(Case.objects.filter(pk__in=ids))
        CaseSummary.objects.bulk_create([_row(h) for h in items], batch_size=BATCH)
        counts.move(old, items)
        if sorted(old, key=_case) != sorted(items, key=_case):
            memo.changed()
    return len(items)


def summarised(cases: QuerySet[Case]) -> list[ChildHistory]:
    """The histories of ``cases`` from their summaries, summarising any case that has none."""
    missing = list(cases.filter(figures_summary__isnull=True).values_list("pk", flat=True))
    if missing:
        refresh(missing)
    rows = CaseSummary.objects.filter(case__in=cases.order_by().values("pk")).order_by("case_id").values_list(*FIELDS)
    return [summary_history(r) for r in rows]


def _now(case_id: int | None) -> None:
    # In the writer's own transaction: the counts move with the change or not at all, and a
    # figures page read after the commit finds them (a page reads the counts only).
    if case_id is not None:
        refresh([case_id])


def on_case_saved(sender: Any, instance: Case, **kwargs: Any) -> None:
    _now(instance.pk)


def on_event_changed(sender: Any, instance: CaseEvent, **kwargs: Any) -> None:
    _now(instance.case_id)


def on_person_saved(sender: Any, instance: Person, **kwargs: Any) -> None:
    if instance.kind == Person.Kind.CHILD:
        case_id = Case.objects.filter(child_id=instance.pk).values_list("pk", flat=True).first()
        _now(case_id)


def on_case_deleted(sender: Any, instance: Case, **kwargs: Any) -> None:
    """Take a deleted case out of the counts (its summary goes with it)."""
    from homeward.reports import counts

    old = [summary_history(r) for r in CaseSummary.objects.filter(case_id=instance.pk).values_list(*FIELDS)]
    counts.move(old, [])
    memo.changed()


def on_label_changed(sender: Any, **kwargs: Any) -> None:
    """A renamed stage or place changes the figures' labels, not their counts."""
    memo.changed()
