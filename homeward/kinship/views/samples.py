"""Kinship pages: a case's samples and tests, a sample's chain of custody, the overdue list and
profile import. Records come only through kinship/access.py; genetic data is shown to genetic
roles only, and every page showing it is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.gate import by_arg, gate
from homeward.audit.log import record, record_list
from homeward.cases.access import get_case_for_user
from homeward.core.editing import add_action_errors, client_ip, run
from homeward.errors import ActionError
from homeward.kinship import access, actions, queries
from homeward.kinship.actions import planning
from homeward.kinship.engine.kits import kit_ids, kit_label
from homeward.kinship.forms import (
    CollectionForm,
    ProfileImportForm,
    ReceiveForm,
    RejectForm,
    RequestSampleForm,
    SealForm,
    TransferForm,
)
from homeward.kinship.models import DnaSample
from homeward.people.models import FamilyLink, Person

STEP_PERMISSIONS = {
    "collect": "kinship.sample.collect", "seal": "kinship.sample.collect", "transfer": "kinship.sample.collect",
    "receive": "kinship.sample.receive", "reject": "kinship.sample.reject",
}


def form_errors(form: Form, exc: ActionError) -> None:
    """Put an action's refusal on the form: on its field if the form has it, else on top."""
    add_action_errors(form, exc)


def attempt(fn: Callable[[], Any]) -> tuple[Any, ActionError | None]:
    """Run an action in a savepoint (core/editing.run): the result, or the refusal."""
    result = run(fn)
    return result.value, result.error


def _person_label(person: Person) -> str:
    return person.display_name


