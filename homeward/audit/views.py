"""The audit trail, for programme administrators: who saw and did what, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from homeward.accounts.gate import gate
from homeward.audit.log import record
from homeward.audit.models import AuditEntry
from homeward.core.editing import client_ip


@gate("audit.trail.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    """Filter by action prefix, user and case. Reading the audit trail is itself audited."""
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()[:100]
    actor = request.GET.get("actor", "").strip()[:150]
    case = request.GET.get("case", "").strip()[:20]
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name=actor)
    if case.isdigit():
        entries = entries.filter(case_id_ref=int(case))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    response = render(request, "audit/list.html", {"page": page, "action": action, "actor": actor, "case": case})
    record(actor=request.user, action="audit.trail.viewed", ip=client_ip(request),
           data={"action": action, "actor": actor, "case": case, "rows": len(page.object_list)})
    return response
