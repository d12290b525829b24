"""The audit trail, for programme administrators: who saw and did what, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from homeward.accounts.models import Role
from homeward.audit.log import record
from homeward.audit.models import AuditEntry


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Filter by action prefix, user and case. Reading the audit trail is itself audited."""
    if not (request.user.is_superuser or getattr(request.user, "role", "") == Role.ADMIN):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    case = request.GET.get("case", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name=actor)
    if case.isdigit():
        entries = entries.filter(case_id_ref=int(case))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    record(actor=request.user, action="audit.trail.viewed", data={"action": action, "actor": actor, "case": case})
    return render(request, "audit/list.html", {"page": page, "action": action, "actor": actor, "case": case})
