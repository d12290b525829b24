"""DVI in the app: every child's profile against every case's reference family, as a background job.

Each case whose child has typed relatives gives a reference family (its claimed pedigree, the
child untyped as the missing member); every case child with a profile is a person of interest.
The engine's blind search ranks, per family, the children most likely to be its missing member
and, per child, the most likely families, with LR, posterior at the stated prior (default 1 /
number of families), exclusions and markers. A family whose best child is not its own flags a
possible swap; each row leads to a kinship test on that family for confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from homeward.accounts import policy
from homeward.audit.log import record
from homeward.cases.models import Case
from homeward.kinship import compute
from homeward.kinship.actions.tests import SEX_CODE, acting_user, bad_input, defaults
from homeward.kinship.engine import Reference, blind_search
from homeward.kinship.models import DviSearch, KinshipTest, StrProfile
from homeward.kinship.pedigrees import PedigreeBuildError, build_claimed_pedigree
from homeward.kinship.pedigrees import Reference as Ref
from homeward.kinship.queries import latest_profiles, typed_relatives

PERMISSION = "kinship.dvi.run"
TOP = 5


@transaction.atomic
def start_dvi_search(
    *, actor: Any, case_ids: Sequence[int] = (), prior: float | None = None, background: bool = True,
) -> DviSearch:
    """Start a blind search over all cases (or ``case_ids``) as a background job."""
    policy.require(actor, PERMISSION)
    if prior is not None and not 0 < prior < 1:
        raise bad_input("prior", "The prior probability must be strictly between 0 and 1.")
    d = defaults()
    search = DviSearch.objects.create(case_ids=list(case_ids), prior=prior, freq_db=d["freq_db"], theta=d["theta"],
                                      requested_at=timezone.now(), requested_by=acting_user(actor))
    record(actor=actor, action="kinship.dvi.requested", obj=search, data={"cases": list(case_ids), "prior": prior})
    if background:
        search_id = search.pk
        transaction.on_commit(lambda: _enqueue(search_id))
        return search
    return compute_dvi_search(search_id=search.pk)


def _enqueue(search_id: int) -> None:
    from homeward.kinship.tasks import compute_dvi_search_job

    compute_dvi_search_job.enqueue(search_id)


def _inputs(case_ids: Sequence[int]) -> tuple[dict[str, dict[str, str]], list[Reference], list[str]]:
    qs = Case.objects.select_related("child").order_by("id")
    if case_ids:
        qs = qs.filter(pk__in=case_ids)
    cases = list(qs)
    children: dict[int, StrProfile] = latest_profiles([c.child_id for c in cases])
    pois = {f"case{c.pk}": dict(children[c.child_id].genotypes) for c in cases if c.child_id in children}
    refs: list[Reference] = []
    warnings: list[str] = []
    for case in cases:
        typed = typed_relatives(case)
        if not typed:
            continue
        try:
            claimed = build_claimed_pedigree(SEX_CODE.get(case.child.sex, 0), [
                Ref(f"p{t.link.relative_id}", t.link.relation, t.link.side, SEX_CODE.get(t.link.relative.sex, 0))
                for t in typed])
        except PedigreeBuildError as exc:
            warnings.append(f"case {case.reference}: {exc}")
            continue
        ped = compute.reference_pedigree(claimed, {f"p{t.link.relative_id}": dict(t.profile.genotypes) for t in typed})
        ped.name = f"case{case.pk}"
        refs.append(Reference(ped, claimed.node_of["child"]))
    return pois, refs, warnings


def compute_dvi_search(*, search_id: int) -> DviSearch:
    """Run a search with the engine, writing progress per marker; a finished search is kept."""
    search = DviSearch.objects.get(pk=search_id)
    if search.status == KinshipTest.Status.DONE:
        return search
    DviSearch.objects.filter(pk=search_id).update(status=KinshipTest.Status.RUNNING, progress=0)
    pois, refs, warnings = _inputs(search.case_ids)

    def progress(done: int, total: int) -> None:
        DviSearch.objects.filter(pk=search_id).update(progress=min(99, int(100 * done / max(1, total))))

    if not pois or not refs:
        DviSearch.objects.filter(pk=search_id).update(
            status=KinshipTest.Status.FAILED, error="No child profile or no reference family to search.")
        search.refresh_from_db()
        return search
    try:
        result = blind_search(pois, refs, compute.frequency_db(search.freq_db), theta=search.theta,
                              progress=False, on_marker=progress)
    except compute.EngineError as exc:
        DviSearch.objects.filter(pk=search_id).update(status=KinshipTest.Status.FAILED, error=str(exc)[:2000])
        search.refresh_from_db()
        return search

    def rows(by: str) -> list[dict[str, Any]]:
        cols = result.ranking(by, TOP, search.prior)
        out = []
        for k in range(len(cols["rank"])):
            out.append({
                "case": int(result.references[int(cols["reference_index"][k])].family[4:]),
                "child_case": int(result.pois[int(cols["poi_index"][k])][4:]),
                "rank": int(cols["rank"][k]), "log10_lr": _finite(float(cols["log10_LR"][k])),
                "posterior": float(cols["posterior"][k]), "exclusions": int(cols["exclusions"][k]),
                "markers": int(cols["markers"][k]),
            })
        return out

    search.results = {"by_family": rows("family"), "by_child": rows("person"), "warnings": warnings + result.warnings,
                      "families": len(refs), "children": len(pois)}
    search.status, search.progress = KinshipTest.Status.DONE, 100
    search.save(update_fields=["results", "status", "progress"])
    record(actor=None, action="kinship.dvi.computed", obj=search,
           data={"families": len(refs), "children": len(pois)})
    return search


def _finite(value: float) -> float | None:
    return None if value == float("-inf") else value
