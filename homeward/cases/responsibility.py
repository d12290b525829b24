"""Who answers for a case: the caseworker it is assigned to, and referrals between agencies.

A case is owned by one agency (``Case.owner``) and assigned to a named caseworker of it
(``Case.assignee``). The owning agency may offer the case to another agency whose jurisdiction
reaches it (a referral); the receiving agency accepts it, taking ownership and naming its own
caseworker, or declines with a reason, and the case stays where it was.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.models import Agency, User
from homeward.accounts.policy import FLIGHT_STAGES, Reach
from homeward.audit.log import record
from homeward.cases.access import case_in, require_case
from homeward.cases.models import Case, CaseEvent, Referral
from homeward.core.locking import lock_row
from homeward.errors import ActionError


def agency_reaches(agency: Agency, case: Case, tree: list[tuple[int, int | None]] | None = None) -> bool:
    """Whether ``agency``'s jurisdiction covers ``case`` (so its staff could work on it); ``tree``:
    the regions (Region.tree()), for a caller asking about many agencies."""
    reach = policy.jurisdiction(agency)
    if reach is Reach.EVERYTHING:
        return True
    if reach is Reach.HOST_COUNTRY:
        return case.host_country_id == agency.host_country_id
    if reach is Reach.REGION:
        assert agency.region is not None
        return case.home_region_id in agency.region.descendant_ids(tree)
    if reach is Reach.FLIGHT_STAGES:
        return case.stage_id in FLIGHT_STAGES
    return False


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _speaks_for(actor: Any, agency_id: int) -> bool:
    """The system, a superuser, the national office, or a member of the agency itself."""
    user = _user(actor)
    if actor is None or (user is not None and user.is_superuser):
        return True
    if user is None or user.agency is None:
        return False
    return bool(user.agency_id == agency_id or user.agency.kind == Agency.Kind.NATIONAL)


def _check_assignee(case: Case, assignee: User) -> None:
    if not assignee.is_active or assignee.agency_id != case.owner_id:
        raise ActionError(_("A case is assigned to an active member of its owning agency (%(agency)s).")
                          % {"agency": case.owner}, field_errors={"assignee": [_("Not of the owning agency.")]})
    grant = policy.grant(assignee, "cases.case.view")
    if grant is None or not case_in(grant, case):
        raise ActionError(_("%(user)s cannot open this case, so cannot answer for it.") % {"user": assignee},
                          field_errors={"assignee": [_("Cannot see this case.")]})


def _set_assignee(actor: Any, case: Case, assignee: User | None, reason: str = "") -> Case:
    old = case.assignee
    Case.objects.filter(pk=case.pk).update(assignee=assignee, version=F("version") + 1)
    case.refresh_from_db()
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.EDIT, occurred_at=timezone.now(), actor=_user(actor),
                             reason=reason, data={"changes": {"assignee": [str(old or ""), str(assignee or "")]}})
    record(actor=actor, action="cases.case.assigned" if assignee else "cases.case.unassigned", obj=case,
           case_id=case.pk, data={"from": old.username if old else None,
                                  "to": assignee.username if assignee else None, "reason": reason})
    return case


@transaction.atomic
def assign_case(*, actor: Any, case: Case, assignee: User | None, reason: str = "") -> Case:
    """Assign (or reassign, or with ``None`` release) the case to a caseworker of its owning agency."""
    locked = lock_row(Case, case.pk, "owner", "assignee")
    require_case(actor, "cases.case.assign", locked)
    if not _speaks_for(actor, locked.owner_id):
        raise ActionError(_("Only the owning agency (%(agency)s) assigns this case.") % {"agency": locked.owner})
    if assignee is not None:
        _check_assignee(locked, assignee)
    if assignee == locked.assignee:
        return locked
    return _set_assignee(actor, locked, assignee, reason)


@transaction.atomic
def refer_case(*, actor: Any, case: Case, to_agency: Agency, reason: str) -> Referral:
    """Offer the case to another agency; nothing changes hands until that agency accepts."""
    locked = lock_row(Case, case.pk, "owner")
    require_case(actor, "cases.referral.send", locked)
    if not _speaks_for(actor, locked.owner_id):
        raise ActionError(_("Only the owning agency (%(agency)s) refers this case.") % {"agency": locked.owner})
    if to_agency.pk == locked.owner_id:
        raise ActionError(_("The case is already owned by %(agency)s.") % {"agency": to_agency},
                          field_errors={"to_agency": [_("Already the owner.")]})
    if not agency_reaches(to_agency, locked):
        raise ActionError(_("%(agency)s does not work on cases like this one (host country, region or stage).")
                          % {"agency": to_agency}, field_errors={"to_agency": [_("Outside its jurisdiction.")]})
    if not reason.strip():
        raise ActionError(_("A referral needs a reason."), field_errors={"reason": [_("This field is required.")]})
    if Referral.objects.filter(case=locked, status=Referral.Status.SENT).exists():
        raise ActionError(_("This case already has a referral waiting for an answer."),
                          field_errors={"to_agency": [_("A referral is open.")]})
    referral = Referral.objects.create(case=locked, from_agency_id=locked.owner_id, to_agency=to_agency,
                                       reason=reason.strip(), sent_by=_user(actor))
    record(actor=actor, action="cases.referral.sent", obj=referral, case_id=locked.pk,
           data={"from": locked.owner_id, "to": to_agency.pk, "reason": reason.strip()})
    return referral


def _open_referral(actor: Any, referral_id: int) -> Referral:
    policy.require(actor, "cases.referral.decide")
    list(Referral.objects.select_for_update().filter(pk=referral_id).values_list("pk", flat=True))
    referral = Referral.objects.select_related("case", "case__owner", "to_agency").get(pk=referral_id)
    user = _user(actor)
    if actor is not None and not (user is not None and (user.is_superuser or user.agency_id == referral.to_agency_id)):
        raise ActionError(_("Only %(agency)s answers this referral.") % {"agency": referral.to_agency})
    if referral.status != Referral.Status.SENT:
        raise ActionError(_("This referral was already answered (%(status)s).")
                          % {"status": referral.get_status_display()})
    return referral


@transaction.atomic
def accept_referral(*, actor: Any, referral: Referral, assignee: User | None = None, answer: str = "") -> Referral:
    """The receiving agency takes the case over and names the caseworker who answers for it."""
    from homeward.cases.actions import pass_ownership

    referral = _open_referral(actor, referral.pk)
    case = lock_row(Case, referral.case_id, "owner")
    case = pass_ownership(actor=actor, case=case, agency=referral.to_agency,
                          reason=_("Referral accepted: %(reason)s") % {"reason": referral.reason})
    if assignee is not None:
        _check_assignee(case, assignee)
        _set_assignee(actor, case, assignee, _("assigned on accepting the referral"))
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACCEPTED, decided_by=_user(actor),
                                                   decided_at=timezone.now(), answer=answer.strip())
    referral.refresh_from_db()
    record(actor=actor, action="cases.referral.accepted", obj=referral, case_id=case.pk,
           data={"to": referral.to_agency_id, "assignee": assignee.username if assignee else None})
    return referral


@transaction.atomic
def decline_referral(*, actor: Any, referral: Referral, answer: str) -> Referral:
    """The receiving agency declines, saying why; the case stays with its owner."""
    referral = _open_referral(actor, referral.pk)
    if not answer.strip():
        raise ActionError(_("Declining a referral needs a reason."),
                          field_errors={"answer": [_("This field is required.")]})
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DECLINED, decided_by=_user(actor),
                                                   decided_at=timezone.now(), answer=answer.strip())
    referral.refresh_from_db()
    record(actor=actor, action="cases.referral.declined", obj=referral, case_id=referral.case_id,
           data={"to": referral.to_agency_id, "answer": answer.strip()})
    return referral


# Reads -----------------------------------------------------------------------------------------

def my_cases(user: Any) -> QuerySet[Case]:
    """The open cases assigned to ``user`` that the user can still see."""
    from homeward.cases.access import cases_visible_to

    return cases_visible_to(user).exclude(stage__is_terminal=True).filter(assignee=user)


def unassigned_cases(user: Any) -> QuerySet[Case]:
    """The open cases of the user's agency that no one answers for yet."""
    from homeward.cases.access import cases_visible_to

    return cases_visible_to(user).exclude(stage__is_terminal=True).filter(owner_id=getattr(user, "agency_id", None), assignee__isnull=True)


