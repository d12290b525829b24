"""Pages for relatives' requests: create (several children in one form), list, open, edit, close."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import gate
from homeward.audit.log import record, record_list
from homeward.core.editing import Outcome, attempt, client_ip, run, run_with_messages
from homeward.core.http import is_htmx
from homeward.errors import ActionError
from homeward.places.models import Region
from homeward.tracing import access, actions
from homeward.tracing.forms import (
    ChildFormSet,
    CloseForm,
    RequestEditForm,
    RequestForm,
    SoughtChildEditForm,
    SoughtChildForm,
)
from homeward.tracing.models import CandidateMatch, SoughtChild, TracingRequest
from homeward.tracing.queries import search_requests

PAGE_SIZE = 25
PREFIX = "children"


def _limit_regions(request: HttpRequest, form: Any) -> None:
    form.fields["region"].queryset = access.regions_for_new_requests(request.user)


def _apply_field_errors(exc: ActionError, form: Any, formset: Any) -> None:
    """Put an action's field errors (``children[1].names[0]``) on the form field they name."""
    for key, errors in exc.field_errors.items():
        target, name = form, key
        if key.startswith("children[") and "]." in key:
            index = int(key[len("children["):key.index("]")])
            name = key[key.index("].") + 2:]
            target = formset.forms[index] if index < len(formset.forms) else None
        if target is None:
            continue
        if name.startswith("names["):
            name = f"name_{int(name[6:-1]) + 1}"
        elif "_names[" in name:
            name = name.split("[")[0]
        for err in errors:
            target.add_error(name if name in target.fields else None, err)
    if not exc.field_errors:
        form.add_error(None, exc.message)


def error_summary(form: Any, formset: Any) -> list[str]:
    """Every error with the field it belongs to, "Child 2, Name 1: ...", for the top of the page."""
    lines = [f"{form.fields[k].label}: {e}" if k in form.fields else str(e)
             for k, errs in form.errors.items() for e in errs]
    lines += [str(e) for e in formset.non_form_errors()]
    for i, child_form in enumerate(formset.forms, start=1):
        for k, errs in child_form.errors.items():
            label = child_form.fields[k].label if k in child_form.fields else ""
            for e in errs:
                prefix = _("Child %(n)s") % {"n": i}
                lines.append(f"{prefix}, {label}: {e}" if label else f"{prefix}: {e}")
    return lines


@gate(access.FILE, methods=("GET", "POST"))
def request_create(request: HttpRequest) -> HttpResponse:
    """A relative's request with any number of children; "add another child" works without JS."""
    agency = getattr(request.user, "agency", None)
    initial = {"received_on": timezone.localdate(), "received_by": agency, "relation": "grandmother",
               "region": getattr(agency, "region", None)}
    form = RequestForm(request.POST or None, initial=initial)
    _limit_regions(request, form)
    formset = ChildFormSet(request.POST or None, prefix=PREFIX)
    if request.method == "POST" and "add_child" in request.POST:
        # without JavaScript: the same form again, with one more empty child row
        data = request.POST.copy()
        data[f"{PREFIX}-TOTAL_FORMS"] = str(int(data.get(f"{PREFIX}-TOTAL_FORMS", "1")) + 1)
        formset = ChildFormSet(data, prefix=PREFIX)
        form = RequestForm(data, initial=initial)
        _limit_regions(request, form)
        return render(request, "tracing/request_form.html", {"form": form, "formset": formset, "summary": [],
                                                             "hide_errors": True})
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            d = form.cleaned_data
            children = [f.to_input() for f in formset.forms if f.has_changed()]
            result = run(lambda: actions.create_request(
                actor=request.user, requester_name=d["requester_name"], relation=d["relation"],
                region=d["region"], received_on=d["received_on"], received_by=d["received_by"],
                phone=d["phone"], address=d["address"], notes=d["notes"], children=children,
            ))
            if result.error is not None:
                _apply_field_errors(result.error, form, formset)
            elif result.value is not None:
                created = result.value
                messages.success(request, _("Request %(ref)s recorded; matching has started.")
                                 % {"ref": created.reference})
                job = getattr(created, "match_job", None)
                url = reverse("tracing:request-detail", args=[created.pk])
                return HttpResponseRedirect(f"{url}?job={job.pk}" if job else url)
        summary = error_summary(form, formset)
        return render(request, "tracing/request_form.html",
                      {"form": form, "formset": formset, "summary": summary}, status=422)
    return render(request, "tracing/request_form.html", {"form": form, "formset": formset, "summary": []})


