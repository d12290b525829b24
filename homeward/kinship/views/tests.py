"""Kinship test pages: set up a test, follow a background computation, read and conclude it.

Genotypes and per-marker LRs are shown to genetic roles only; everyone who may see the case sees
the hypotheses, the pedigree, the LR summary and the conclusion. Every view is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.audit.log import record
from homeward.cases.access import get_case_for_user
from homeward.core.editing import client_ip
from homeward.kinship import access, actions, queries
from homeward.kinship.actions import review
from homeward.kinship.actions.tests import SIDE_LABELS, defaults
from homeward.kinship.drawing import layout
from homeward.kinship.engine import marker_key
from homeward.kinship.forms import KinshipTestForm
from homeward.kinship.models import KinshipTest
from homeward.kinship.views.samples import attempt, form_errors
from homeward.people.models import FamilyLink, Person


def _link_choices(case: Any) -> tuple[list[tuple[int, str]], dict[int, FamilyLink]]:
    typed = queries.typed_relatives(case)
    choices = []
    for t in typed:
        side = t.link.side if t.link.side and t.link.relation not in ("mother", "father") else ""
        choices.append((t.link.pk, _("%(name)s (%(relation)s%(side)s; %(n)d markers)") % {
            "name": t.link.relative.display_name, "relation": t.link.get_relation_display(),
            "side": f", {SIDE_LABELS.get(side, side)}" if side else "", "n": t.profile.marker_count}))
    return choices, {t.link.pk: t.link for t in typed}


@gate("kinship.test.run", methods=("GET", "POST"))
def test_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Choose the typed relatives and the computation settings, then compute (now or as a job)."""
    case = get_case_for_user(request.user, case_id, "kinship.test.run")
    choices, links = _link_choices(case)
    initial = defaults() | {"prior": 0.5, "links": list(links)}
    form = KinshipTestForm(request.POST or None, links=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        alternatives = []
        if d.get("alt_link") and d.get("alt_relation"):
            alternatives = [(d["alt_label"] or _("alternative: %(r)s") % {"r": d["alt_relation"]},
                             {d["alt_link"]: d["alt_relation"]})]
        test, error = attempt(lambda: actions.run_kinship_test(
            alternatives=alternatives,
            actor=request.user, case=case, links=[links[i] for i in d["links"]], freq_db=d["freq_db"],
            theta=d["theta"], mutation_model=d["mutation_model"], mutation_rate=d["mutation_rate"],
            prior=d["prior"], background=d["background"]))
        if error is None:
            if test.status == KinshipTest.Status.FAILED:
                messages.error(request, _("The computation failed: %(e)s") % {"e": test.error})
            return redirect("kinship:test", test_id=test.pk)
        form_errors(form, error)
    child_profiled = queries.latest_profile(case.child_id) is not None
    status = 422 if request.method == "POST" else 200
    return render(request, "kinship/test_new.html", {"form": form, "case": case, "child_profiled": child_profiled},
                  status=status)


ROLE_LABELS = {
    "child": _lazy("child"), "father": _lazy("father"), "mother": _lazy("mother"),
    "paternal grandfather": _lazy("paternal grandfather"), "paternal grandmother": _lazy("paternal grandmother"),
    "maternal grandfather": _lazy("maternal grandfather"), "maternal grandmother": _lazy("maternal grandmother"),
    "paternal uncle": _lazy("paternal uncle"), "paternal aunt": _lazy("paternal aunt"),
    "maternal uncle": _lazy("maternal uncle"), "maternal aunt": _lazy("maternal aunt"),
    "sister": _lazy("sister"), "brother": _lazy("brother"),
    "paternal half-sister": _lazy("paternal half-sister"), "paternal half-brother": _lazy("paternal half-brother"),
    "maternal half-sister": _lazy("maternal half-sister"), "maternal half-brother": _lazy("maternal half-brother"),
    "paternal cousin": _lazy("paternal cousin"), "maternal cousin": _lazy("maternal cousin"),
    "paternal aunt or uncle": _lazy("paternal aunt or uncle"), "maternal aunt or uncle": _lazy("maternal aunt or uncle"),
    "other parent": _lazy("other parent"), "spouse": _lazy("spouse"),
}


def _pedigree_drawing(test: KinshipTest) -> Any:
    return layout(test.pedigree, _labels(test, test.pedigree))


def _labels(test: KinshipTest, pedigree: list[dict[str, Any]]) -> dict[str, tuple[str, str, bool]]:
    # Untyped parents are still named (and marked deceased) from the child's own family links.
    parents = {link.relation: link.relative_id for link in FamilyLink.objects.filter(
        person_id=test.child_id, relation__in=["father", "mother"])}
    ids = [n["person"] for n in pedigree if n.get("person")] + list(parents.values()) + [test.child_id]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).prefetch_related("names")}
    labels: dict[str, tuple[str, str, bool]] = {}
    for n in pedigree:
        pid = test.child_id if n["ref"] == "child" else n.get("person") or parents.get(n["id"])
        person = people.get(pid) if pid else None
        role = str(ROLE_LABELS.get(str(n.get("role")), n.get("role") or ""))
        name = _short(person.display_name) if person is not None else ""
        if n["ref"] is None:
            role = f"{role} · {_('untyped')}"
        labels[n["id"]] = (role, name, bool(person and person.is_deceased))
    return labels


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _marker_rows(test: KinshipTest) -> list[dict[str, Any]]:
    """Per marker: the LR and every typed person's genotype (for genetic roles only)."""
    refs = list(test.references.select_related("profile", "person"))
    child = {marker_key(m): g for m, g in test.child_profile.genotypes.items()}
    per_ref = [{marker_key(m): g for m, g in r.profile.genotypes.items()} for r in refs]
    rows = []
    for marker, value in test.per_marker.items():
        key = marker_key(marker)
        rows.append({"marker": marker, "lr": value, "lr_label": "0" if value == 0 else f"{value:.4g}",
                     "child": child.get(key, ""),
                     "refs": [p.get(key, "") for p in per_ref], "excludes": value == 0})
    return rows


