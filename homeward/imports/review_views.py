"""Probable duplicates for review, merging two records of one person, and undoing a merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.audit.log import record_list
from homeward.core.access import one_or_404
from homeward.core.editing import client_ip, run
from homeward.imports import merge as merging
from homeward.imports.models import DuplicatePair, Merge
from homeward.people.access import get_person_for_user, people_visible_to
from homeward.people.models import Person

REVIEW = "people.duplicate.review"


def pairs_visible_to(user: Any) -> Any:
    people = people_visible_to(user, REVIEW).values("pk")
    return DuplicatePair.objects.filter(person_a__in=people, person_b__in=people)


def merges_visible_to(user: Any) -> Any:
    return Merge.objects.filter(survivor__in=people_visible_to(user, merging.MERGE).values("pk"))


@gate(REVIEW)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Open pairs of probable duplicates, best first, each with its explanation."""
    pairs = (pairs_visible_to(request.user).filter(status=DuplicatePair.Status.OPEN)
             .select_related("person_a", "person_b", "person_a__case", "person_b__case")
             .prefetch_related("person_a__names", "person_b__names"))
    page = Paginator(pairs, 25).get_page(request.GET.get("page"))
    response = render(request, "imports/duplicates.html", {
        "page": page, "may_merge": policy.holds(request.user, merging.MERGE)})
    record_list(actor=request.user, action="people.duplicate.listed", query={"page": page.number},
                shown=[p.person_a for p in page.object_list] + [p.person_b for p in page.object_list],
                total=page.paginator.count, ip=client_ip(request))
    return response


@gate(REVIEW, methods=("POST",))
def duplicate_sweep(request: HttpRequest) -> HttpResponse:
    """Start the sweep in the background."""
    from homeward.imports.tasks import sweep_duplicates

    transaction.on_commit(lambda: sweep_duplicates.enqueue())
    messages.success(request, _("The search for duplicates has started; new pairs appear here when it ends."))
    return redirect("imports:duplicates")


@gate(REVIEW, methods=("POST",))
def duplicate_not_same(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Two different people: the pair is closed for good."""
    pair = one_or_404(pairs_visible_to(request.user), pair_id, "pair")
    result = run(lambda: merging.mark_not_same(actor=request.user, pair=pair))
    if result.error is not None:
        messages.error(request, result.error.message)
    return redirect("imports:duplicates")


@gate(merging.MERGE, methods=("GET", "POST"))
def merge_confirm(request: HttpRequest, person_id: int, survivor_id: int) -> HttpResponse:
    """Both records side by side, what would stop the merge, and the button that does it."""
    merged = get_person_for_user(request.user, person_id, merging.MERGE)
    survivor = get_person_for_user(request.user, survivor_id, merging.MERGE)
    context: dict[str, Any] = {"merged": merged, "survivor": survivor, "refusals": merging.refusals(survivor, merged)}
    status = 200
    if request.method == "POST":
        result = run(lambda: merging.merge_people(actor=request.user, survivor=survivor, merged=merged,
                                                  reason=request.POST.get("reason", "")))
        if result.done:
            messages.success(request, _("The records are merged."))
            case = getattr(Person.objects.get(pk=survivor.pk), "case", None) if hasattr(
                Person.objects.get(pk=survivor.pk), "case") else None
            return redirect("case-detail", case_id=case.pk) if case else redirect("imports:merges")
        assert result.error is not None
        context["error"] = result.error
        status = result.status
    return render(request, "imports/merge_confirm.html", context, status=status)


@gate(merging.MERGE)
def merge_list(request: HttpRequest) -> HttpResponse:
    """Merges done, newest first; administrators may undo them."""
    merges = merges_visible_to(request.user).select_related("survivor", "actor", "undone_by").prefetch_related(
        "survivor__names")[:100]
    return render(request, "imports/merges.html", {"merges": merges,
                                                   "may_undo": policy.holds(request.user, merging.UNDO)})


@gate(merging.UNDO, methods=("POST",))
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    """Put the two records back as they were."""
    entry = one_or_404(merges_visible_to(request.user), merge_id, "merge")
    result = run(lambda: merging.undo_merge(actor=request.user, merge=entry))
    if result.error is not None:
        messages.error(request, result.error.message)
    else:
        messages.success(request, _("The merge is undone."))
    return redirect("imports:merges")
