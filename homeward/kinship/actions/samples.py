"""Every change to DNA samples and their chain of custody.

Each action is one transaction that writes its audit entry with the change, and checks the
actor's permission for the sample's case itself: the collecting side records collection, seal
and hand-overs; only the laboratory receives, rejects and uses up samples.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.errors import ActionError
from homeward.kinship.models import CustodyTransfer, DnaSample
from homeward.people.models import FamilyLink, Person
from homeward.places.models import Facility

S = DnaSample.Status
# A date a few hours ahead is a clock or time-zone slip; further ahead is a typing error.
FUTURE_SLACK = dt.timedelta(hours=12)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(sample: DnaSample) -> DnaSample:
    return DnaSample.objects.select_for_update().select_related("case", "donor").get(pk=sample.pk)


def _require_status(sample: DnaSample, allowed: tuple[str, ...], doing: str) -> None:
    if sample.status not in allowed:
        raise ActionError(
            _("Sample %(code)s is “%(status)s”: it cannot be %(doing)s now.")
            % {"code": sample.code, "status": sample.get_status_display(), "doing": doing},
            field_errors={"status": [_("Not possible at this step.")]},
        )


def _when(value: dt.datetime | None, *, field: str, after: dt.datetime | None = None,
          after_label: str = "") -> dt.datetime:
    when = value or timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when > timezone.now() + FUTURE_SLACK:
        raise ActionError(_("The date is in the future."), field_errors={field: [_("The date is in the future.")]})
    # Forms give minutes: a step in the same minute as the one before it is not "before" it.
    if after is not None and when < after.replace(second=0, microsecond=0):
        msg = _("This cannot happen before the sample was %(step)s (%(when)s).") % {
            "step": after_label, "when": timezone.localtime(after).strftime("%Y-%m-%d %H:%M")}
        raise ActionError(msg, field_errors={field: [msg]})
    return when


def _last_step_at(sample: DnaSample) -> dt.datetime | None:
    return sample.custody.order_by("-occurred_at").values_list("occurred_at", flat=True).first()


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionError(_("This field is required: %(field)s") % {"field": field},
                          field_errors={field: [_("This field is required.")]})
    return value


def _next_code(case: Case) -> str:
    existing = set(DnaSample.objects.filter(case=case).values_list("code", flat=True))
    n = len(existing) + 1
    while f"{case.reference}-S{n:02d}" in existing or DnaSample.objects.filter(code=f"{case.reference}-S{n:02d}").exists():
        n += 1
    return f"{case.reference}-S{n:02d}"


@transaction.atomic
def request_sample(
    *, actor: Any, case: Case, donor: Person, kind: str = DnaSample.Kind.BUCCAL, lab: Agency | None = None,
    requested_at: dt.datetime | None = None, note: str = "", code: str = "",
) -> DnaSample:
    """Ask for a sample of ``donor`` (the child or a relative linked to the child) for ``case``."""
    require_case(actor, "kinship.sample.request", case)
    if donor.pk != case.child_id and not FamilyLink.objects.filter(person_id=case.child_id, relative=donor).exists():
        raise ActionError(_("Only the child or a relative recorded in the child's family can give a sample."),
                          field_errors={"donor": [_("Not in this child's family.")]})
    if kind not in DnaSample.Kind.values:
        raise ActionError(_("Unknown kind of sample."), field_errors={"kind": [_("Unknown kind of sample.")]})
    if lab is not None and lab.kind != Agency.Kind.LAB:
        raise ActionError(_("Choose a DNA laboratory."), field_errors={"lab": [_("Not a laboratory.")]})
    code = code.strip() or _next_code(case)
    if DnaSample.objects.filter(code__iexact=code).exists():
        raise ActionError(_("Sample id %(code)s is already used.") % {"code": code},
                          field_errors={"code": [_("Already used.")]})
    when = _when(requested_at, field="requested_at")
    sample = DnaSample.objects.create(
        code=code, case=case, donor=donor, kind=kind, lab=lab, requested_at=when, requested_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.requested", obj=sample, case_id=case.pk,
           data={"donor": donor.pk, "kind": kind, "code": code, "note": note})
    return sample


@transaction.atomic
def record_collection(
    *, actor: Any, sample: DnaSample, collected_by: str, collected_at: dt.datetime | None = None,
    facility: Facility | None = None, office: Agency | None = None, kind: str = "", note: str = "",
) -> DnaSample:
    """Record that the sample was taken: by whom, when, and where (a facility abroad or an office at home)."""
    sample = _lock(sample)
    require_case(actor, "kinship.sample.collect", sample.case)
    _require_status(sample, (S.REQUESTED,), _("collected"))
    collected_by = _required(collected_by, "collected_by")
    if (facility is None) == (office is None):
        raise ActionError(_("Give where the sample was taken: a facility abroad or an office at home (one of them)."),
                          field_errors={"facility": [_("Choose one collection site.")]})
    when = _when(collected_at, field="collected_at", after=sample.requested_at, after_label=_("requested"))
    sample.status = S.COLLECTED
    sample.collected_at = when
    sample.collected_by = collected_by
    sample.collection_facility = facility
    sample.collection_office = office
    if kind:
        if kind not in DnaSample.Kind.values:
            raise ActionError(_("Unknown kind of sample."), field_errors={"kind": [_("Unknown kind of sample.")]})
        sample.kind = kind
    sample.save()
    place = sample.collection_site
    CustodyTransfer.objects.create(
        sample=sample, step=CustodyTransfer.Step.COLLECTED, from_party=str(sample.donor), to_party=collected_by,
        place=place, occurred_at=when, note=note, recorded_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.collected", obj=sample, case_id=sample.case_id,
           data={"by": collected_by, "place": place, "at": when.isoformat()})
    return sample


@transaction.atomic
def seal(*, actor: Any, sample: DnaSample, seal_number: str, sealed_at: dt.datetime | None = None,
         sealed_by: str = "", note: str = "") -> DnaSample:
    """Seal the collected sample under a numbered seal; the lab checks the number on arrival."""
    sample = _lock(sample)
    require_case(actor, "kinship.sample.collect", sample.case)
    _require_status(sample, (S.COLLECTED,), _("sealed"))
    number = _required(seal_number, "seal_number")
    other = DnaSample.objects.filter(seal_number__iexact=number).exclude(pk=sample.pk).first()
    if other is not None:
        raise ActionError(_("Seal %(seal)s is already on sample %(code)s.") % {"seal": number, "code": other.code},
                          field_errors={"seal_number": [_("Already used.")]})
    when = _when(sealed_at, field="sealed_at", after=sample.collected_at, after_label=_("collected"))
    sample.status = S.SEALED
    sample.seal_number = number
    sample.sealed_at = when
    sample.save(update_fields=["status", "seal_number", "sealed_at"])
    CustodyTransfer.objects.create(
        sample=sample, step=CustodyTransfer.Step.SEALED, from_party=sealed_by or sample.collected_by,
        to_party=sealed_by or sample.collected_by, place=sample.collection_site, occurred_at=when,
        seal_number=number, seal_intact=True, note=note, recorded_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.sealed", obj=sample, case_id=sample.case_id, data={"seal": number})
    return sample


@transaction.atomic
def transfer(
    *, actor: Any, sample: DnaSample, from_party: str, to_party: str, place: str = "",
    occurred_at: dt.datetime | None = None, seal_intact: bool = True, note: str = "",
) -> CustodyTransfer:
    """Record one hand-over of the sealed sample. A seal found broken flags the sample."""
    sample = _lock(sample)
    require_case(actor, "kinship.sample.collect", sample.case)
    _require_status(sample, (S.SEALED, S.IN_TRANSIT), _("handed over"))
    from_party = _required(from_party, "from_party")
    to_party = _required(to_party, "to_party")
    when = _when(occurred_at, field="occurred_at", after=_last_step_at(sample), after_label=_("last handed on"))
    sample.status = S.IN_TRANSIT
    fields = ["status"]
    if not seal_intact:
        _flag(sample, _("seal found broken at the hand-over from %(a)s to %(b)s") % {"a": from_party, "b": to_party})
        fields += ["flagged", "flag_reason"]
    sample.save(update_fields=fields)
    step = CustodyTransfer.objects.create(
        sample=sample, step=CustodyTransfer.Step.HANDOVER, from_party=from_party, to_party=to_party, place=place,
        occurred_at=when, seal_number=sample.seal_number, seal_intact=seal_intact, note=note,
        recorded_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.transferred", obj=sample, case_id=sample.case_id,
           data={"from": from_party, "to": to_party, "place": place, "seal_intact": seal_intact})
    return step


def _flag(sample: DnaSample, reason: str) -> None:
    sample.flagged = True
    sample.flag_reason = "; ".join(r for r in (sample.flag_reason, reason) if r)[:300]


def _same_seal(a: str, b: str) -> bool:
    return "".join(a.split()).upper() == "".join(b.split()).upper()


@transaction.atomic
def receive_at_lab(
    *, actor: Any, sample: DnaSample, lab: Agency, seal_number_seen: str, seal_intact: bool = True,
    received_at: dt.datetime | None = None, received_by: str = "", note: str = "",
) -> DnaSample:
    """The lab receives the sample and checks its seal: a broken or different seal is recorded and
    flags the sample (the sample is still received, so the lab can decide what it is worth)."""
    sample = _lock(sample)
    require_case(actor, "kinship.sample.receive", sample.case)
    _require_status(sample, (S.SEALED, S.IN_TRANSIT), _("received"))
    if lab.kind != Agency.Kind.LAB:
        raise ActionError(_("Choose a DNA laboratory."), field_errors={"lab": [_("Not a laboratory.")]})
    seen = _required(seal_number_seen, "seal_number_seen")
    when = _when(received_at, field="received_at", after=_last_step_at(sample), after_label=_("last handed on"))
    matches = _same_seal(seen, sample.seal_number)
    if not matches:
        _flag(sample, _("seal number on arrival %(seen)s differs from the seal applied, %(applied)s")
              % {"seen": seen, "applied": sample.seal_number})
    if not seal_intact:
        _flag(sample, _("seal broken on arrival at the lab"))
    sample.status = S.RECEIVED
    sample.lab = lab
    sample.received_at = when
    sample.save(update_fields=["status", "lab", "received_at", "flagged", "flag_reason"])
    CustodyTransfer.objects.create(
        sample=sample, step=CustodyTransfer.Step.RECEIVED, from_party=_last_holder(sample),
        to_party=received_by or str(lab), place=str(lab), occurred_at=when, seal_number=seen,
        seal_intact=seal_intact and matches, note=note, recorded_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.received", obj=sample, case_id=sample.case_id,
           data={"lab": lab.pk, "seal_seen": seen, "seal_matches": matches, "seal_intact": seal_intact,
                 "flagged": sample.flagged})
    return sample


def _last_holder(sample: DnaSample) -> str:
    last = sample.custody.order_by("-occurred_at", "-id").first()
    return last.to_party if last else ""


@transaction.atomic
def reject(*, actor: Any, sample: DnaSample, reason: str, occurred_at: dt.datetime | None = None) -> DnaSample:
    """Reject a sample (spoilt, mislabelled, chain of custody broken), saying why.

    A profiled sample can be rejected too (contamination found later): its profiles then no longer
    serve new kinship tests; tests already computed keep their record of what they used.
    """
    sample = _lock(sample)
    require_case(actor, "kinship.sample.reject", sample.case)
    _require_status(sample, (S.REQUESTED, S.COLLECTED, S.SEALED, S.IN_TRANSIT, S.RECEIVED, S.PROFILED),
                    _("rejected"))
    reason = _required(reason, "reason")
    when = _when(occurred_at, field="occurred_at")
    sample.status = S.REJECTED
    sample.rejected_reason = reason[:300]
    sample.save(update_fields=["status", "rejected_reason"])
    CustodyTransfer.objects.create(
        sample=sample, step=CustodyTransfer.Step.REJECTED, from_party=_last_holder(sample), place="",
        occurred_at=when, note=reason[:500], recorded_by=_user(actor),
    )
    record(actor=actor, action="kinship.sample.rejected", obj=sample, case_id=sample.case_id,
           data={"reason": reason})
    return sample


@transaction.atomic
def mark_consumed(*, actor: Any, sample: DnaSample, note: str = "") -> DnaSample:
    """Record that the lab used the sample up (no re-test possible from it)."""
    sample = _lock(sample)
    require_case(actor, "kinship.sample.receive", sample.case)
    _require_status(sample, (S.PROFILED, S.RECEIVED), _("marked as consumed"))
    sample.status = S.CONSUMED
    sample.save(update_fields=["status"])
    record(actor=actor, action="kinship.sample.consumed", obj=sample, case_id=sample.case_id, data={"note": note})
    return sample
