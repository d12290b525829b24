"""Demo records for handovers and follow-up visits, attached to the cases the demo created.

Cases whose history says they were handed over get their handover record (to the first adult,
free, established relative), cases in follow-up a done visit and a next one. Each record gets
the audit entry its action would have written. Case stages are never changed here; running it
again adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from homeward.accounts.models import Agency
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.aftercare.queries import regional_agency_for
from homeward.audit.log import record, record_many
from homeward.cases.models import Case, CaseEvent
from homeward.movements.models import FlightPassenger, PassengerStatus
from homeward.people.models import FamilyLink


def _handovers() -> int:
    """Handover records for cases whose history says they were handed over."""
    events = list(CaseEvent.objects.filter(kind=CaseEvent.Kind.TRANSITION, target_stage_id="handed_over")
              .exclude(case__handover__isnull=False).select_related("case", "case__child", "case__owner",
                                                                    "case__home_region"))
    # each child's links and boarded flight, read once for all the cases
    links: dict[int, list[FamilyLink]] = defaultdict(list)
    for link in FamilyLink.objects.filter(person_id__in={e.case.child_id for e in events}).select_related(
            "relative").order_by("id"):
        links[link.person_id].append(link)
    flights: dict[int, int] = {}
    for case_id, flight_id in FlightPassenger.objects.filter(
            case_id__in={e.case_id for e in events}, status=PassengerStatus.BOARDED).values_list(
            "case_id", "flight_id"):
        flights.setdefault(case_id, flight_id)  # the first in the rows' own order, as .first() took
    made = []
    for event in events:
        case = event.case
        day = timezone.localdate(event.occurred_at)
        guardian_link = None
        for link in links[case.child_id]:
            age = link.relative.age_on(day)
            free = link.relative.detention_status not in {"detained", "sentenced"}
            if link.is_established and free and not link.relative.is_deceased and age is not None and age >= 18:
                guardian_link = link
                break
        agency = case.owner if case.owner.kind == Agency.Kind.REGIONAL else regional_agency_for(case)
        if guardian_link is None or agency is None:
            continue
        made.append(Handover(
            case=case, flight_id=flights.get(case.pk), guardian=guardian_link.relative,
            relation=guardian_link.relation, identity_document="national passport", signed_at=event.occurred_at,
            place=case.home_region.name if case.home_region else "", receiving_agency=agency,
        ))
    record_many(dict(actor=None, action="aftercare.handover.signed", obj=handover, case_id=handover.case_id,
                     data={"guardian": handover.guardian_id, "relation": handover.relation,
                           "agency": handover.receiving_agency_id, "demo": True})
                for handover in Handover.objects.bulk_create(made))
    return len(made)


def _visits(rng: random.Random, today: dt.date) -> int:
    """A done visit and a next one for each case in follow-up; some of the next ones overdue."""
    made = []
    cases = list(Case.objects.filter(stage_id="follow_up").exclude(follow_up_visits__isnull=False))
    starts: dict[int, dt.datetime] = {}  # the first entry into follow-up, as the events are ordered
    for case_id, when in CaseEvent.objects.filter(case__in=cases, target_stage_id="follow_up").order_by(
            "occurred_at", "id").values_list("case_id", "occurred_at"):
        starts.setdefault(case_id, when)
    for case in cases:
        start = starts.get(case.pk)
        began = timezone.localdate(start) if start else today - dt.timedelta(days=60)
        first = began + dt.timedelta(days=rng.randint(20, 40))
        if first < today:
            made.append(FollowUpVisit(case=case, scheduled_for=first, done_on=first + dt.timedelta(days=rng.randint(0, 3)),
                                      school="enrolled", health="good", benefits="survivor's pension granted"))
        # About one in eight next visits is already late: the overdue list has something to show.
        late = rng.random() < 0.125
        nxt = today - dt.timedelta(days=rng.randint(5, 40)) if late else today + dt.timedelta(days=rng.randint(7, 90))
        made.append(FollowUpVisit(case=case, scheduled_for=nxt))
    record_many(dict(actor=None, action="aftercare.visit.scheduled", obj=visit, case_id=visit.case_id,
                     data={"scheduled_for": visit.scheduled_for.isoformat(), "demo": True})
                for visit in FollowUpVisit.objects.bulk_create(made))
    return len(made)


@transaction.atomic
def populate_demo(rng: random.Random, actor: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Attach handovers and follow-up visits to the demo's existing cases."""
    today = today or timezone.localdate()
    summary = {"handovers": _handovers(), "visits": _visits(rng, today)}
    record(actor=actor, action="aftercare.demo.populated", data=summary)
    return summary
