"""Decisions on record: forms whose fields are data, versioned, signed off, printable; and the
checks that need them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]

VIEWS = {"heard_on": "2019-01-05", "language": "Chechen",
         "views": "Wants to live with her grandmother in Grozny.", "weight": "Aged 12: given much weight."}


def test_the_childs_views_check_needs_the_signed_form_which_is_versioned_and_printable(
        make_case: Maker, national_user: Any, consular_user: Any, logged_in: Maker) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.cases.models import CaseCheck
    from homeward.casework.models import DecisionForm

    case = make_case()
    natalia = logged_in(national_user)
    tick = reverse("case-check", args=[case.pk, "child_views"])
    refused = natalia.post(tick, {}, follow=True).content.decode()
    assert "needs the signed form" in refused
    incomplete = natalia.post(reverse("casework:form-edit", args=[case.pk, "child_views"]), {"language": "ru"})
    assert incomplete.status_code == 422 and "What the child said" in incomplete.content.decode()
    assert not DecisionForm.objects.exists()

    natalia.post(reverse("casework:form-edit", args=[case.pk, "child_views"]), VIEWS)
    first = DecisionForm.objects.get(case=case)
    assert first.version == 1 and first.status == "draft" and first.data["views"] == VIEWS["views"]
    natalia.post(tick, {})
    assert not CaseCheck.objects.filter(case=case, requirement__code="child_views", done=True).exists()

    natalia.post(reverse("casework:form-sign", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "signed" and first.signed_by == national_user
    natalia.post(tick, {})
    assert CaseCheck.objects.get(case=case, requirement__code="child_views").done

    # A change is a new version; the signed one stays as it was.
    natalia.post(reverse("casework:form-edit", args=[case.pk, "child_views"]), VIEWS | {"weight": "Much."})
    assert list(DecisionForm.objects.filter(case=case).values_list("version", "status")) == [
        (2, "draft"), (1, "signed")]
    pdf = natalia.get(reverse("casework:form-pdf", args=[first.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="casework.form.signed", case_id_ref=case.pk).exists()
    assert logged_in(consular_user).get(reverse("casework:form-detail", args=[first.pk])).status_code == 200
    # Fields are data with their own labels per language: the page and the PDF in Russian.
    natalia.cookies["django_language"] = "ru"
    russian = natalia.get(reverse("casework:form-detail", args=[first.pk])).content.decode()
    assert "Мнение ребёнка" in russian and "Что сказал ребёнок" in russian


def test_the_best_interests_determination_needs_a_second_different_signatory(
        make_case: Maker, national_user: Any, make_user: Maker) -> None:
    from homeward.casework.decisions import save_form, sign_form
    from homeward.casework.models import FormKind
    from homeward.errors import ActionError

    case = make_case()
    kind = FormKind.objects.get(pk="best_interests_determination")
    form = save_form(actor=national_user, case=case, kind=kind,
                     answers={"decision": "repatriate to the guardian", "reasons": "Grandmother assessed suitable."})
    form = sign_form(actor=national_user, form=form)
    assert form.status == "partly_signed"
    with pytest.raises(ActionError, match="another person"):
        sign_form(actor=national_user, form=form)
    form = sign_form(actor=make_user("maria", "national", "caseworker"), form=form)
    assert form.status == "signed" and form.second_signed_by.username == "maria"


def test_the_case_summary_pdf_applies_the_readers_access(make_case: Maker, national_user: Any,
                                                         consular_user: Any, make_user: Maker,
                                                         logged_in: Maker) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.casework.summary import summary_context

    case = make_case()
    natalia = logged_in(national_user)
    natalia.post(reverse("case-note-add", args=[case.pk]), {"text": "Internal briefing", "visibility": "agency"})
    pdf = natalia.get(reverse("casework:case-summary", args=[case.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="casework.summary.printed", case_id_ref=case.pk).exists()
    assert [n.text for n in summary_context(national_user, case)["notes"]] == ["Internal briefing"]
    assert summary_context(consular_user, case)["notes"] == []
    outsider = logged_in(make_user("patimat", "dagestan", "caseworker"))
    assert outsider.get(reverse("casework:case-summary", args=[case.pk])).status_code == 404
    flight = logged_in(make_user("farid", "flight", "flight"))
    assert flight.get(reverse("casework:case-summary", args=[case.pk])).status_code == 403