def _test_context(request: HttpRequest, test: KinshipTest) -> dict[str, Any]:
    genetic = access.sees_genotypes(request.user)
    refs = list(test.references.select_related("person", "link", "profile__sample").prefetch_related("person__names"))
    return {
        "test": test,
        "case": test.case,
        "refs": refs,
        "genetic": genetic,
        "drawing": _pedigree_drawing(test),
        "marker_rows": _marker_rows(test) if genetic and test.status == KinshipTest.Status.DONE else [],
        "threshold": queries.lr_threshold(),
        "can_conclude": policy.holds(request.user, "kinship.test.run") and test.status == KinshipTest.Status.DONE
        and not test.conclusion and test.review_state != KinshipTest.Review.PROPOSED,
        "can_review": review.holds_review(request.user) and test.review_state == KinshipTest.Review.PROPOSED
        and test.proposed_by_id != getattr(request.user, "pk", None),
        "can_report": policy.holds(request.user, "kinship.report.make")
        and test.review_state == KinshipTest.Review.REVIEWED,
        "reports": list(test.reports.select_related("created_by")) if genetic else [],
        "stale": review.stale_reasons(test),
        "hypotheses": _hypothesis_rows(test),
        "flagged": [r.profile.sample for r in refs if r.profile.sample.flagged]
        + ([test.child_profile.sample] if test.child_profile.sample.flagged else []),
    }


@gate(access.VIEW)
def test_detail(request: HttpRequest, test_id: int) -> HttpResponse:
    """A kinship test: hypotheses, the pedigree, the LR and conclusion; genotypes for genetic roles."""
    test = access.get_test_for_user(request.user, test_id)
    context = _test_context(request, test)
    response = render(request, "kinship/test.html", context)
    record(actor=request.user, action="kinship.test.viewed", obj=test, case_id=test.case_id, ip=client_ip(request),
           data={"genetic": context["genetic"]})
    if context["genetic"]:
        ip = client_ip(request)
        profiles = [test.child_profile] + [r.profile for r in context["refs"]]
        for profile in profiles:
            record(actor=request.user, action="kinship.profile.viewed", obj=profile, case_id=test.case_id, ip=ip,
                   data={"via_test": test.pk})
    return response


