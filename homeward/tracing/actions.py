"""Every change to relatives' requests and the children they seek.

Each action is one transaction with its audit entry; new or edited sought children are matched
again in the background once the transaction commits (see tasks.py). A caseworker's decision
on a candidate pair (confirm_match, reject_match) is final: matching never overwrites it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.audit.log import record
from homeward.core.locking import attname, lock_at_version, write_at_version
from homeward.errors import ActionError, ConflictError, Forbidden
from homeward.people.models import DatePrecision, FamilyLink, PersonName, Sex
from homeward.places.models import Region
from homeward.tracing.access import require_candidate, require_request
from homeward.tracing.birth import Birth
from homeward.tracing.models import (
    CandidateMatch,
    MatchJob,
    RequestNameKey,
    SoughtChild,
    SoughtName,
    TracingRequest,
)

REQUEST_FIELDS = {"requester_name", "relation", "region", "phone", "address", "received_on", "received_by", "notes"}


@dataclass(frozen=True)
class SoughtNameInput:
    """One name of a sought child: text, and if known its kind and script."""

    text: str
    kind: str = PersonName.Kind.AS_HEARD
    script: str = ""


@dataclass(frozen=True)
class SoughtChildInput:
    """A child as the family describes it."""

    names: Sequence[SoughtNameInput]
    sex: str = Sex.UNKNOWN
    birth: Birth = field(default_factory=Birth)
    mother_names: Sequence[str] = ()
    father_names: Sequence[str] = ()
    last_heard_country: str = ""
    last_heard_city: str = ""
    home_region: Region | None = None
    notes: str = ""


def _clean(text: str, field_name: str) -> tuple[str, str, str]:
    from homeward.people.actions import clean_name

    return clean_name(text, field=field_name)


def _next_reference(year: int) -> str:
    prefix = f"TR-{year}-"
    last = (
        TracingRequest.objects.filter(reference__startswith=prefix)
        .order_by("-reference").values_list("reference", flat=True).first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def rebuild_keys(request: TracingRequest) -> None:
    """Refresh the search keys of every name in the request (requester and sought children)."""
    from homeward.names import name_keys

    texts = [request.requester_name]
    texts += list(
        SoughtName.objects.filter(sought_child__request=request, role=SoughtName.Role.CHILD)
        .values_list("text", flat=True)
    )
    keys: set[str] = set()
    for text in texts:
        keys.update(k[:64] for k in name_keys(text))
    RequestNameKey.objects.filter(request=request).delete()
    RequestNameKey.objects.bulk_create([RequestNameKey(request=request, key=k) for k in sorted(keys)])


def _save_names(child: SoughtChild, data: SoughtChildInput, prefix: str) -> None:
    if not any(n.text.strip() for n in data.names):
        raise ActionError(
            _("Give at least one name of the child."),
            field_errors={f"{prefix}names[0]": [_("At least one name of the child is needed.")]},
        )
    rows: list[SoughtName] = []
    for i, name in enumerate(data.names):
        if not name.text.strip():
            continue
        text, script, folded = _clean(name.text, f"{prefix}names[{i}]")
        if name.kind not in PersonName.Kind.values:
            raise ActionError(_("Unknown kind of name."), field_errors={f"{prefix}names[{i}]": [_("Unknown kind.")]})
        rows.append(SoughtName(sought_child=child, role=SoughtName.Role.CHILD, text=text,
                               script=name.script or script, kind=name.kind, folded=folded[:300]))
    for role, texts in ((SoughtName.Role.MOTHER, data.mother_names), (SoughtName.Role.FATHER, data.father_names)):
        for i, raw in enumerate(texts):
            if not raw.strip():
                continue
            text, script, folded = _clean(raw, f"{prefix}{role}_names[{i}]")
            rows.append(SoughtName(sought_child=child, role=role, text=text, script=script,
                                   kind=PersonName.Kind.AS_HEARD, folded=folded[:300]))
    for row in rows:
        if row.script not in PersonName.Script.values:
            row.script = PersonName.Script.LATIN
    SoughtName.objects.bulk_create(rows)


def _child_fields(data: SoughtChildInput, prefix: str) -> dict[str, Any]:
    if data.sex not in Sex.values:
        raise ActionError(_("Unknown sex."), field_errors={f"{prefix}sex": [_("Unknown value.")]})
    birth = data.birth
    if birth.precision not in DatePrecision.values:
        raise ActionError(_("Unknown birth precision."), field_errors={f"{prefix}birth": [_("Unknown value.")]})
    return {
        "sex": data.sex, "birth_precision": birth.precision, "birth_date": birth.date,
        "birth_year_min": birth.year_min, "birth_year_max": birth.year_max,
        "last_heard_country": data.last_heard_country.strip()[:100],
        "last_heard_city": data.last_heard_city.strip()[:100],
        "home_region": data.home_region, "notes": data.notes,
    }


def _add_child(request: TracingRequest, data: SoughtChildInput, prefix: str) -> SoughtChild:
    # no home region of its own: the request's region stands in (and follows it if it changes)
    fields = _child_fields(data, prefix)
    child = SoughtChild.objects.create(request=request, **fields)
    _save_names(child, data, prefix)
    return child


def _schedule(actor: Any, sought_ids: list[int]) -> MatchJob | None:
    from homeward.tracing.tasks import schedule_match

    return schedule_match(kind=MatchJob.Kind.INCREMENTAL, side=MatchJob.Side.REQUESTS, ids=sought_ids, actor=actor)


@transaction.atomic
def create_request(
    *, actor: Any, requester_name: str, relation: str, region: Region, received_on: dt.date,
    children: Sequence[SoughtChildInput], received_by: Any = None, phone: str = "", address: str = "",
    notes: str = "", reference: str | None = None,
) -> TracingRequest:
    """Record a relative's request for one or more children; matching follows in the background.

    Field errors name the field: ``requester_name``, ``children[1].names[0]``...
    """
    grant = policy.require(actor, "tracing.request.file")
    if not grant.everything and not (grant.regions is not None and region.pk in grant.regions):
        raise Forbidden(_("Your office files requests in its own region only."))
    text, script, folded = _clean(requester_name, "requester_name")
    if relation not in FamilyLink.Relation.values:
        raise ActionError(_("Unknown relation."), field_errors={"relation": [_("Unknown relation.")]})
    if not children:
        raise ActionError(_("A request seeks at least one child."),
                          field_errors={"children": [_("Add at least one child.")]})
    if received_on > timezone.localdate():
        raise ActionError(_("The request cannot be received in the future."),
                          field_errors={"received_on": [_("This date is in the future.")]})
    request = TracingRequest.objects.create(
        reference=reference or _next_reference(received_on.year), requester_name=text,
        requester_script=script if script in PersonName.Script.values else PersonName.Script.LATIN,
        requester_folded=folded[:300], relation=relation, region=region, phone=phone.strip(),
        address=address.strip(), received_on=received_on, received_by=received_by, notes=notes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    sought = [_add_child(request, child, f"children[{i}].") for i, child in enumerate(children)]
    rebuild_keys(request)
    record(actor=actor, action="tracing.request.created", obj=request,
           data={"reference": request.reference, "children": len(sought), "region": region.code})
    # the page that made the request shows this job's progress
    request.match_job = _schedule(actor, [c.pk for c in sought])  # type: ignore[attr-defined]
    return request


@transaction.atomic
def add_sought_child(*, actor: Any, request: TracingRequest, child: SoughtChildInput) -> SoughtChild:
    """One more child sought by an existing request."""
    require_request(actor, "tracing.request.file", request)
    if request.status == TracingRequest.Status.CLOSED:
        raise ActionError(_("This request is closed."))
    sought = _add_child(request, child, "")
    TracingRequest.objects.filter(pk=request.pk).update(version=F("version") + 1)
    rebuild_keys(request)
    record(actor=actor, action="tracing.soughtchild.added", obj=sought, data={"request": request.pk})
    sought.match_job = _schedule(actor, [sought.pk])  # type: ignore[attr-defined]
    return sought


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def update_request(
    *, actor: Any, request_id: int, expected_version: int, changes: Mapping[str, Any]
) -> TracingRequest:
    """Change a request's own fields if nobody saved it since ``expected_version``.

    The version check and the write are one UPDATE: of two concurrent saves exactly one wins,
    the other gets a ConflictError and changes nothing.
    """
    unknown = set(changes) - REQUEST_FIELDS
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = lock_at_version(TracingRequest, request_id, expected_version)
    grant = require_request(actor, "tracing.request.file", current)
    if "region" in changes and not grant.everything and changes["region"].pk not in (grant.regions or ()):
        raise Forbidden(_("Your office files requests in its own region only."),
                        field_errors={"region": [_("Not one of your office's regions.")]})
    values = dict(changes)
    if "requester_name" in values:
        text, script, folded = _clean(values["requester_name"], "requester_name")
        values.update(requester_name=text, requester_script=script if script in PersonName.Script.values
                      else PersonName.Script.LATIN, requester_folded=folded[:300])
    if "relation" in values and values["relation"] not in FamilyLink.Relation.values:
        raise ActionError(_("Unknown relation."), field_errors={"relation": [_("Unknown relation.")]})
    before = {k: _plain(getattr(current, k)) for k in changes}
    for key, value in values.items():
        setattr(current, key, value)
    writes = {attname(current, k): getattr(current, attname(current, k))
              for k in values}
    write_at_version(TracingRequest, request_id, expected_version, **writes)
    current.refresh_from_db()
    if "requester_name" in values:
        rebuild_keys(current)
    record(actor=actor, action="tracing.request.updated", obj=current,
           data={"changes": {k: [before[k], _plain(getattr(current, k))] for k in changes}})
    if "region" in changes:
        ids = list(current.sought_children.filter(home_region__isnull=True).values_list("pk", flat=True))
        if ids:
            _schedule(actor, ids)
    return current


@transaction.atomic
def update_sought_child(
    *, actor: Any, sought_child_id: int, expected_version: int, child: SoughtChildInput
) -> SoughtChild:
    """Replace what is known of a sought child (fields and names), then match it again."""
    current = lock_at_version(SoughtChild, sought_child_id, expected_version)
    require_request(actor, "tracing.request.file", current.request)
    fields = _child_fields(child, "")
    write_at_version(SoughtChild, sought_child_id, expected_version, **fields)
    current.names.all().delete()
    _save_names(current, child, "")
    current.refresh_from_db()
    rebuild_keys(current.request)
    record(actor=actor, action="tracing.soughtchild.updated", obj=current,
           data={"request": current.request_id, "names": len(child.names)})
    current.match_job = _schedule(actor, [current.pk])  # type: ignore[attr-defined]
    return current


@transaction.atomic
def close_request(*, actor: Any, request: TracingRequest, note: str, expected_version: int | None = None
                  ) -> TracingRequest:
    """Close a request (all found, withdrawn, or the family reached otherwise), saying why."""
    require_request(actor, "tracing.request.file", request)
    if not note.strip():
        raise ActionError(_("Say why the request is closed."), field_errors={"note": [_("This field is required.")]})
    filters: dict[str, Any] = {"pk": request.pk}
    if expected_version is not None:
        filters["version"] = expected_version
    updated = TracingRequest.objects.filter(**filters).exclude(status=TracingRequest.Status.CLOSED).update(
        status=TracingRequest.Status.CLOSED, closing_note=note.strip()[:500], version=F("version") + 1)
    if updated != 1:
        raise ConflictError(_("This request was closed or changed by someone else; reload the page."))
    old = request.status
    request.refresh_from_db()
    record(actor=actor, action="tracing.request.closed", obj=request, data={"from": old, "note": note.strip()})
    return request


# The sex a relation implies, for the requester recorded as a person.
RELATION_SEX = {"mother": "F", "grandmother": "F", "aunt": "F", "sister": "F", "half_sister": "F",
                "father": "M", "grandfather": "M", "uncle": "M", "brother": "M", "half_brother": "M"}


def _lock_potential(candidate: CandidateMatch) -> CandidateMatch:
    locked = CandidateMatch.objects.select_for_update().select_related(
        "case", "case__child", "sought_child", "sought_child__request").get(pk=candidate.pk)
    if locked.status != CandidateMatch.Status.POTENTIAL:
        raise ConflictError(
            _("This pair was already %(status)s by %(who)s; a decision is not taken twice.")
            % {"status": locked.get_status_display(), "who": locked.decided_by or _("someone")}
        )
    return locked


def _requester_link(actor: Any, request: TracingRequest, child: Any) -> FamilyLink | None:
    """The requester as a claimed relative of the child: reuse what exists, create what does not."""
    from homeward.names import normalize
    from homeward.people.actions import NameInput, create_person, link_family
    from homeward.people.models import Person

    relative = request.requester_person
    if relative is None:
        # the requester may already have been recorded by hand as this relative of the child
        folded = normalize(request.requester_name)
        existing = FamilyLink.objects.filter(
            person=child, relation=request.relation, relative__names__folded=folded
        ).select_related("relative").first()
        if existing is not None:
            relative = existing.relative
        else:
            kind = {"mother": Person.Kind.MOTHER, "father": Person.Kind.FATHER}.get(
                request.relation, Person.Kind.RELATIVE)
            relative = create_person(
                actor=actor, kind=kind, sex=RELATION_SEX.get(request.relation, ""), home_region=request.region,
                names=[NameInput(request.requester_name, script=request.requester_script,
                                 source=_("relatives' request %(ref)s") % {"ref": request.reference})],
            )
        TracingRequest.objects.filter(pk=request.pk).update(requester_person=relative)
        request.requester_person = relative
    link = FamilyLink.objects.filter(person=child, relative=relative).first()
    if link is not None:
        return link
    return link_family(
        actor=actor, person=child, relative=relative, relation=request.relation,
        status=FamilyLink.Status.CLAIMED,
        evidence=(_("relatives' request %(ref)s, match confirmed") % {"ref": request.reference})[:300],
    )


@transaction.atomic
def confirm_match(*, actor: Any, candidate: CandidateMatch, note: str = "") -> CandidateMatch:
    """Confirm that the child found abroad is the child the family seeks.

    The request is then linked to the case, and the requester is recorded as a relative of the
    child with a *claimed* link: kinship stays to be verified (DNA or documents).
    """
    require_candidate(actor, "tracing.match.decide", candidate)
    locked = _lock_potential(candidate)
    request = locked.sought_child.request
    if request.status == TracingRequest.Status.CLOSED:
        raise ActionError(_("The request is closed; reopen it before confirming a match."))
    link = _requester_link(actor, request, locked.case.child)
    now = timezone.now()
    CandidateMatch.objects.filter(pk=locked.pk).update(
        status=CandidateMatch.Status.CONFIRMED, decided_by=actor if getattr(actor, "is_authenticated", False)
        else None, decided_at=now, note=note.strip(), family_link=link)
    if request.status == TracingRequest.Status.OPEN:
        TracingRequest.objects.filter(pk=request.pk).update(status=TracingRequest.Status.PARTLY_FOUND,
                                                            version=F("version") + 1)
    locked.refresh_from_db()
    record(actor=actor, action="tracing.match.confirmed", obj=locked, case_id=locked.case_id,
           data={"request": request.reference, "sought_child": locked.sought_child_id,
                 "probability": round(locked.match_probability, 4), "note": note.strip(),
                 "family_link": link.pk if link else None})
    return locked


@transaction.atomic
def reject_match(*, actor: Any, candidate: CandidateMatch, note: str) -> CandidateMatch:
    """Reject a pair, saying why. A rejected pair is kept and never proposed again."""
    if not note.strip():
        raise ActionError(_("Say why the pair is rejected."), field_errors={"note": [_("This field is required.")]})
    require_candidate(actor, "tracing.match.decide", candidate)
    locked = _lock_potential(candidate)
    CandidateMatch.objects.filter(pk=locked.pk).update(
        status=CandidateMatch.Status.REJECTED, decided_by=actor if getattr(actor, "is_authenticated", False)
        else None, decided_at=timezone.now(), note=note.strip())
    locked.refresh_from_db()
    record(actor=actor, action="tracing.match.rejected", obj=locked, case_id=locked.case_id,
           data={"request": locked.sought_child.request.reference, "sought_child": locked.sought_child_id,
                 "probability": round(locked.match_probability, 4), "note": note.strip()})
    return locked


def start_rematch(*, actor: Any) -> MatchJob | None:
    """Match the whole caseload again, in the background (the national office)."""
    from homeward.tracing.tasks import schedule_match

    policy.require(actor, "tracing.match.rematch")
    job = schedule_match(kind=MatchJob.Kind.FULL, actor=actor)
    if job is not None:
        record(actor=actor, action="tracing.match.rematch_started", obj=job)
    return job


@transaction.atomic
def store_candidates(
    *, pairs: Sequence[Any], model_version: str, among: Mapping[str, Any] | None = None,
    progress: Any = None,
) -> tuple[int, int]:
    """Keep a matching run's pairs as potential rows; returns (created, withdrawn).

    Decided rows are never touched (a decision taken while the run was going is kept: every
    write is guarded on the row still being potential). Potential rows the run no longer
    proposes are withdrawn: those of the records the run covered (``among``: a filter on
    CandidateMatch such as ``{"case_id__in": [...]}``), or every one for a whole-caseload run.
    One audit entry says what the run stored. Runs are the system's own work (no actor).
    """
    from django.db import IntegrityError

    now = timezone.now()
    created = 0
    decided = set(CandidateMatch.objects.decided().values_list("case_id", "sought_child_id"))
    # pairs stored before this run; the others are new and are created without first trying an
    # update (a row another run creates meanwhile still stands: the insert fails on the key)
    # (an incremental run's pairs all involve the records it covered)
    stored_rows = CandidateMatch.objects.filter(**among) if among is not None else CandidateMatch.objects.all()
    stored = set(stored_rows.values_list("case_id", "sought_child_id"))
    for i, pair in enumerate(pairs):
        key = (int(pair.child_id), int(pair.request_id))
        if key in decided:
            continue
        values = {
            "match_probability": pair.match_probability, "match_weight": pair.match_weight,
            "contributions": pair.contributions, "explanations": pair.explanations,
            "model_version": model_version, "computed_at": now,
        }
        exists = False
        if key in stored:
            updated = CandidateMatch.objects.filter(
                case_id=key[0], sought_child_id=key[1], status=CandidateMatch.Status.POTENTIAL).update(**values)
            # not potential any more, or removed since the read
            exists = bool(updated) or CandidateMatch.objects.filter(case_id=key[0], sought_child_id=key[1]).exists()
        if not exists:
            try:
                with transaction.atomic():
                    CandidateMatch.objects.create(case_id=key[0], sought_child_id=key[1], **values)
                created += 1
            except IntegrityError:
                pass  # another run stored the same pair in the meantime; its row stands
        if progress is not None and i % 50 == 0:
            progress("store", i, len(pairs))
    kept = {(int(p.child_id), int(p.request_id)) for p in pairs}
    scope = CandidateMatch.objects.potential()
    if among is not None:
        scope = scope.filter(**among)
    stale = [pk for pk, c, s in scope.values_list("id", "case_id", "sought_child_id") if (c, s) not in kept]
    CandidateMatch.objects.filter(pk__in=stale, status=CandidateMatch.Status.POTENTIAL).delete()
    record(actor=None, action="tracing.match.run_stored",
           data={"pairs": len(pairs), "created": created, "withdrawn": len(stale), "model": model_version,
                 "scope": {k: v for k, v in (among or {}).items()}})
    return created, len(stale)
