"""After arrival: the handover to a guardian, follow-up visits, and closing the case.

Each action is one transaction with its audit entry and checks the actor's permission for the
case: handover and follow-up are the national office's and the regional services' work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.aftercare.access import HAND_OVER, VISIT
from homeward.aftercare.models import FollowUpVisit, Handover
from homeward.aftercare.queries import regional_agency_for
from homeward.audit.log import record
from homeward.cases import actions as case_actions
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.core.locking import lock_row
from homeward.errors import ActionError
from homeward.movements.errors import Refused
from homeward.movements.queries import arrival_flight, child_label
from homeward.people.models import FamilyLink, Person

ADULT_AGE = 18


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def guardian_problems(case: Case, guardian: Person, relation: str, on: dt.date) -> tuple[list[str], str]:
    """Every reason ``guardian`` may not receive the child on ``on``, and the relation to record."""
    reasons: list[str] = []
    child = case.child
    name = guardian.display_name
    if guardian.pk == child.pk:
        return [_("A child cannot be handed over to themself.")], relation
    if guardian.is_deceased:
        reasons.append(_("%(name)s is recorded as deceased.") % {"name": name})
    if guardian.detention_status in {Person.Detention.DETAINED, Person.Detention.SENTENCED}:
        reasons.append(_("%(name)s is recorded as %(status)s.") % {"name": name,
                                                                 "status": guardian.get_detention_status_display()})
    age = guardian.age_on(on)
    if age is None:
        reasons.append(_("The age of %(name)s is not known: a guardian must be shown to be an adult.") % {"name": name})
    elif age < ADULT_AGE:
        reasons.append(_("%(name)s is %(age)s: a guardian must be at least %(adult)s.")
                       % {"name": name, "age": age, "adult": ADULT_AGE})
    links = list(FamilyLink.objects.filter(person=child, relative=guardian))
    established = [link for link in links if link.is_established]
    if not links:
        reasons.append(_("No family link is recorded between %(name)s and %(child)s.")
                       % {"name": name, "child": child_label(case)})
    elif not established:
        reasons.append(
            _("The family link of %(name)s to %(child)s is only %(status)s: it must be DNA-verified or documented.")
            % {"name": name, "child": child_label(case), "status": links[0].get_status_display()}
        )
    elif relation and relation not in {link.relation for link in established}:
        reasons.append(_("%(name)s is recorded as the %(recorded)s of the child, not the %(given)s.")
                       % {"name": name, "recorded": established[0].get_relation_display(),
                          "given": FamilyLink.Relation(relation).label if relation in FamilyLink.Relation.values
                          else relation})
    if established and not relation:
        relation = established[0].relation
    return reasons, relation


@transaction.atomic
def hand_over(
    *, actor: Any, case: Case, guardian: Person, relation: str = "", identity_document: str,
    signed_at: dt.datetime, place: str = "", official_name: str = "", notes: str = "",
) -> Handover:
    """Hand a repatriated child to an adult relative whose link is DNA-verified or documented.

    Moves the case to "handed over" and passes it from the national office to the home region's
    agency (the child's region or the nearest region above it that has one). Refusals name every
    reason and change nothing.
    """
    case = lock_row(Case, case.pk, "child", "stage", "home_region", "owner")
    require_case(actor, HAND_OVER, case)
    reasons: list[str] = []
    if case.stage_id != "repatriated":
        reasons.append(_("%(child)s is at stage “%(stage)s”: a child is handed over after arrival home.")
                       % {"child": child_label(case), "stage": case.stage.name})
    if Handover.objects.filter(case=case).exists():
        reasons.append(_("%(child)s has already been handed over.") % {"child": child_label(case)})
    problems, relation = guardian_problems(case, guardian, relation, timezone.localdate(signed_at)
                                           if timezone.is_aware(signed_at) else signed_at.date())
    reasons += problems
    if not identity_document.strip():
        reasons.append(_("Record the guardian's identity document (type and number)."))
    agency = regional_agency_for(case)
    if agency is None:
        region = case.home_region.name if case.home_region else _("(no home region recorded)")
        reasons.append(_("No regional office is registered for %(region)s or the regions above it, so nobody "
                         "could take the case over.") % {"region": region})
    if reasons:
        raise Refused(reasons)
    assert agency is not None
    case_actions.transition(
        actor=actor, case=case, target="handed_over", occurred_at=signed_at, system=True,
        reason=_("handed over to %(name)s (%(relation)s)") % {"name": guardian.display_name, "relation": relation},
    )
    case_actions.pass_ownership(actor=actor, case=case, agency=agency, occurred_at=signed_at,
                                reason=_("handover to the guardian"))
    handover = Handover.objects.create(
        case=case, flight=arrival_flight(case), guardian=guardian, relation=relation,
        identity_document=identity_document.strip(), signed_at=signed_at, place=place.strip(),
        official_name=official_name.strip(), receiving_agency=agency, notes=notes.strip(), recorded_by=_user(actor),
    )
    record(actor=actor, action="aftercare.handover.signed", obj=handover, case_id=case.pk,
           data={"guardian": guardian.pk, "relation": relation, "agency": agency.pk})
    return handover


@transaction.atomic
def start_follow_up(*, actor: Any, case: Case, first_visit_on: dt.date | None = None) -> Case:
    """Move a handed-over case to follow-up, scheduling its first visit if a date is given."""
    require_case(actor, VISIT, case)
    try:
        case = case_actions.transition(actor=actor, case=case, target="follow_up", system=True,
                                       reason=_("follow-up started"))
    except ActionError as exc:
        raise Refused([exc.message]) from exc
    if first_visit_on is not None:
        schedule_visit(actor=actor, case=case, scheduled_for=first_visit_on)
    return case


@transaction.atomic
def schedule_visit(*, actor: Any, case: Case, scheduled_for: dt.date) -> FollowUpVisit:
    """Schedule a follow-up visit to a child at home."""
    require_case(actor, VISIT, case)
    stage = Case.objects.filter(pk=case.pk).values_list("stage_id", flat=True).first()
    if stage not in {"handed_over", "follow_up"}:
        raise Refused([_("Visits are scheduled for children handed over to their families; %(child)s is at "
                         "stage %(stage)s.") % {"child": child_label(case), "stage": stage}])
    visit = FollowUpVisit.objects.create(case=case, scheduled_for=scheduled_for)
    record(actor=actor, action="aftercare.visit.scheduled", obj=visit, case_id=case.pk,
           data={"scheduled_for": scheduled_for.isoformat()})
    return visit


@transaction.atomic
def record_visit(
    *, actor: Any, visit: FollowUpVisit, done_on: dt.date, school: str = "", health: str = "",
    benefits: str = "", notes: str = "", today: dt.date | None = None,
) -> FollowUpVisit:
    """Write up a visit: when it was done, school, health, benefits, notes."""
    today = today or timezone.localdate()
    if done_on > today:
        raise ActionError(_("A visit cannot be recorded as done in the future."),
                          field_errors={"done_on": [_("In the future.")]})
    visit = FollowUpVisit.objects.select_for_update().select_related("case").get(pk=visit.pk)
    require_case(actor, VISIT, visit.case)
    visit.done_on = done_on
    visit.visitor = _user(actor)
    visit.school, visit.health, visit.benefits, visit.notes = (
        school.strip(), health.strip(), benefits.strip(), notes.strip())
    visit.save()
    record(actor=actor, action="aftercare.visit.recorded", obj=visit, case_id=visit.case_id,
           data={"done_on": done_on.isoformat()})
    return visit


@transaction.atomic
def close_case(*, actor: Any, case: Case, reason: str) -> Case:
    """Close a case, with the reason, through the workflow's own transition."""
    require_case(actor, VISIT, case)
    if not reason.strip():
        raise ActionError(_("Say why the case is closed."), field_errors={"reason": [_("This field is required.")]})
    try:
        case = case_actions.transition(actor=actor, case=case, target="closed", reason=reason.strip(), system=True)
    except ActionError as exc:
        raise Refused([exc.message]) from exc
    Case.objects.filter(pk=case.pk).update(closing_reason=reason.strip()[:300])
    case.closing_reason = reason.strip()[:300]
    record(actor=actor, action="aftercare.case.closed", obj=case, case_id=case.pk, data={"reason": reason.strip()})
    return case