@gate(access.FILE)
def child_row(request: HttpRequest) -> HttpResponse:
    """htmx: one more empty child row for the request form, and the new form count."""
    try:
        index = max(0, min(int(request.GET.get(f"{PREFIX}-TOTAL_FORMS", request.GET.get("index", "1"))), 11))
    except ValueError:
        index = 1
    child_form = SoughtChildForm(prefix=f"{PREFIX}-{index}")
    return render(request, "tracing/_child_row.html",
                  {"child_form": child_form, "number": index + 1, "total": index + 1, "oob": True,
                   "prefix": PREFIX})


@gate(access.VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    """Requests the user may see: search by any name in any script, filter by region and status."""
    qs = access.requests_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "")[:40] for k in ("region", "status")}
    if q:
        qs = search_requests(qs, q)
    if filters["region"].isdigit():
        region = Region.objects.filter(pk=int(filters["region"])).first()
        if region is not None:
            qs = qs.filter(region_id__in=region.descendant_ids())
    if filters["status"] in TracingRequest.Status.values:
        qs = qs.filter(status=filters["status"])
    qs = qs.select_related("region").prefetch_related("sought_children__names").order_by("-received_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "q": q, "filters": filters, "query_string": query.urlencode(),
               "regions": Region.objects.all(), "statuses": TracingRequest.Status.choices}
    template = "tracing/request_list.html#results" if is_htmx(request) else "tracing/request_list.html"
    response = render(request, template, context)
    record_list(actor=request.user, action="tracing.request.listed", query={"q": q, **filters, "page": page.number},
                shown=page.object_list, total=page.paginator.count, ip=client_ip(request))
    return response


def _detail_context(request: HttpRequest, tracing_request: TracingRequest) -> dict[str, Any]:
    sought = list(tracing_request.sought_children.select_related("home_region").prefetch_related("names"))
    visible = access.candidates_visible_to(request.user).filter(sought_child__in=sought).select_related(
        "case", "case__child", "decided_by").prefetch_related("case__child__names")
    by_child: dict[int, list[CandidateMatch]] = {}
    for pair in visible.order_by("-match_probability"):
        by_child.setdefault(pair.sought_child_id, []).append(pair)
    job = None
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        job = access.jobs_visible_to(request.user).filter(pk=int(job_id)).first()
    return {
        "req": tracing_request, "sought": [(c, by_child.get(c.pk, [])) for c in sought],
        "can_change": policy.holds(request.user, access.FILE), "job": job, "close_form": CloseForm(),
        "add_form": SoughtChildForm(),
    }


