"""Importing a laboratory's STR results file as profiles of the samples it names."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.errors import ActionError
from homeward.kinship.engine import KinshipInputError
from homeward.kinship.engine.kits import kit_markers
from homeward.kinship.engine.qc import matching_profiles
from homeward.kinship.imports import ProfileFileError, ProfileFileErrors, parse_results
from homeward.kinship.models import DnaSample, EliminationProfile, StrProfile

S = DnaSample.Status


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def import_profiles(
    *, actor: Any, content: bytes, filename: str = "", lab: Agency | None = None,
    samples: QuerySet[DnaSample] | None = None, imported_at: dt.datetime | None = None, kit: str | None = None,
) -> list[StrProfile]:
    """Import a lab's STR results file: one profile per sample id in it.

    Every line and genotype is checked first; any error refuses the whole file, naming the line and
    the marker, and nothing is written. ``samples`` limits which samples the ids may name (those the
    importing user may see); an id outside it reads as unknown. Markers must be those of the
    laboratory's ``kit`` (settings.HOMEWARD["KINSHIP_LAB_KITS"] by lab name, else any shipped kit).

    Every imported profile is then compared with every other profile on record, with the others in
    the file and with the staff elimination set: an identical or near-identical profile of another
    person flags the sample (a swap, a duplicate or contamination). The findings are on each
    returned profile's ``qc_findings``.
    """
    policy.require(actor, "kinship.profile.import")
    if not kit and lab is not None:
        kit = settings.HOMEWARD.get("KINSHIP_LAB_KITS", {}).get(lab.name)
    try:
        known = kit_markers(kit)
    except KinshipInputError as exc:
        raise ActionError(str(exc), field_errors={"kit": [str(exc)]}) from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionError(_("The file is not UTF-8 text."), field_errors={"file": [_("Not UTF-8 text.")]}) from None
    try:
        parsed = parse_results(text, markers=known)
    except ProfileFileErrors as exc:
        raise ActionError(str(exc), field_errors={"file": exc.messages}) from None
    except ProfileFileError as exc:
        raise ActionError(str(exc), field_errors={"file": [str(exc)]}) from None
    if lab is not None and lab.kind != Agency.Kind.LAB:
        raise ActionError(_("Choose a DNA laboratory."), field_errors={"lab": [_("Not a laboratory.")]})
    digest = hashlib.sha256(content).hexdigest()
    pool = samples if samples is not None else DnaSample.objects.all()
    found = {
        s.code.upper(): s
        for s in pool.select_for_update().annotate(code_upper=Upper("code")).filter(code_upper__in=list(parsed.samples))
    }
    plan: list[tuple[DnaSample, dict[str, str]]] = []
    for key, entry in parsed.samples.items():
        sample = found.get(key)
        line = entry.first_line
        if sample is None:
            _refuse(_("line %(line)d: no sample with id %(id)s") % {"line": line, "id": entry.sample_id})
        elif sample.status not in (S.RECEIVED, S.PROFILED):
            _refuse(_("line %(line)d: sample %(id)s is “%(status)s”, not received at a lab")
                    % {"line": line, "id": sample.code, "status": sample.get_status_display()})
        elif lab is not None and sample.lab_id is not None and sample.lab_id != lab.pk:
            _refuse(_("line %(line)d: sample %(id)s was received by %(other)s, not %(lab)s")
                    % {"line": line, "id": sample.code, "other": sample.lab, "lab": lab})
        elif StrProfile.objects.filter(sample=sample, source_hash=digest).exists():
            _refuse(_("line %(line)d: this file was already imported for sample %(id)s")
                    % {"line": line, "id": sample.code})
        else:
            plan.append((sample, entry.genotypes))
    when = imported_at or timezone.now()
    profiles = []
    for target, genotypes in plan:
        profile = StrProfile.objects.create(
            sample=target, person_id=target.donor_id, lab=lab or target.lab, genotypes=genotypes,
            imported_at=when, imported_by=_user(actor), source_name=filename[:255], source_hash=digest,
        )
        if target.status != S.PROFILED:
            DnaSample.objects.filter(pk=target.pk).update(status=S.PROFILED)
        record(actor=actor, action="kinship.profile.imported", obj=profile, case_id=target.case_id,
               data={"sample": target.code, "markers": len(genotypes), "file": filename, "sha256": digest})
        profiles.append(profile)
    from homeward.kinship.actions.review import flag_tests_using_profiles

    flag_tests_using_profiles(actor=actor, profiles=profiles)
    _quality_control(actor, profiles)
    return profiles


def _quality_control(actor: Any, profiles: list[StrProfile]) -> None:
    """Flag samples whose profile is (nearly) another person's or a staff member's."""
    new = {f"p{p.pk}": p.genotypes for p in profiles}
    ids = {p.pk for p in profiles}
    on_record = {f"p{p.pk}": p for p in StrProfile.objects.exclude(pk__in=ids).select_related("sample")}
    staff = {f"e{e.pk}": e for e in EliminationProfile.objects.all()}
    others = {k: p.genotypes for k, p in on_record.items()} | {k: e.genotypes for k, e in staff.items()}
    by_key: dict[str, StrProfile] = {f"p{p.pk}": p for p in profiles} | on_record
    for p in profiles:
        p.qc_findings = []  # type: ignore[attr-defined]
    for match in matching_profiles(new, others):
        mine = by_key[match.a]
        other = by_key.get(match.b)
        if other is not None and other.person_id == mine.person_id:
            continue  # the same person typed again
        how = _("identical to") if match.identical else _("nearly identical to (%(n)d of %(m)d markers agree)") % {
            "n": match.shared - match.mismatches, "m": match.shared}
        if other is None:
            what = _("staff elimination profile %(who)s (contamination?)") % {"who": staff[match.b].label}
        else:
            what = _("the profile of sample %(code)s, another person (a swap or a duplicate?)") % {
                "code": other.sample.code}
        finding = f"{mine.sample.code}: {how} {what}"
        mine.qc_findings.append(finding)  # type: ignore[attr-defined]
        targets = [mine.sample] + ([other.sample] if other is not None and other.pk in ids else [])
        for sample in targets:
            reason = (sample.flag_reason + "; " if sample.flag_reason else "") + finding
            DnaSample.objects.filter(pk=sample.pk).update(flagged=True, flag_reason=reason[:300])
            sample.flagged, sample.flag_reason = True, reason[:300]
        record(actor=actor, action="kinship.profile.qc", obj=mine, case_id=mine.sample.case_id,
               data={"sample": mine.sample.code, "matches": match.b, "shared": match.shared,
                     "mismatches": match.mismatches})
        if other is not None and other.pk in ids:
            other.qc_findings.append(finding)  # type: ignore[attr-defined]


def _refuse(message: str) -> None:
    raise ActionError(message, field_errors={"file": [message]})