def referrals_waiting(user: Any) -> QuerySet[Referral]:
    """Referrals sent to the user's agency, waiting for its answer."""
    return Referral.objects.filter(to_agency_id=getattr(user, "agency_id", None),
                                   status=Referral.Status.SENT).select_related("case", "from_agency", "sent_by")


def agency_load() -> list[dict[str, Any]]:
    """Each agency's open cases: owned, assigned, unassigned, and referrals waiting for it."""
    rows = (Agency.objects.annotate(
        owned=Count("cases", filter=~Q(cases__stage__is_terminal=True), distinct=True),
        unassigned=Count("cases", filter=~Q(cases__stage__is_terminal=True) & Q(cases__assignee__isnull=True),
                         distinct=True),
        waiting=Count("referrals_in", filter=Q(referrals_in__status=Referral.Status.SENT), distinct=True),
    ).order_by("name"))
    per_user = dict(Case.objects.active().filter(assignee__isnull=False).values_list("owner_id").annotate(
        n=Count("assignee", distinct=True)).values_list("owner_id", "n"))
    return [{"agency": a, "owned": a.owned, "assigned": a.owned - a.unassigned, "unassigned": a.unassigned,
             "waiting": a.waiting, "caseworkers": per_user.get(a.pk, 0)} for a in rows]
