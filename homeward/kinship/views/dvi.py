"""The DVI search page: start a blind search of every child against every reference family, follow
its progress, read the ranking per family and per child (DNA analysts only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.audit.log import record_list
from homeward.cases.models import Case
from homeward.core.access import one_or_404
from homeward.core.editing import client_ip
from homeward.kinship.actions import dvi
from homeward.kinship.models import DviSearch
from homeward.kinship.views.samples import attempt


@gate(dvi.PERMISSION, methods=("GET", "POST"))
def dvi_home(request: HttpRequest) -> HttpResponse:
    """Start a search (over all cases, or the case ids given) and list the recent ones."""
    if request.method == "POST":
        raw = request.POST.get("cases", "").replace(",", " ").split()
        try:
            ids = [int(x) for x in raw]
            prior = float(request.POST["prior"]) if request.POST.get("prior") else None
        except ValueError:
            messages.error(request, "Case ids are numbers; the prior is a number between 0 and 1.")
            return redirect("kinship:dvi")
        search, error = attempt(lambda: dvi.start_dvi_search(actor=request.user, case_ids=ids, prior=prior))
        if error is not None:
            messages.error(request, error.message)
            return redirect("kinship:dvi")
        return redirect("kinship:dvi-search", search_id=search.pk)
    return render(request, "kinship/dvi.html", {"searches": DviSearch.objects.all()[:20]})


@gate(dvi.PERMISSION)
def dvi_search(request: HttpRequest, search_id: int) -> HttpResponse:
    """One search: progress, then the best children of each family and the best families of each child."""
    policy.require(request.user, dvi.PERMISSION)
    search: DviSearch = one_or_404(DviSearch.objects.all(), search_id, "search")
    if request.GET.get("polling"):
        response = render(request, "kinship/dvi_search.html#status", {"search": search})
        if search.is_finished:
            response["HX-Refresh"] = "true"
        return response
    results: dict[str, Any] = search.results or {}
    ids = {r["case"] for r in results.get("by_family", [])} | {r["child_case"] for r in results.get("by_child", [])}
    cases = {c.pk: c for c in Case.objects.filter(pk__in=ids).select_related("child")}
    response = render(request, "kinship/dvi_search.html", {"search": search, "results": results, "cases": cases})
    record_list(actor=request.user, action="kinship.dvi.viewed", query={"search": search.pk}, shown=list(cases),
                ip=client_ip(request))
    return response
