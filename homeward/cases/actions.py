"""Every change of a case's state. Each action is one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.cases import hooks
from homeward.cases.access import case_in, require_case
from homeward.cases.models import Case, CaseCheck, CaseEvent, CaseNote, Requirement, Stage
from homeward.cases.workflow import requirements_for, transitions_from, unmet
from homeward.core.locking import attname, lock_at_version, lock_row, write_at_version
from homeward.errors import ActionError, ConflictError, Forbidden, TransitionRefused
from homeward.people.models import Person
from homeward.people.searchkeys import attach_cases

CASE_FIELDS = {"host_country", "facility", "home_region", "identified_on", "summary"}


def _next_reference(year: int) -> str:
    prefix = f"HW-{year}-"
    last = Case.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def open_case(
    *, actor: Any, child: Person, host_country_id: str, owner: Agency, facility_id: int | None = None,
    home_region_id: int | None = None, identified_on: dt.date | None = None, summary: str = "",
    occurred_at: dt.datetime | None = None, reference: str | None = None,
) -> Case:
    """Open the case of a child found abroad, at the first stage.

    The actor must hold ``cases.case.open`` for the new case (a consular section opens cases in
    its own host country only).
    """
    found = policy.require(actor, "cases.case.open")
    probe = Case(host_country_id=host_country_id, home_region_id=home_region_id or child.home_region_id,
                 stage_id="identified")
    if not case_in(found, probe):
        raise Forbidden(_("Your office may not open cases in this host country or region."))
    if child.kind != Person.Kind.CHILD:
        raise ActionError(_("Only a child can have a case."), field_errors={"child": [_("Not a child.")]})
    if Case.objects.filter(child=child).exists():
        raise ActionError(_("This child already has a case."), field_errors={"child": [_("Already has a case.")]})
    first = Stage.objects.order_by("order").first()
    if first is None:
        raise ActionError(_("The workflow has no stages: load the workflow data first."))
    when = occurred_at or timezone.now()
    case = Case.objects.create(
        reference=reference or _next_reference(when.year), child=child, host_country_id=host_country_id,
        facility_id=facility_id, home_region_id=home_region_id or child.home_region_id, stage=first,
        owner=owner, identified_on=identified_on or when.date(), summary=summary,
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED, occurred_at=when, actor=_user(actor),
                             target_stage=first)
    attach_cases([child.pk])  # the child's search keys now lead to the case
    record(actor=actor, action="cases.case.opened", obj=case, case_id=case.pk)
    _tell_tracing(case.pk, actor)
    return case


def _tell_tracing(case_id: int, actor: Any) -> None:
    """Tell the domains built on cases (tracing matches the child again once this commits)."""
    hooks.case_changed(case_id, actor)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def set_check(
    *, actor: Any, case: Case, code: str, done: bool = True, reference: str = "",
    document_date: dt.date | None = None, note: str = "", occurred_at: dt.datetime | None = None,
    system: bool = False,
) -> CaseCheck:
    """Tick (or withdraw) one check of the case's workflow, with its document reference and date.

    Only the roles the requirement names (data of the workflow) tick it by hand; ``system`` is for
    the actions that tick automatic checks from their own records (a kinship conclusion).
    """
    require_case(actor, "cases.check.tick", case)
    requirement = _requirement(case, code)
    if not system and not requirement.automatic and not policy.may_take(actor, requirement.roles):
        raise Forbidden(_("Your role may not tick “%(label)s”.") % {"label": str(requirement)})
    if requirement.automatic and not system:
        raise ActionError(
            _("“%(label)s” is ticked by the system from its own records, not by hand.") % {"label": str(requirement)},
            field_errors={"code": [_("Ticked by the system.")]},
        )
    if done and requirement.needs_reference and not reference.strip():
        raise ActionError(
            _("“%(label)s” needs the document's reference number.") % {"label": str(requirement)},
            field_errors={"reference": [_("This field is required.")]},
        )
    # The documents and signed forms a check needs are asked of people ticking it by hand; the
    # system ticks from its own records (a kinship conclusion, a data migration).
    obstacles = [] if system else hooks.check_obstacles(case, requirement, done)
    if obstacles:
        raise ActionError(" ".join(obstacles), field_errors={"code": obstacles})
    when = occurred_at or timezone.now()
    check, _created = CaseCheck.objects.select_for_update().get_or_create(case=case, requirement=requirement)
    check.done = done
    check.reference = reference.strip()
    check.document_date = document_date
    check.note = note
    check.done_by = _user(actor) if done else None
    check.done_at = when if done else None
    check.save()
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.CHECK if done else CaseEvent.Kind.UNCHECK, occurred_at=when,
        actor=_user(actor), reason=note,
        data={"check": code, "label": requirement.label, "reference": check.reference,
              "document_date": document_date.isoformat() if document_date else None},
    )
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    record(actor=actor, action="cases.check.ticked" if done else "cases.check.withdrawn", obj=case,
           case_id=case.pk, data={"check": code, "reference": check.reference})
    return check


def _requirement(case: Case, code: str) -> Requirement:
    from django.db.models import Q

    req = (
        Requirement.objects.filter(Q(host_country__isnull=True) | Q(host_country_id=case.host_country_id), code=code)
        .order_by(F("host_country").asc(nulls_last=True))
        .first()
    )
    if req is None:
        raise ActionError(_("No such check for this case: %(code)s") % {"code": code},
                          field_errors={"code": [_("Unknown check.")]})
    return req


@transaction.atomic
def transition(
    *, actor: Any, case: Case, target: str, reason: str = "", occurred_at: dt.datetime | None = None,
    system: bool = False, expected_version: int | None = None,
) -> Case:
    """Move a case to ``target`` if the workflow allows it and every check of ``target`` is met.

    A refusal names the unmet checks and changes nothing. ``system`` is for the dedicated actions
    (a flight's arrival, a handover) that alone may enter stages marked system-only.
    """
    locked = lock_row(Case, case.pk, "child", "stage")
    if not system:
        require_case(actor, "cases.case.transition", locked)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(_("This case was changed by someone else; reload it and try again."))
    allowed = {t.target_id: t for t in transitions_from(locked)}
    try:
        stage = Stage.objects.get(code=target)
    except Stage.DoesNotExist:
        raise TransitionRefused(_("Unknown stage: %(stage)s") % {"stage": target}) from None
    if target not in allowed:
        raise TransitionRefused(
            _("A case cannot move from “%(source)s” to “%(target)s”.")
            % {"source": str(locked.stage), "target": str(stage)}
        )
    if stage.system_only and not system:
        raise TransitionRefused(
            _("“%(target)s” is recorded by its own action (a flight's arrival or a handover), not by hand.")
            % {"target": str(stage)}
        )
    if not system and not policy.may_take(actor, allowed[target].roles):
        raise Forbidden(_("Your role may not move a case from “%(source)s” to “%(target)s”.")
                        % {"source": str(locked.stage), "target": str(stage)})
    obstacles = hooks.transition_obstacles(locked, stage, system)
    if obstacles:
        raise TransitionRefused(" ".join(obstacles), unmet=obstacles)
    if allowed[target].needs_reason and not reason.strip():
        raise TransitionRefused(_("Moving a case back needs a reason."), unmet=[_("a reason")])
    missing = unmet(locked, stage) if stage.order > locked.stage.order else []
    if missing:
        labels = [str(r) for r in missing]
        raise TransitionRefused(
            _("The case cannot enter “%(target)s” yet. Unmet checks: %(checks)s")
            % {"target": str(stage), "checks": "; ".join(labels)},
            unmet=labels,
        )
    source = locked.stage
    locked.stage = stage
    locked.version += 1
    locked.save(update_fields=["stage", "version", "updated_at"])
    CaseEvent.objects.create(
        case=locked, kind=CaseEvent.Kind.TRANSITION, occurred_at=occurred_at or timezone.now(),
        actor=_user(actor), source_stage=source, target_stage=stage, reason=reason,
    )
    record(actor=actor, action="cases.case.transitioned", obj=locked, case_id=locked.pk,
           data={"from": source.code, "to": stage.code, "reason": reason})
    return locked


@transaction.atomic
def update_case(*, actor: Any, case_id: int, expected_version: int, changes: Mapping[str, Any]) -> Case:
    """Edit a case's fields unless someone saved it since ``expected_version`` (optimistic lock).

    Changing the home region moves the case from one region's office to another's, so it needs
    ``cases.case.edit_region``; no edit may take a case out of the editor's own reach.
    """
    unknown = set(changes) - CASE_FIELDS
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = lock_at_version(Case, case_id, expected_version)
    grant = require_case(actor, "cases.case.edit", current)
    before = {k: getattr(current, attname(current, k)) for k in changes}
    for key, value in changes.items():
        setattr(current, key, value)
    current.full_clean()
    values = {attname(current, k): getattr(current, attname(current, k)) for k in changes}
    changed = {k for k in changes if before[k] != values[attname(current, k)]}
    if "home_region" in changed:
        policy.require(actor, "cases.case.edit_region")
    if not case_in(grant, current):
        raise Forbidden(_("This change would take the case out of your office's cases."))
    write_at_version(Case, case_id, expected_version, **values)
    current.refresh_from_db()
    diff = {k: [str(before[k]), str(values[attname(current, k)])] for k in changes}
    CaseEvent.objects.create(case=current, kind=CaseEvent.Kind.EDIT, occurred_at=timezone.now(),
                             actor=_user(actor), data={"changes": diff})
    record(actor=actor, action="cases.case.updated", obj=current, case_id=current.pk, data={"changes": diff})
    if "home_region" in changed:
        _tell_tracing(current.pk, actor)
    return current


@transaction.atomic
def pass_ownership(*, actor: Any, case: Case, agency: Agency, occurred_at: dt.datetime | None = None,
                   reason: str = "") -> Case:
    """Pass a case to another agency (the national office to the home region at handover).

    Called by the handover action, which checked its own permission; not a step on its own.
    """
    old = case.owner
    # The caseworker answered for the case on behalf of the old owner: the new owner names its own.
    Case.objects.filter(pk=case.pk).update(owner=agency, assignee=None, version=F("version") + 1)
    case.refresh_from_db()
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OWNER, occurred_at=occurred_at or timezone.now(),
                             actor=_user(actor), reason=reason, data={"from": old.name, "to": agency.name})
    record(actor=actor, action="cases.case.owner_changed", obj=case, case_id=case.pk,
           data={"from": old.pk, "to": agency.pk})
    return case


@transaction.atomic
def add_note(*, actor: Any, case: Case, text: str, visibility: str = CaseNote.Visibility.CASE) -> CaseNote:
    """Add a note to the case: for all who see the case, or for the author's agency only."""
    require_case(actor, "cases.case.note", case)
    if not text.strip():
        raise ActionError(_("A note cannot be empty."), field_errors={"text": [_("This field is required.")]})
    if visibility not in CaseNote.Visibility.values:
        raise ActionError(_("Choose who may read the note."), field_errors={"visibility": [_("Unknown choice.")]})
    user = _user(actor)
    agency_id = getattr(user, "agency_id", None)
    if visibility == CaseNote.Visibility.AGENCY and agency_id is None:
        raise ActionError(_("Only a member of an agency can write a note for the agency only."),
                          field_errors={"visibility": [_("You belong to no agency.")]})
    note = CaseNote.objects.create(case=case, text=text.strip(), visibility=visibility, author=user,
                                   agency_id=agency_id)
    if visibility == CaseNote.Visibility.CASE:  # the case's own history keeps the notes all may read
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, occurred_at=note.created_at, actor=user,
                                 reason=note.text)
    record(actor=actor, action="cases.note.added", obj=note, case_id=case.pk, data={"visibility": visibility})
    return note


def record_view(*, actor: Any, case: Case, what: str = "case", ip: str | None = None,
                data: Mapping[str, Any] | None = None) -> None:
    """Write that ``actor`` viewed the case (the view's own transaction commits it)."""
    record(actor=actor, action=f"cases.{what}.viewed", obj=case, case_id=case.pk, ip=ip, data=data)


__all__ = [
    "open_case", "set_check", "transition", "update_case", "pass_ownership", "add_note", "record_view",
    "requirements_for",
]
