"""Kinship tests: set one up, compute it with the engine (now or as a background job), conclude it.

A conclusion above the threshold makes every tested family link DNA-verified and ticks the case's
``dna_kinship_confirmed`` check, in one transaction with its audit entries. Import these from
:mod:`homeward.kinship.actions`.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from homeward.audit.log import record
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.errors import ActionError
from homeward.kinship import compute
from homeward.kinship.models import KinshipReference, KinshipTest
from homeward.kinship.pedigrees import (
    CHILD,
    RELATION_SEX,
    ClaimedPedigree,
    Node,
    PedigreeBuildError,
    Reference,
    build_claimed_pedigree,
    side_of,
)
from homeward.kinship.queries import latest_profile, latest_profiles
from homeward.people.models import FamilyLink, Person

CHECK_CODE = "dna_kinship_confirmed"
SEX_CODE = {"M": 1, "F": 2}
RELATION_LABELS = dict(FamilyLink.Relation.choices)
SIDE_LABELS = {"paternal": gettext_lazy("paternal"), "maternal": gettext_lazy("maternal")}
H2_LABEL = gettext_noop("The child is unrelated to the relatives, who are related among themselves as claimed")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def defaults() -> dict[str, Any]:
    """The programme's default computation settings (settings.HOMEWARD may override them).

    Theta 0.01 allows for a structured population; the proportional mutation model keeps a
    father-line mutation from reading as an exclusion and, unlike the stepwise model, lets the
    engine merge unseen alleles, so theta stays exactly computable on every marker.
    """
    cfg = settings.HOMEWARD
    return {
        "freq_db": cfg.get("KINSHIP_FREQ_DB", compute.DEFAULT_FREQ_DB),
        "theta": float(cfg.get("KINSHIP_THETA", 0.01)),
        "mutation_model": cfg.get("KINSHIP_MUTATION_MODEL", "proportional"),
        "mutation_rate": float(cfg.get("KINSHIP_MUTATION_RATE", 0.001)),
    }


def _bad(field: str, message: str) -> ActionError:
    return ActionError(message, field_errors={field: [message]})


def _check_settings(freq_db: str, theta: float, mutation_model: str, mutation_rate: float, prior: float) -> None:
    if freq_db not in compute.FREQUENCY_DATABASES:
        raise _bad("freq_db", _("Unknown frequency database: %(name)s") % {"name": freq_db})
    if not 0 <= theta <= 0.25:
        raise _bad("theta", _("Theta must be between 0 and 0.25."))
    if mutation_model and mutation_model not in compute.MUTATION_MODELS:
        raise _bad("mutation_model", _("Unknown mutation model: %(name)s") % {"name": mutation_model})
    if not 0 <= mutation_rate <= 0.1:
        raise _bad("mutation_rate", _("The mutation rate must be between 0 and 0.1."))
    if not 0 < prior < 1:
        raise _bad("prior", _("The prior probability must be strictly between 0 and 1."))


def h1_label(pedigree: ClaimedPedigree, refs: Sequence[tuple[str, str]]) -> str:
    """H1 in words from the (relation, side) of each reference, naming untyped parents."""
    parts = [f"{RELATION_LABELS.get(rel, rel)}" + (f" ({SIDE_LABELS.get(side, side)})" if side else "")
             for rel, side in refs]
    untyped = [_(n.role) for n in pedigree.nodes.values() if n.ref is None and n.role in ("father", "mother")]
    text = _("As claimed: the relatives are the child's %(relatives)s") % {"relatives": ", ".join(parts)}
    if untyped:
        text += "; " + _("untyped: %(who)s") % {"who": ", ".join(untyped)}
    return text


@transaction.atomic
def run_kinship_test(
    *, actor: Any, case: Case, links: Sequence[FamilyLink], freq_db: str | None = None,
    theta: float | None = None, mutation_model: str | None = None, mutation_rate: float | None = None,
    prior: float = 0.5, background: bool = False, requested_at: dt.datetime | None = None,
    alternatives: Sequence[tuple[str, Mapping[int, str]]] = (), priors: Sequence[float] | None = None,
) -> KinshipTest:
    """Set up a kinship test of the child of ``case`` against the typed relatives of ``links``.

    The claimed pedigree is built from each link's relation (and side) to the child, adding the
    untyped people who connect them. With ``background`` the computation is enqueued as a job once
    this transaction commits; otherwise it runs now and the test comes back computed.

    ``alternatives`` states competing hypotheses, each a label and new relations for some of the
    links (``{link id: relation}``: the alleged father as the paternal uncle, a brother as a half
    brother, the other sister as the mother). The test then also weighs the claimed pedigree, each
    alternative and "unrelated" together (likelihoods, LRs, posteriors under ``priors``, one per
    hypothesis in that order; equal by default).
    """
    require_case(actor, "kinship.test.run", case)
    d = defaults()
    freq_db = freq_db or d["freq_db"]
    theta = d["theta"] if theta is None else theta
    mutation_model = d["mutation_model"] if mutation_model is None else mutation_model
    mutation_rate = d["mutation_rate"] if mutation_rate is None else mutation_rate
    _check_settings(freq_db, theta, mutation_model, mutation_rate, prior)
    child = Person.objects.get(pk=case.child_id)
    child_profile = latest_profile(child)
    if child_profile is None:
        raise _bad("links", _("The child has no DNA profile yet: import the lab's results for the child's sample."))
    if not links:
        raise _bad("links", _("Choose at least one typed relative."))
    profiles = latest_profiles([link.relative_id for link in links])
    refs: list[Reference] = []
    for link in links:
        if link.person_id != case.child_id:
            raise _bad("links", _("Family link #%(id)s is not a link of this child.") % {"id": link.pk})
        if link.relative_id not in profiles:
            raise _bad("links", _("%(who)s (%(relation)s) has no DNA profile yet.")
                       % {"who": link.relative, "relation": link.get_relation_display()})
        refs.append(Reference(f"p{link.relative_id}", link.relation, link.side,
                              SEX_CODE.get(link.relative.sex, 0), f"{link.relative} ({link.get_relation_display()})"))
    try:
        pedigree = build_claimed_pedigree(SEX_CODE.get(child.sex, 0), refs)
    except PedigreeBuildError as exc:
        raise _bad("links", str(exc)) from None
    stated = _stated_hypotheses(child, links, refs, pedigree, alternatives, priors)
    test = KinshipTest.objects.create(
        case=case, child=child, child_profile=child_profile, pedigree=pedigree_json(pedigree), hypotheses=stated,
        h2_label=_(H2_LABEL),
        freq_db=freq_db, theta=theta, mutation_model=mutation_model, mutation_rate=mutation_rate, prior=prior,
        requested_at=requested_at or timezone.now(), requested_by=_user(actor), engine_version=compute.engine_version(),
    )
    rows = [
        KinshipReference(test=test, person_id=link.relative_id, link=link, relation=link.relation,
                         side=side_of(link.relation, link.side),
                         profile=profiles[link.relative_id], node=pedigree.node_of[f"p{link.relative_id}"])
        for link in links
    ]
    KinshipReference.objects.bulk_create(rows)
    test.h1_label = h1_label(pedigree, [(r.relation, r.side) for r in rows])[:500]
    test.save(update_fields=["h1_label"])
    record(actor=actor, action="kinship.test.requested", obj=test, case_id=case.pk,
           data={"references": [r.person_id for r in rows], "freq_db": freq_db, "theta": theta,
                 "mutation": mutation_model, "background": background})
    if background:
        test_id = test.pk
        transaction.on_commit(lambda: _enqueue(test_id))
        return test
    return compute_kinship_test(test_id=test.pk)


def _stated_hypotheses(
    child: Person, links: Sequence[FamilyLink], refs: list[Reference], pedigree: ClaimedPedigree,
    alternatives: Sequence[tuple[str, Mapping[int, str]]], priors: Sequence[float] | None,
) -> list[dict[str, Any]]:
    if not alternatives:
        return []
    by_link = {link.pk: k for k, link in enumerate(links)}
    stated: list[dict[str, Any]] = [{"label": _("H1: as claimed"), "pedigree": pedigree_json(pedigree)}]
    for label, relations in alternatives:
        changed = list(refs)
        for link_id, relation in relations.items():
            if link_id not in by_link:
                raise _bad("alternative", _("Family link #%(id)s is not one of the test's relatives.") % {"id": link_id})
            if relation not in RELATION_SEX:
                raise _bad("alternative", _("Unknown relation: %(r)s") % {"r": relation})
            old = changed[by_link[link_id]]
            changed[by_link[link_id]] = Reference(old.key, relation, old.side, old.sex, old.label)
        try:
            alt = build_claimed_pedigree(SEX_CODE.get(child.sex, 0), changed)
        except PedigreeBuildError as exc:
            raise _bad("alternative", f"{label}: {exc}") from None
        stated.append({"label": str(label)[:200], "pedigree": pedigree_json(alt)})
    stated.append({"label": _("unrelated"), "pedigree": pedigree_json(pedigree), "child_unrelated": True})
    if priors is not None:
        if len(priors) != len(stated) or any(not 0 < p for p in priors):
            raise _bad("priors", _("Give one positive prior per hypothesis (%(n)d).") % {"n": len(stated)})
    for k, h in enumerate(stated):
        h["prior"] = float(priors[k]) if priors is not None else 1.0 / len(stated)
    labels = [h["label"] for h in stated]
    if len(set(labels)) != len(labels):
        raise _bad("alternative", _("Every hypothesis needs its own label."))
    return stated


def pedigree_json(pedigree: ClaimedPedigree) -> list[dict[str, object]]:
    out = pedigree.as_list()
    for node in out:
        ref = node["ref"]
        node["person"] = int(ref[1:]) if isinstance(ref, str) and ref.startswith("p") else None
    return out


def _enqueue(test_id: int) -> None:
    from homeward.kinship.tasks import compute_kinship_test_job

    result = compute_kinship_test_job.enqueue(test_id)
    KinshipTest.objects.filter(pk=test_id, task_id="").update(task_id=str(result.id)[:64])


def pedigree_from_json(rows: list[dict[str, Any]]) -> ClaimedPedigree:
    """The claimed pedigree stored with a test, back as the builder made it."""
    ped = ClaimedPedigree()
    for r in rows:
        ped.nodes[r["id"]] = Node(r["id"], r["father"], r["mother"], int(r["sex"]), r.get("role", ""), r["ref"])
        if r["ref"] is not None:
            ped.node_of[r["ref"]] = r["id"]
    return ped


def compute_kinship_test(*, test_id: int) -> KinshipTest:
    """Compute a test's LR with the engine and store it. Safe to run again: a computed test is kept.

    Progress is written as the markers are done, so the page that started a background job can
    show it. Input the engine refuses marks the test failed, with the engine's message.
    """
    with transaction.atomic():
        test = KinshipTest.objects.select_for_update().get(pk=test_id)
        if test.status == KinshipTest.Status.DONE:
            return test
        KinshipTest.objects.filter(pk=test_id).update(status=KinshipTest.Status.RUNNING, progress=0, error="")
    pedigree = pedigree_from_json(test.pedigree)
    genotypes: dict[str, dict[str, str]] = {CHILD: dict(test.child_profile.genotypes)}
    for ref in test.references.select_related("profile"):
        genotypes[f"p{ref.person_id}"] = dict(ref.profile.genotypes)

    def progress(done: int, total: int) -> None:
        KinshipTest.objects.filter(pk=test_id).update(progress=min(99, int(100 * done / total)))

    try:
        outcome = compute.compute_lr(
            pedigree, genotypes, freq_db=test.freq_db, theta=test.theta, mutation_model=test.mutation_model,
            mutation_rate=test.mutation_rate, progress=progress,
        )
    except compute.EngineError as exc:
        with transaction.atomic():
            KinshipTest.objects.filter(pk=test_id).update(status=KinshipTest.Status.FAILED, error=str(exc)[:2000])
            test.refresh_from_db()
            record(actor=None, action="kinship.test.failed", obj=test, case_id=test.case_id, data={"error": str(exc)})
        return test
    with transaction.atomic():
        test = KinshipTest.objects.select_for_update().get(pk=test_id)
        if test.status == KinshipTest.Status.DONE:
            return test
        lr = min(outcome.lr, sys.float_info.max)
        test.status = KinshipTest.Status.DONE
        test.progress = 100
        test.lr = lr
        test.log10_lr = outcome.log10_lr
        test.posterior = compute.posterior(lr, test.prior)
        test.per_marker = outcome.per_marker
        test.markers_used = len(outcome.per_marker)
        test.skipped_markers = outcome.skipped
        test.computed_at = timezone.now()
        test.engine_version = compute.engine_version()
        test.freq_db_version = compute.freq_db_version(test.freq_db)
        if test.hypotheses:
            test.hypothesis_results = [
                {"label": r.label, "log10_likelihood": r.log10_likelihood, "log10_lr": r.log10_lr,
                 "posterior": r.posterior, "per_marker": r.per_marker}
                for r in compute.compare_stated(test.hypotheses, genotypes, freq_db=test.freq_db, theta=test.theta,
                                                mutation_model=test.mutation_model, mutation_rate=test.mutation_rate)
            ]
        test.needs_recompute = False
        test.recompute_reason = ""
        test.save()
        record(actor=None, action="kinship.test.computed", obj=test, case_id=test.case_id,
               data={"log10_lr": test.log10_lr, "markers": test.markers_used})
    return test


#: For the other kinship actions: a refusal naming a form field, and the acting user (None for the system).
bad_input = _bad
acting_user = _user
