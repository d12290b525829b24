"""Case work pages: what is due, decision forms (write, sign, print), the case summary PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from homeward.accounts.gate import gate
from homeward.audit.log import record, record_list
from homeward.cases import access as case_access
from homeward.casework import decisions
from homeward.casework.due import agency_tasks, user_tasks
from homeward.casework.models import DecisionForm, FormKind, choice_labels, localized
from homeward.core.access import one_or_404
from homeward.core.editing import client_ip, run_with_messages
from homeward.core.pdf import render_pdf
from homeward.errors import ActionError


@gate("cases.tasks.view")
def tasks(request: HttpRequest) -> HttpResponse:
    """What is due and overdue: on the user's own cases, or (``?scope=agency``) the agency's."""
    scope = "agency" if request.GET.get("scope") == "agency" else "me"
    today = timezone.localdate()
    cases = case_access.cases_visible_to(request.user, "cases.tasks.view")
    found = (agency_tasks(getattr(request.user, "agency_id", None), cases, today) if scope == "agency"
             else user_tasks(request.user, cases, today))
    rows = [(t, t.state(today)) for t in found]
    response = render(request, "casework/tasks.html", {"rows": rows, "scope": scope, "today": today,
                                                       "overdue": sum(1 for _t, s in rows if s == "overdue")})
    record_list(actor=request.user, action="casework.tasks.listed", query={"scope": scope},
                shown=[t.case for t in found], ip=client_ip(request))
    return response


def _kind(code: str) -> FormKind:
    kind = FormKind.objects.filter(pk=code).first()
    if kind is None:
        raise Http404("No such form")
    return kind


@gate("casework.form.edit", methods=("GET", "POST"))
def form_edit(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """Write the next version of a form; its fields come from the form kind's schema."""
    case = case_access.get_case_for_user(request.user, case_id, "casework.form.edit")
    form_kind = _kind(kind)
    latest = DecisionForm.objects.filter(case=case, kind=form_kind).order_by("-version").first()
    answers: dict[str, Any] = dict(latest.data) if latest else {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = {str(f["name"]): request.POST.get(str(f["name"]), "") for f in form_kind.fields}
        result = run_with_messages(request, lambda: decisions.save_form(
            actor=request.user, case=case, kind=form_kind, answers=answers))
        if result.done and result.value is not None:
            return redirect("casework:form-detail", form_id=result.value.pk)
        errors = result.error.field_errors if isinstance(result.error, ActionError) else {}
        status = 422
    fields = [dict(f, label=localized(f), choice_labels=choice_labels(f), value=answers.get(str(f.get("name")), ""),
                   errors=errors.get(str(f.get("name")), [])) for f in form_kind.fields]
    return render(request, "casework/form_edit.html", {"case": case, "kind": form_kind, "fields": fields,
                                                       "latest": latest}, status=status)


def _form_for(user: Any, form_id: int) -> DecisionForm:
    cases = case_access.cases_visible_to(user, "casework.form.view")
    found: DecisionForm = one_or_404(DecisionForm.objects.filter(case__in=cases).select_related(
        "case", "kind", "written_by", "signed_by", "second_signed_by"), form_id, "form")
    return found


def _answers(form: DecisionForm) -> list[tuple[str, Any]]:
    """Each field's label and answer in the reader's language (a choice shown by its label)."""
    out = []
    for f in form.kind.fields:
        value = form.data.get(str(f.get("name")), "")
        out.append((localized(f), dict(choice_labels(f)).get(value, value)))
    return out


@gate("casework.form.view")
def form_detail(request: HttpRequest, form_id: int) -> HttpResponse:
    form = _form_for(request.user, form_id)
    versions = DecisionForm.objects.filter(case_id=form.case_id, kind_id=form.kind_id).select_related("signed_by")
    response = render(request, "casework/form_detail.html", {
        "form": form, "case": form.case, "answers": _answers(form), "versions": versions})
    record(actor=request.user, action="casework.form.viewed", obj=form, case_id=form.case_id, ip=client_ip(request))
    return response


@gate("casework.form.sign", methods=("POST",))
def form_sign(request: HttpRequest, form_id: int) -> HttpResponse:
    form = _form_for(request.user, form_id)
    run_with_messages(request, lambda: decisions.sign_form(actor=request.user, form=form), "")
    return redirect("casework:form-detail", form_id=form.pk)


@gate("casework.form.view")
def form_pdf(request: HttpRequest, form_id: int) -> HttpResponse:
    """The form as signed (or as drafted, marked so), in the reader's language."""
    form = _form_for(request.user, form_id)
    pdf = render_pdf("casework/pdf/form.html", {"form": form, "case": form.case, "answers": _answers(form),
                                                "LANGUAGE_CODE": get_language()})
    record(actor=request.user, action="casework.form.printed", obj=form, case_id=form.case_id, ip=client_ip(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form.case.reference}-{form.kind_id}-v{form.version}.pdf"'
    return response


@gate("casework.summary.print")
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case for a court or a ministry, with what this reader may see and nothing more."""
    from homeward.casework.summary import summary_context

    case = case_access.get_case_for_user(request.user, case_id, "casework.summary.print")
    pdf = render_pdf("casework/pdf/case_summary.html",
                     summary_context(request.user, case) | {"LANGUAGE_CODE": get_language()})
    record(actor=request.user, action="casework.summary.printed", obj=case, case_id=case.pk, ip=client_ip(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-summary.pdf"'
    return response