@gate(access.VIEW)
def test_status(request: HttpRequest, test_id: int) -> HttpResponse:
    """The status partial a page polls while a background computation runs (no genetic data)."""
    test = access.get_test_for_user(request.user, test_id)
    response = render(request, "kinship/test.html#status", {"test": test})
    if test.is_finished and request.GET.get("polling"):
        response["HX-Refresh"] = "true"
    return response


@gate("kinship.test.run", methods=("POST",))
def test_conclude(request: HttpRequest, test_id: int) -> HttpResponse:
    """Propose the conclusion of a computed test, for a second analyst to review."""
    test = access.get_test_for_user(request.user, test_id, "kinship.test.run")
    proposed, error = attempt(lambda: actions.conclude_kinship(actor=request.user, test=test))
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Proposed: %(c)s. A second DNA analyst must now review it.")
                         % {"c": proposed.get_proposed_conclusion_display()})
    return redirect("kinship:test", test_id=test.pk)


@gate(review.REVIEW_PERMISSION, methods=("POST",))
def test_review(request: HttpRequest, test_id: int) -> HttpResponse:
    """A second analyst confirms the proposed conclusion or returns it with a note."""
    test = access.get_test_for_user(request.user, test_id, review.REVIEW_PERMISSION)
    confirm = request.POST.get("decision") == "confirm"
    note = request.POST.get("note", "")
    reviewed, error = attempt(lambda: actions.review_kinship(actor=request.user, test=test, confirm=confirm,
                                                             note=note))
    if error is not None:
        messages.error(request, error.message)
    elif confirm:
        messages.success(request, _("Reviewed and concluded: %(c)s.") % {"c": reviewed.get_conclusion_display()})
    else:
        messages.success(request, _("Returned to the analyst with your note."))
    return redirect("kinship:test", test_id=test.pk)


@gate("kinship.report.make", methods=("POST",))
def test_report_make(request: HttpRequest, test_id: int) -> HttpResponse:
    """Render and keep the signed report of a reviewed test."""
    test = access.get_test_for_user(request.user, test_id, "kinship.report.make")
    context = _report_context(request, test)
    report, error = attempt(lambda: actions.make_report(actor=request.user, test=test, context=context))
    if error is not None:
        messages.error(request, error.message)
        return redirect("kinship:test", test_id=test.pk)
    return redirect("kinship:report", report_id=report.pk)


@gate("kinship.report.make")
def report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    """The signed report's PDF."""
    report = access.get_report_for_user(request.user, report_id)
    data = actions.read_report(actor=request.user, report=report)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kinship-test-{report.test_id}-report.pdf"'
    return response


def _report_context(request: HttpRequest, test: KinshipTest) -> dict[str, Any]:
    refs = list(test.references.select_related("person", "link").prefetch_related("person__names"))
    rows = [{"marker": m, "lr": v, "lr_label": "0" if v == 0 else f"{v:.4g}"} for m, v in test.per_marker.items()]
    return {"case": test.case, "refs": refs, "marker_rows": rows, "hypotheses": _hypothesis_rows(test),
            "freq_db_version": test.freq_db_version, "exclusions": [r["marker"] for r in rows if r["lr"] == 0],
            "printed_at": timezone.now()}


def _hypothesis_rows(test: KinshipTest) -> list[dict[str, Any]]:
    """Each stated hypothesis with its log10 likelihood, its LR against the last one and posterior."""
    rows = []
    results = {r["label"]: r for r in test.hypothesis_results}
    for h in test.hypotheses:
        r = results.get(h["label"], {})
        rows_ = [dict(n) for n in h["pedigree"]]
        if h.get("child_unrelated"):
            for n in rows_:
                if n["ref"] == "child":
                    n["father"] = n["mother"] = None
        rows.append({"label": h["label"], "prior": h.get("prior"), "log10": r.get("log10_likelihood"),
                     "log10_lr": r.get("log10_lr"), "posterior": r.get("posterior"),
                     "drawing": layout(rows_, _labels(test, rows_))})
    return rows
