"""Sampling plans: for a child, which of the living relatives on record to sample, on which panel.

The candidates are the child's family links to living relatives whose relation a plan can model
(parents, grandparents, aunts and uncles on either side, full siblings). Every set of up to four
of them is simulated (``homeward.kinship.engine.planning``) with the programme's theta, mutation
model and threshold, and ranked by the chance of reaching the threshold. Larger plans run as a
background job that writes its progress.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.log import record
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.errors import ActionError
from homeward.kinship import compute
from homeward.kinship.actions.tests import acting_user, bad_input, defaults
from homeward.kinship.engine import KinshipInputError
from homeward.kinship.engine.kits import kit_ids, kit_marker_names
from homeward.kinship.engine.planning import candidate_sets, rank, simulate_power
from homeward.kinship.models import KinshipTest, SamplingPlan
from homeward.kinship.queries import lr_threshold
from homeward.people.models import FamilyLink

PERMISSION = "kinship.plan.run"
SIDED = {"grandmother", "grandfather", "aunt", "uncle"}
PLAIN = {"mother": "mother", "father": "father", "sister": "sister", "brother": "brother"}
#: Plans with more candidate sets than this run as a background job.
BACKGROUND_SETS = 4


def plan_name(link: FamilyLink) -> str | None:
    """The relative's name in a plan ("paternal grandmother"), or None if a plan cannot model it."""
    if link.relation in PLAIN:
        return PLAIN[link.relation]
    if link.relation in SIDED:
        side = "maternal" if (link.side or "").lower().startswith("m") else "paternal"
        return f"{side} {link.relation}"
    return None


def living_relatives(case: Case) -> list[tuple[FamilyLink, str]]:
    """The child's living relatives on record whom a plan can use, with their name in the plan."""
    out = []
    seen: set[str] = set()
    links = FamilyLink.objects.filter(person_id=case.child_id).select_related("relative").order_by("id")
    for link in links:
        name = plan_name(link)
        if name is None or link.relative.is_deceased or name in seen:
            continue
        seen.add(name)
        out.append((link, name))
    return out


@transaction.atomic
def request_sampling_plan(
    *, actor: Any, case: Case, panel: str, families: int = 40, seed: int = 1, background: bool | None = None,
) -> SamplingPlan:
    """Simulate every set of the child's living relatives on ``panel``; now, or as a background job."""
    require_case(actor, PERMISSION, case)
    if panel not in kit_ids():
        raise bad_input("panel", _("Unknown marker panel: %(p)s") % {"p": panel})
    if not 5 <= families <= 500:
        raise bad_input("families", _("Simulate between 5 and 500 families."))
    relatives = living_relatives(case)
    if not relatives:
        raise ActionError(_("The child has no living relative on record whom a plan can use (parents, "
                            "grandparents, aunts, uncles, full siblings)."))
    d = defaults()
    plan = SamplingPlan.objects.create(
        case=case, panel=panel, relatives=[{"person": link.relative_id, "as": name} for link, name in relatives],
        families=families, seed=seed, threshold=lr_threshold(), freq_db=d["freq_db"], theta=d["theta"],
        mutation_model=d["mutation_model"], mutation_rate=d["mutation_rate"], requested_at=timezone.now(),
        requested_by=acting_user(actor))
    record(actor=actor, action="kinship.plan.requested", obj=plan, case_id=case.pk,
           data={"panel": panel, "relatives": plan.relatives, "families": families, "seed": seed})
    sets = candidate_sets([r["as"] for r in plan.relatives])
    if background if background is not None else len(sets) > BACKGROUND_SETS:
        plan_id = plan.pk
        transaction.on_commit(lambda: _enqueue(plan_id))
        return plan
    return compute_sampling_plan(plan_id=plan.pk)


def _enqueue(plan_id: int) -> None:
    from homeward.kinship.tasks import compute_sampling_plan_job

    compute_sampling_plan_job.enqueue(plan_id)


def compute_sampling_plan(*, plan_id: int) -> SamplingPlan:
    """Run the simulation of a plan, writing progress; safe to run again (a computed plan is kept)."""
    plan = SamplingPlan.objects.get(pk=plan_id)
    if plan.status == KinshipTest.Status.DONE:
        return plan
    SamplingPlan.objects.filter(pk=plan_id).update(status=KinshipTest.Status.RUNNING, progress=0)
    db = compute.frequency_db(plan.freq_db)
    markers = [m for m in kit_marker_names(plan.panel) if m in db]
    sets = candidate_sets([r["as"] for r in plan.relatives])

    def progress(done: int, total: int) -> None:
        SamplingPlan.objects.filter(pk=plan_id).update(progress=min(99, int(100 * done / total)))

    try:
        rows = simulate_power(sets, db, markers, families=plan.families, seed=plan.seed, threshold=plan.threshold,
                              theta=plan.theta, mutation=compute.mutation(plan.mutation_model, plan.mutation_rate),
                              progress=progress)
    except (KinshipInputError, *compute.EngineError) as exc:
        SamplingPlan.objects.filter(pk=plan_id).update(status=KinshipTest.Status.FAILED, error=str(exc)[:2000])
        plan.refresh_from_db()
        return plan
    plan.results = [{"relatives": list(r.relatives), "power": r.power, "false_inclusion": r.false_inclusion,
                     "exclusion": r.exclusion, "median_log10_lr": r.median_log10_lr} for r in rank(rows)]
    plan.status, plan.progress = KinshipTest.Status.DONE, 100
    plan.save(update_fields=["results", "status", "progress"])
    record(actor=None, action="kinship.plan.computed", obj=plan, case_id=plan.case_id,
           data={"sets": len(rows), "best": plan.results[0]["relatives"] if plan.results else []})
    return plan