@gate(access.VIEW)
def case_kinship(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case's DNA section: samples and their status, kinship tests and their conclusions."""
    case = get_case_for_user(request.user, case_id, access.VIEW)
    response = render(request, "kinship/case.html", _case_context(request, case))
    record(actor=request.user, action="kinship.case.viewed", obj=case, case_id=case.pk, ip=client_ip(request))
    return response


def _case_context(request: HttpRequest, case: Any, form: RequestSampleForm | None = None) -> dict[str, Any]:
    donors = queries.case_donors(case)
    choices = [(p.pk, f"{_person_label(p)} ({rel})") for p, rel in donors]
    return {
        "case": case,
        "samples": queries.case_samples(case),
        "tests": queries.case_tests(case),
        "typed": queries.typed_relatives(case),
        "child_profiled": queries.latest_profile(case.child_id) is not None,
        "request_form": form or RequestSampleForm(donors=choices),
        "may_request": policy.holds(request.user, "kinship.sample.request"),
        "may_test": policy.holds(request.user, "kinship.test.run"),
        "genetic": access.sees_genotypes(request.user),
        "threshold": queries.lr_threshold(),
        "plan_relatives": planning.living_relatives(case),
        "may_plan": policy.holds(request.user, planning.PERMISSION),
        "panels": [(k, kit_label(k)) for k in kit_ids()],
        "plans": list(case.sampling_plans.all()[:10]),
    }


@gate("kinship.sample.request", methods=("POST",))
def sample_request(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask for a sample of the child or of a relative."""
    case = get_case_for_user(request.user, case_id, "kinship.sample.request")
    donors = queries.case_donors(case)
    by_id = {p.pk: p for p, _rel in donors}
    form = RequestSampleForm(request.POST, donors=[(p.pk, _person_label(p)) for p, _rel in donors])
    if form.is_valid():
        d = form.cleaned_data
        sample, error = attempt(lambda: actions.request_sample(
            actor=request.user, case=case, donor=by_id[d["donor"]], kind=d["kind"], lab=d["lab"]))
        if error is None:
            messages.success(request, _("Sample %(code)s requested.") % {"code": sample.code})
            return redirect("kinship:sample", sample_id=sample.pk)
        form_errors(form, error)
    return render(request, "kinship/case.html", _case_context(request, case, form), status=422)


STEP_FORMS: dict[str, type[Form]] = {
    "collect": CollectionForm, "seal": SealForm, "transfer": TransferForm, "receive": ReceiveForm,
    "reject": RejectForm,
}
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    DnaSample.Status.REQUESTED: ("collect", "reject"),
    DnaSample.Status.COLLECTED: ("seal", "reject"),
    DnaSample.Status.SEALED: ("transfer", "receive", "reject"),
    DnaSample.Status.IN_TRANSIT: ("transfer", "receive", "reject"),
    DnaSample.Status.RECEIVED: ("reject",),
    DnaSample.Status.PROFILED: ("reject",),
}


def _sample_context(request: HttpRequest, sample: DnaSample, bound: dict[str, Form] | None = None) -> dict[str, Any]:
    genetic = access.sees_genotypes(request.user)
    profiles = list(sample.profiles.select_related("lab", "imported_by")) if genetic else []
    forms: dict[str, Form] = {}
    for step in NEXT_STEPS.get(sample.status, ()):
        if policy.holds(request.user, STEP_PERMISSIONS[step]):
            forms[step] = (bound or {}).get(step) or _initial_form(step, sample, request.user)
    relation = FamilyLink.objects.filter(person_id=sample.case.child_id, relative_id=sample.donor_id).first()
    return {
        "sample": sample,
        "relation": relation.get_relation_display() if relation else (_("child") if sample.donor_id == sample.case.child_id else ""),
        "case": sample.case,
        "custody": sample.custody.select_related("recorded_by"),
        "profiles": profiles,
        "profile_count": sample.profiles.count(),
        "genetic": genetic,
        "forms": forms,
        "now": timezone.now(),
    }


def _initial_form(step: str, sample: DnaSample, user: Any = None) -> Form:
    if step == "receive":
        agency = getattr(user, "agency", None)
        lab = sample.lab_id or (agency.pk if agency is not None and agency.kind == "lab" else None)
        return ReceiveForm(initial={"lab": lab, "received_by": getattr(user, "get_full_name", lambda: "")()
                                    or getattr(user, "username", "")})
    if step == "transfer":
        last = sample.custody.order_by("-occurred_at", "-id").first()
        return TransferForm(initial={"from_party": last.to_party if last else ""})
    return STEP_FORMS[step]()


@gate(access.VIEW)
def sample_detail(request: HttpRequest, sample_id: int) -> HttpResponse:
    """A sample: who gave it, its chain of custody, the next step; its profile for genetic roles."""
    sample = access.get_sample_for_user(request.user, sample_id)
    context = _sample_context(request, sample)
    response = render(request, "kinship/sample.html", context)
    ip = client_ip(request)
    record(actor=request.user, action="kinship.sample.viewed", obj=sample, case_id=sample.case_id, ip=ip)
    for profile in context["profiles"]:
        record(actor=request.user, action="kinship.profile.viewed", obj=profile, case_id=sample.case_id, ip=ip)
    return response


@gate(by_arg("step", STEP_PERMISSIONS), methods=("POST",))
def sample_step(request: HttpRequest, sample_id: int, step: str) -> HttpResponse:
    """One step of the chain of custody: collect, seal, transfer, receive at the lab, reject."""
    sample = access.get_sample_for_user(request.user, sample_id, STEP_PERMISSIONS[step])
    form = STEP_FORMS[step](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        user = request.user
        calls: dict[str, Callable[[], Any]] = {
            "collect": lambda: actions.record_collection(
                actor=user, sample=sample, collected_by=d["collected_by"], collected_at=d["collected_at"],
                facility=d["facility"], office=d["office"], kind=d["kind"], note=d["note"]),
            "seal": lambda: actions.seal(actor=user, sample=sample, seal_number=d["seal_number"],
                                         sealed_at=d["sealed_at"], note=d["note"]),
            "transfer": lambda: actions.transfer(
                actor=user, sample=sample, from_party=d["from_party"], to_party=d["to_party"], place=d["place"],
                occurred_at=d["occurred_at"], seal_intact=d["seal_intact"], note=d["note"]),
            "receive": lambda: actions.receive_at_lab(
                actor=user, sample=sample, lab=d["lab"], seal_number_seen=d["seal_number_seen"],
                seal_intact=d["seal_intact"], received_at=d["received_at"], received_by=d["received_by"],
                note=d["note"]),
            "reject": lambda: actions.reject(actor=user, sample=sample, reason=d["reason"]),
        }
        _result, error = attempt(calls[step])
        if error is None:
            sample.refresh_from_db()
            if sample.flagged and step in ("transfer", "receive"):
                messages.warning(request, _("Sample flagged: %(reason)s") % {"reason": sample.flag_reason})
            else:
                messages.success(request, _("Recorded."))
            return redirect(reverse("kinship:sample", args=[sample.pk]) + "#custody")
        form_errors(form, error)
        messages.error(request, error.message)
    sample.refresh_from_db()
    context = _sample_context(request, sample, bound={step: form})
    return render(request, "kinship/sample.html", context, status=422)


@gate(access.VIEW)
def overdue(request: HttpRequest) -> HttpResponse:
    """Relatives' (and children's) samples requested long ago and still not at a lab, by region."""
    now = timezone.now()
    samples = list(queries.overdue_samples(access.samples_visible_to(request.user), now=now))
    rows = [(s, (now - s.requested_at).days) for s in samples]
    response = render(request, "kinship/overdue.html", {"rows": rows, "days": queries.overdue_days()})
    record_list(actor=request.user, action="kinship.sample.overdue_listed", query={"days": queries.overdue_days()},
                shown=samples, ip=client_ip(request))
    return response


@gate("kinship.profile.import", methods=("GET", "POST"))
def profile_import(request: HttpRequest) -> HttpResponse:
    """Upload a lab's STR results; a bad genotype refuses the whole file, naming line and marker."""
    form = ProfileImportForm(request.POST or None, request.FILES or None)
    imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        lab = form.cleaned_data["lab"]
        agency = getattr(request.user, "agency", None)
        if lab is None and agency is not None and agency.kind == "lab":
            lab = agency
        imported, error = attempt(lambda: actions.import_profiles(
            actor=request.user, content=content, filename=upload.name, lab=lab,
            samples=access.samples_visible_to(request.user, "kinship.profile.import"),
            kit=form.cleaned_data.get("kit") or None))
        if error is not None:
            form_errors(form, error)
            return render(request, "kinship/import.html", {"form": form}, status=422)
        messages.success(request, _("%(n)d profiles imported.") % {"n": len(imported)})
        for profile in imported:
            for finding in getattr(profile, "qc_findings", []):
                messages.warning(request, finding)
        form = ProfileImportForm()
    return render(request, "kinship/import.html", {"form": form, "imported": imported})
