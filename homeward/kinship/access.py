"""The gate to DNA samples, profiles and kinship tests (policy: accounts/policy.py).

A sample or a test is reachable exactly when its case is, under the kinship permissions; the
genotypes themselves only under ``kinship.genotype.view`` (DNA analysts and administrators).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from homeward.accounts import policy
from homeward.cases.access import case_filter, require_case
from homeward.core.access import one_or_404
from homeward.kinship.models import DnaSample, KinshipReport, KinshipTest, SamplingPlan

VIEW = "kinship.case.view"
GENOTYPES = "kinship.genotype.view"


def samples_visible_to(user: Any, permission: str = VIEW) -> QuerySet[DnaSample]:
    """Samples of the cases ``user`` reaches under ``permission``."""
    grant = policy.grant(user, permission)
    if grant is None:
        return DnaSample.objects.none()
    return DnaSample.objects.filter(case_filter(grant, "case__"))


def get_sample_for_user(user: Any, sample_id: int | str, permission: str = VIEW) -> DnaSample:
    """The sample if ``user`` may reach its case; Http404 otherwise, as for a missing one."""
    qs = samples_visible_to(user, permission).select_related(
        "case", "case__child", "donor", "lab", "collection_facility", "collection_office", "requested_by")
    sample: DnaSample = one_or_404(qs, sample_id, "sample")
    return sample


def tests_visible_to(user: Any, permission: str = VIEW) -> QuerySet[KinshipTest]:
    grant = policy.grant(user, permission)
    if grant is None:
        return KinshipTest.objects.none()
    return KinshipTest.objects.filter(case_filter(grant, "case__"))


def get_test_for_user(user: Any, test_id: int | str, permission: str = VIEW) -> KinshipTest:
    """The kinship test if ``user`` may reach its case; Http404 otherwise."""
    qs = tests_visible_to(user, permission).select_related(
        "case", "child", "child_profile", "child_profile__sample", "requested_by", "concluded_by")
    test: KinshipTest = one_or_404(qs, test_id, "test")
    return test


def sees_genotypes(user: Any) -> bool:
    return policy.holds(user, GENOTYPES)


def require_sample(actor: Any, permission: str, sample: DnaSample) -> None:
    """For actions: Forbidden unless the actor holds ``permission`` for the sample's case."""
    require_case(actor, permission, sample.case)


def get_report_for_user(user: Any, report_id: int | str) -> KinshipReport:
    """A kinship test's signed report, if ``user`` may make and read reports on its case; Http404 otherwise."""
    grant = policy.grant(user, "kinship.report.make")
    qs = (KinshipReport.objects.none() if grant is None
          else KinshipReport.objects.filter(case_filter(grant, "test__case__")).select_related("test", "test__case"))
    report: KinshipReport = one_or_404(qs, report_id, "report")
    return report


def get_plan_for_user(user: Any, plan_id: int | str, permission: str = VIEW) -> SamplingPlan:
    """A sampling plan, if ``user`` may reach its case under ``permission``; Http404 otherwise."""
    grant = policy.grant(user, permission)
    qs = (SamplingPlan.objects.none() if grant is None
          else SamplingPlan.objects.filter(case_filter(grant, "case__")).select_related("case"))
    plan: SamplingPlan = one_or_404(qs, plan_id, "plan")
    return plan
