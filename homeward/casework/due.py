"""What is due on cases: checks with a due date (data on the requirement), follow-up visits, and
children reaching the host country's age limit. Read for one case, a caseworker or an agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from homeward.aftercare.models import FollowUpVisit
from homeward.cases.models import Case, CaseCheck
from homeward.cases.workflow import age_limit_alerts, age_limits, all_requirements, applies_to


def soon_days() -> int:
    return int(getattr(settings, "HOMEWARD", {}).get("DUE_SOON_DAYS", 14))


@dataclass(frozen=True)
class Task:
    case: Case
    what: str
    due_on: dt.date
    kind: str  # check, visit, age_limit

    def overdue(self, today: dt.date) -> bool:
        return self.due_on < today

    def state(self, today: dt.date) -> str:
        return "overdue" if self.overdue(today) else "due"


def tasks_for(cases: QuerySet[Case], *, today: dt.date, horizon_days: int | None = None) -> list[Task]:
    """Everything open on ``cases`` due by today + horizon (overdue first, then by date)."""
    loaded = cases.exclude(stage__is_terminal=True).select_related("child", "stage", "facility")
    return tasks_of(list(loaded), today=today, horizon_days=horizon_days)


def tasks_of(cases: list[Case], *, today: dt.date, horizon_days: int | None = None) -> list[Task]:
    """What tasks_for gives for ``cases`` already read with their child, stage and facility (the
    case page has its case: it is not read again)."""
    horizon = today + dt.timedelta(days=soon_days() if horizon_days is None else horizon_days)
    by_id = {c.pk: c for c in cases if not c.stage.is_terminal}
    tasks: list[Task] = []
    timed = [r for r in all_requirements() if r.due_days is not None]
    if timed and by_id:
        done = set(CaseCheck.objects.filter(case_id__in=by_id, requirement__in=timed, done=True)
                   .values_list("case_id", "requirement_id"))
        for case in by_id.values():
            if case.identified_on is None:
                continue
            applies = applies_to(case)
            for req in timed:
                if req.host_country_id not in (None, case.host_country_id) or req.applies not in applies:
                    continue
                if req.stage.order <= case.stage.order or (case.pk, req.pk) in done:
                    continue
                due = case.identified_on + dt.timedelta(days=req.due_days or 0)
                if due <= horizon:
                    tasks.append(Task(case, str(req.label), due, "check"))
    if not by_id:
        return tasks
    visits = FollowUpVisit.objects.filter(case_id__in=by_id, done_on__isnull=True, scheduled_for__lte=horizon)
    for visit in visits:
        tasks.append(Task(by_id[visit.case_id], _("Follow-up visit"), visit.scheduled_for, "visit"))
    limits = age_limits()
    held = [c for c in by_id.values() if c.host_country_id in limits and c.facility is not None
            and c.facility.kind == "prison"]
    for alert in age_limit_alerts(held, limits, within_days=(horizon - today).days, today=today):
        tasks.append(Task(alert.case, _("Reaches the host country's age limit (%(age)s) with the mother in prison")
                          % {"age": alert.limit}, alert.reaches_on, "age_limit"))
    return sorted(tasks, key=lambda t: (t.due_on, t.case.reference))


def case_tasks(case: Case, today: dt.date) -> list[Task]:
    return tasks_of([case], today=today)


def user_tasks(user: Any, cases: QuerySet[Case], today: dt.date) -> list[Task]:
    """What is due on the cases assigned to ``user``."""
    return tasks_for(cases.filter(assignee=user), today=today)


def agency_tasks(agency_id: int | None, cases: QuerySet[Case], today: dt.date) -> list[Task]:
    """What is due on the cases the agency owns."""
    return tasks_for(cases.filter(owner_id=agency_id), today=today)
