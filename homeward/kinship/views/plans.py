"""Sampling plans on a case's DNA page: whom to sample, on which panel (simulated power)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from homeward.accounts.gate import gate
from homeward.audit.log import record
from homeward.cases.access import get_case_for_user
from homeward.core.editing import client_ip
from homeward.kinship import access
from homeward.kinship.actions import planning
from homeward.kinship.views.samples import attempt


@gate(planning.PERMISSION, methods=("POST",))
def plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Simulate every set of the child's living relatives on the chosen panel."""
    case = get_case_for_user(request.user, case_id, planning.PERMISSION)
    try:
        families = int(request.POST.get("families") or 40)
    except ValueError:
        families = 0
    plan, error = attempt(lambda: planning.request_sampling_plan(
        actor=request.user, case=case, panel=request.POST.get("panel", ""), families=families))
    if error is not None:
        messages.error(request, error.message)
        return redirect("kinship:case", case_id=case.pk)
    return redirect("kinship:plan", plan_id=plan.pk)


@gate(access.VIEW)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A sampling plan: progress while it runs, then every set of relatives ranked."""
    plan = access.get_plan_for_user(request.user, plan_id)
    if request.GET.get("polling"):
        response = render(request, "kinship/plan.html#status", {"plan": plan})
        if plan.is_finished:
            response["HX-Refresh"] = "true"
        return response
    response = render(request, "kinship/plan.html", {"plan": plan, "case": plan.case})
    record(actor=request.user, action="kinship.plan.viewed", obj=plan, case_id=plan.case_id, ip=client_ip(request))
    return response
