"""Four eyes on every kinship conclusion, and the test's signed report.

A DNA analyst proposes the conclusion of a computed test (against the programme's LR threshold);
nothing changes on the case yet. A second analyst, another user holding the geneticist role,
reviews the same figures and either confirms it (only then are the tested family links
DNA-verified and the case's DNA check ticked) or returns it with a note. A test whose profile or
frequency table changed after the computation is flagged and cannot be proposed or confirmed
until it is computed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.audit.log import record
from homeward.cases import actions as case_actions
from homeward.cases.access import require_case
from homeward.cases.models import CaseCheck
from homeward.core import crypto
from homeward.errors import ActionError
from homeward.kinship import compute
from homeward.kinship.actions.tests import CHECK_CODE, acting_user, bad_input
from homeward.kinship.models import KinshipReport, KinshipTest, StrProfile, format_lr
from homeward.kinship.queries import lr_threshold
from homeward.people import actions as people_actions
from homeward.people.models import FamilyLink

REVIEW_PERMISSION = "kinship.test.review"


def _locked(test: KinshipTest) -> KinshipTest:
    return KinshipTest.objects.select_for_update().select_related("case", "case__child").get(pk=test.pk)


def stale_reasons(test: KinshipTest) -> list[str]:
    """Why the figures of ``test`` may no longer hold: a newer profile, a changed frequency table."""
    reasons = [test.recompute_reason] if test.needs_recompute and test.recompute_reason else []
    if test.freq_db_version and compute.freq_db_version(test.freq_db) != test.freq_db_version:
        reasons.append(_("The frequency database %(db)s changed after the computation.") % {"db": test.freq_db})
    return reasons


def _refuse_if_stale(test: KinshipTest) -> None:
    reasons = stale_reasons(test)
    if reasons:
        raise ActionError(_("Test #%(id)s must be computed again first: %(why)s")
                          % {"id": test.pk, "why": " ".join(reasons)})


def _proposal(lr: float, limit: float) -> str:
    if lr >= limit:
        return KinshipTest.Conclusion.SUPPORTS
    if lr <= 1 / limit:
        return KinshipTest.Conclusion.EXCLUDES
    return KinshipTest.Conclusion.INCONCLUSIVE


@transaction.atomic
def conclude_kinship(
    *, actor: Any, test: KinshipTest, threshold: float | None = None, occurred_at: dt.datetime | None = None,
) -> KinshipTest:
    """Propose the conclusion of a computed test against the LR threshold, for a second analyst.

    Nothing on the case changes until :func:`review_kinship` confirms it.
    """
    test = _locked(test)
    require_case(actor, "kinship.test.run", test.case)
    if test.status != KinshipTest.Status.DONE or test.lr is None:
        raise ActionError(_("Test #%(id)s is not computed yet.") % {"id": test.pk})
    if test.conclusion:
        raise ActionError(_("Test #%(id)s is already concluded: %(c)s.") % {"id": test.pk, "c": test.get_conclusion_display()})
    if test.review_state == KinshipTest.Review.PROPOSED:
        raise ActionError(_("Test #%(id)s already awaits a second analyst's review.") % {"id": test.pk})
    _refuse_if_stale(test)
    limit = lr_threshold() if threshold is None else float(threshold)
    if not limit > 1 or math.isinf(limit):
        raise bad_input("threshold", _("The LR threshold must be a number above 1."))
    test.proposed_conclusion = _proposal(test.lr, limit)
    test.threshold = limit
    test.review_state = KinshipTest.Review.PROPOSED
    test.proposed_at = occurred_at or timezone.now()
    test.proposed_by = acting_user(actor)
    test.save(update_fields=["proposed_conclusion", "threshold", "review_state", "proposed_at", "proposed_by"])
    record(actor=actor, action="kinship.test.proposed", obj=test, case_id=test.case_id,
           data={"proposed": test.proposed_conclusion, "log10_lr": test.log10_lr, "threshold": limit})
    return test


@transaction.atomic
def review_kinship(
    *, actor: Any, test: KinshipTest, confirm: bool, note: str = "", occurred_at: dt.datetime | None = None,
) -> KinshipTest:
    """A second analyst confirms the proposed conclusion (it takes effect) or returns it with a note."""
    test = _locked(test)
    require_case(actor, REVIEW_PERMISSION, test.case)
    if test.review_state != KinshipTest.Review.PROPOSED:
        raise ActionError(_("Test #%(id)s has no conclusion awaiting review.") % {"id": test.pk})
    user = acting_user(actor)
    if user is not None and (test.proposed_by_id is None or test.proposed_by_id == user.pk):
        raise ActionError(_("A second DNA analyst must review the conclusion: not the analyst who proposed it."))
    note = (note or "").strip()
    when = occurred_at or timezone.now()
    test.reviewed_by, test.reviewed_at, test.review_note = user, when, note[:4000]
    if not confirm:
        if not note:
            raise bad_input("note", _("Say why the conclusion is returned."))
        test.review_state = KinshipTest.Review.RETURNED
        test.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "review_note"])
        record(actor=actor, action="kinship.test.returned", obj=test, case_id=test.case_id, data={"note": note})
        return test
    _refuse_if_stale(test)
    _apply(actor, test, when)
    test.review_state = KinshipTest.Review.REVIEWED
    test.save(update_fields=["conclusion", "concluded_at", "concluded_by", "review_state", "reviewed_by",
                             "reviewed_at", "review_note"])
    record(actor=actor, action="kinship.test.concluded", obj=test, case_id=test.case_id,
           data={"conclusion": test.conclusion, "lr": test.lr, "log10_lr": test.log10_lr, "threshold": test.threshold,
                 "proposed_by": test.proposed_by_id, "reviewed_by": test.reviewed_by_id})
    return test


def _apply(actor: Any, test: KinshipTest, when: dt.datetime) -> None:
    """The reviewed conclusion takes effect on the family links and the case."""
    limit = float(test.threshold or lr_threshold())
    label = format_lr(test.lr, test.log10_lr)
    evidence = _("kinship test #%(id)s, LR=%(lr)s") % {"id": test.pk, "lr": label}
    case = test.case
    test.conclusion = test.proposed_conclusion
    if test.conclusion == KinshipTest.Conclusion.SUPPORTS:
        for ref in test.references.select_related("link"):
            if ref.link.status != FamilyLink.Status.DNA_VERIFIED:
                people_actions.set_link_status(actor=actor, link=ref.link, status=FamilyLink.Status.DNA_VERIFIED,
                                               evidence=evidence)
        already = CaseCheck.objects.filter(case=case, requirement__code=CHECK_CODE, done=True).exists()
        if not already:
            case_actions.set_check(actor=actor, case=case, code=CHECK_CODE, done=True,
                                   reference=_("kinship test #%(id)s") % {"id": test.pk},
                                   note=evidence, occurred_at=when, system=True)
    elif test.conclusion == KinshipTest.Conclusion.EXCLUDES:
        case_actions.add_note(actor=actor, case=case, text=_(
            "Kinship test #%(id)s excludes the claimed kinship (LR=%(lr)s, threshold 1/%(t)s); "
            "the family links stay claimed.") % {"id": test.pk, "lr": label, "t": f"{limit:,.0f}"})
    else:
        case_actions.add_note(actor=actor, case=case, text=_(
            "Kinship test #%(id)s is inconclusive (LR=%(lr)s, threshold %(t)s): more relatives or markers "
            "are needed.") % {"id": test.pk, "lr": label, "t": f"{limit:,.0f}"})
    test.concluded_at = when
    test.concluded_by = test.proposed_by


def flag_tests_using_profiles(*, actor: Any, profiles: list[StrProfile]) -> int:
    """Flag for recomputation every test that used an earlier profile of these profiles' people.

    Called in the import's transaction: a re-typed sample replaces the figures it gave.
    """
    people = {p.person_id for p in profiles}
    if not people:
        return 0
    new_ids = {p.pk for p in profiles}
    tests = KinshipTest.objects.filter(
        Q(child_id__in=people) | Q(references__person_id__in=people), status=KinshipTest.Status.DONE,
        needs_recompute=False,
    ).distinct()
    flagged = 0
    for test in tests:
        used = {test.child_profile_id} | {r.profile_id for r in test.references.all()}
        if used & new_ids:
            continue
        reason = _("A DNA profile it used was imported again after the computation.")
        KinshipTest.objects.filter(pk=test.pk).update(needs_recompute=True, recompute_reason=reason)
        record(actor=actor, action="kinship.test.flagged", obj=test, case_id=test.case_id,
               data={"reason": "profile", "profiles": sorted(new_ids)})
        flagged += 1
    return flagged


def flag_tests_using_frequencies(*, actor: Any = None) -> int:
    """Flag every computed test whose frequency table changed since it was computed."""
    flagged = 0
    for test in KinshipTest.objects.filter(status=KinshipTest.Status.DONE, needs_recompute=False).exclude(
            freq_db_version=""):
        if compute.freq_db_version(test.freq_db) != test.freq_db_version:
            reason = _("The frequency database %(db)s changed after the computation.") % {"db": test.freq_db}
            KinshipTest.objects.filter(pk=test.pk).update(needs_recompute=True, recompute_reason=reason)
            record(actor=actor, action="kinship.test.flagged", obj=test, case_id=test.case_id,
                   data={"reason": "frequencies", "freq_db": test.freq_db})
            flagged += 1
    return flagged


@transaction.atomic
def make_report(*, actor: Any, test: KinshipTest, context: dict[str, Any]) -> KinshipReport:
    """Render the signed report of a reviewed test (PDF, in the user's language) and keep it, sealed."""
    from homeward.core.pdf import render_pdf

    test = _locked(test)
    require_case(actor, "kinship.report.make", test.case)
    if test.review_state != KinshipTest.Review.REVIEWED:
        raise ActionError(_("Only a reviewed conclusion has a signed report."))
    pdf = render_pdf("kinship/report.html", context | {"test": test})
    digest = hashlib.sha256(pdf).hexdigest()
    report = KinshipReport(test=test, sha256=digest, language=(get_language() or "")[:10], created_by=acting_user(actor))
    report.pdf = crypto.seal_bytes(pdf, report.aad)
    report.save()
    record(actor=actor, action="kinship.report.made", obj=report, case_id=test.case_id,
           data={"test": test.pk, "sha256": digest, "proposed_by": test.proposed_by_id,
                 "reviewed_by": test.reviewed_by_id})
    return report


def read_report(*, actor: Any, report: KinshipReport) -> bytes:
    """The report's PDF (audited)."""
    require_case(actor, "kinship.report.make", report.test.case)
    record(actor=actor, action="kinship.report.read", obj=report, case_id=report.test.case_id,
           data={"sha256": report.sha256})
    return crypto.open_bytes(bytes(report.pdf), report.aad)


def holds_review(user: Any) -> bool:
    return policy.holds(user, REVIEW_PERMISSION)