@gate(access.VIEW)
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request: who asks, the children sought, their candidate and confirmed matches."""
    tracing_request = access.get_request_for_user(request.user, request_id)
    context = _detail_context(request, tracing_request)
    response = render(request, "tracing/request_detail.html", context)
    record(actor=request.user, action="tracing.request.viewed", obj=tracing_request, ip=client_ip(request),
           data={"cases": sorted({p.case_id for _c, pairs in context["sought"] for p in pairs})})
    return response


@gate(access.FILE, methods=("GET", "POST"))
def request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    """Edit who asks; a save based on an outdated version is refused (409) and the other kept."""
    tracing_request = access.get_request_for_user(request.user, request_id, access.FILE)
    fields = ["requester_name", "relation", "region", "phone", "address", "received_on", "received_by", "notes"]
    if request.method == "POST":
        form = RequestEditForm(request.POST)
        _limit_regions(request, form)
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in fields if form.cleaned_data[k] != getattr(tracing_request, k)}
            outcome, _result = attempt(form, lambda: changes and actions.update_request(
                actor=request.user, request_id=tracing_request.pk, expected_version=form.cleaned_data["version"],
                changes=changes))
            if outcome is Outcome.CONFLICT:
                return render(request, "tracing/request_edit.html", {"form": form, "req": tracing_request},
                              status=409)
            if outcome is Outcome.DONE:
                messages.success(request, _("Request saved."))
                return redirect("tracing:request-detail", request_id=tracing_request.pk)
        return render(request, "tracing/request_edit.html", {"form": form, "req": tracing_request}, status=422)
    form = RequestEditForm(initial={**{k: getattr(tracing_request, k) for k in fields},
                                    "version": tracing_request.version})
    _limit_regions(request, form)
    response = render(request, "tracing/request_edit.html", {"form": form, "req": tracing_request})
    record(actor=request.user, action="tracing.request.viewed", obj=tracing_request, ip=client_ip(request),
           data={"page": "edit"})
    return response


@gate(access.FILE, methods=("POST",))
def request_add_child(request: HttpRequest, request_id: int) -> HttpResponse:
    """One more child sought by this request."""
    tracing_request = access.get_request_for_user(request.user, request_id, access.FILE)
    form = SoughtChildForm(request.POST)
    if form.is_valid() and form.has_changed():
        result = run(lambda: actions.add_sought_child(actor=request.user, request=tracing_request,
                                                      child=form.to_input()))
        if result.error is not None:
            messages.error(request, result.error.message)
        else:
            added = result.value
            messages.success(request, _("Child added; matching has started."))
            job = getattr(added, "match_job", None)
            url = reverse("tracing:request-detail", args=[tracing_request.pk])
            return HttpResponseRedirect(f"{url}?job={job.pk}" if job else url)
    elif not form.has_changed():
        form.add_error("name_1", _("Give at least one name of the child."))
    context = _detail_context(request, tracing_request) | {"add_form": form}
    return render(request, "tracing/request_detail.html", context, status=422)


@gate(access.FILE, methods=("GET", "POST"))
def sought_child_edit(request: HttpRequest, sought_child_id: int) -> HttpResponse:
    """Edit what is known of a sought child (its names are replaced by the form's)."""
    sought = access.get_sought_child_for_user(request.user, sought_child_id, access.FILE)
    if request.method == "POST":
        form = SoughtChildEditForm(request.POST, slots=_slots(sought))
        if form.is_valid():
            result = run(lambda: actions.update_sought_child(
                actor=request.user, sought_child_id=sought.pk, expected_version=form.cleaned_data["version"],
                child=form.to_input()))
            if result.error is not None:
                form.add_error(None, result.error.message)
                return render(request, "tracing/child_edit.html", {"form": form, "sought": sought},
                              status=result.status)
            messages.success(request, _("Saved; matching has started."))
            return redirect("tracing:request-detail", request_id=sought.request_id)
        return render(request, "tracing/child_edit.html", {"form": form, "sought": sought}, status=422)
    form = SoughtChildEditForm(initial=_child_initial(sought), slots=_slots(sought))
    response = render(request, "tracing/child_edit.html", {"form": form, "sought": sought})
    record(actor=request.user, action="tracing.soughtchild.viewed", obj=sought, ip=client_ip(request),
           data={"request": sought.request_id, "page": "edit"})
    return response


def _slots(sought: SoughtChild) -> int:
    """One name slot per recorded name, and one free slot to add a name."""
    return len(sought.child_names()) + 1


def _child_initial(sought: SoughtChild) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "sex": sought.sex, "birth": sought.birth_label.lstrip("~").replace("?", ""),
        "mother_names": "\n".join(n.text for n in sought.mother_names()),
        "father_names": "\n".join(n.text for n in sought.father_names()),
        "last_heard_country": sought.last_heard_country, "last_heard_city": sought.last_heard_city,
        "home_region": sought.home_region, "notes": sought.notes, "version": sought.version,
    }
    for i, name in enumerate(sought.child_names(), start=1):
        initial[f"name_{i}"], initial[f"kind_{i}"] = name.text, name.kind
    return initial


@gate(access.FILE, methods=("POST",))
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    tracing_request = access.get_request_for_user(request.user, request_id, access.FILE)
    form = CloseForm(request.POST)
    if form.is_valid():
        run_with_messages(request, lambda: actions.close_request(actor=request.user, request=tracing_request,
                                                                 note=form.cleaned_data["note"]), _("Request closed."))
    else:
        messages.error(request, _("Say why the request is closed."))
    return redirect("tracing:request-detail", request_id=tracing_request.pk)
