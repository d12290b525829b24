"""Who answers for a case: assignment within the owning agency, referrals to another agency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


def test_a_case_assigned_then_referred_to_a_region_and_accepted_there_is_in_the_new_caseworkers_cases(
        make_case: Maker, make_user: Maker, national_user: Any, agencies: dict[str, Any], logged_in: Maker) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.cases.models import Case, Referral

    case = make_case(region="CE")
    natalia = logged_in(national_user)
    assert case.pk in [c.pk for c in natalia.get(reverse("unassigned-cases")).context["unassigned"]]
    natalia.post(reverse("case-assign", args=[case.pk]), {"assignee": national_user.pk})
    assert Case.objects.get(pk=case.pk).assignee == national_user
    assert case.pk in [c.pk for c in natalia.get(reverse("my-cases")).context["mine"]]

    natalia.post(reverse("case-refer", args=[case.pk]), {"to_agency": agencies["chechnya"].pk,
                                                         "reason": "The grandmother lives in Grozny."})
    referral = Referral.objects.get(case=case)
    assert referral.status == Referral.Status.SENT and Case.objects.get(pk=case.pk).owner == agencies["national"]

    zarema_user = make_user("zarema", "chechnya", "social_worker")
    aslan_user = make_user("aslan", "chechnya", "caseworker")
    zarema = logged_in(zarema_user)
    waiting = zarema.get(reverse("my-cases"))
    assert [r.pk for r in waiting.context["waiting"]] == [referral.pk]
    # Another region's office does not even find the referral.
    patimat = logged_in(make_user("patimat", "dagestan", "caseworker"))
    assert patimat.post(reverse("referral-answer", args=[referral.pk]), {"decision": "accept"}).status_code == 404

    zarema.post(reverse("referral-answer", args=[referral.pk]), {"decision": "accept", "assignee": aslan_user.pk})
    case.refresh_from_db()
    assert case.owner == agencies["chechnya"] and case.assignee == aslan_user
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED
    aslan_cases = logged_in(aslan_user).get(reverse("my-cases"))
    assert [c.pk for c in aslan_cases.context["mine"]] == [case.pk]
    assert case.pk not in [c.pk for c in natalia.get(reverse("my-cases")).context["mine"]]
    actions = list(AuditEntry.objects.filter(case_id_ref=case.pk).values_list("action", flat=True))
    for done in ("cases.case.assigned", "cases.referral.sent", "cases.case.owner_changed", "cases.referral.accepted"):
        assert done in actions
    history = natalia.get(reverse("case-history", args=[case.pk])).content.decode()
    assert "referral accepted" in history and "caseworker assigned" in history


def test_a_declined_referral_needs_a_reason_and_leaves_the_case_where_it_was(
        make_case: Maker, make_user: Maker, national_user: Any, agencies: dict[str, Any], logged_in: Maker) -> None:
    from homeward.cases.models import Case, Referral
    from homeward.cases.responsibility import refer_case

    case = make_case(region="CE")
    referral = refer_case(actor=national_user, case=case, to_agency=agencies["chechnya"], reason="family there")
    zarema = logged_in(make_user("zarema", "chechnya", "social_worker"))
    page = zarema.post(reverse("referral-answer", args=[referral.pk]), {"decision": "decline", "answer": ""},
                       follow=True)
    assert "needs a reason" in page.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SENT
    zarema.post(reverse("referral-answer", args=[referral.pk]), {"decision": "decline", "answer": "Not our region."})
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DECLINED
    assert Case.objects.get(pk=case.pk).owner == agencies["national"]


def test_a_case_cannot_be_referred_to_an_agency_that_cannot_reach_it_nor_assigned_outside_its_owner(
        make_case: Maker, make_user: Maker, national_user: Any, agencies: dict[str, Any]) -> None:
    from homeward.cases.responsibility import assign_case, refer_case
    from homeward.errors import ActionError

    case = make_case(region="CE")
    with pytest.raises(ActionError, match="does not work on cases like this"):
        refer_case(actor=national_user, case=case, to_agency=agencies["dagestan"], reason="x")
    with pytest.raises(ActionError, match="owning agency"):
        assign_case(actor=national_user, case=case, assignee=make_user("aslan", "chechnya", "caseworker"))


def test_the_national_office_sees_each_agencys_load(make_case: Maker, national_user: Any, make_user: Maker,
                                                   logged_in: Maker) -> None:
    from homeward.cases.responsibility import assign_case

    first, _second = make_case(), make_case(names=[("Алиев Ахмед", "Cyrl")])
    assign_case(actor=national_user, case=first, assignee=national_user)
    page = logged_in(national_user).get(reverse("agency-load"))
    national = next(r for r in page.context["rows"] if r["agency"].kind == "national")
    assert (national["owned"], national["assigned"], national["unassigned"]) == (2, 1, 1)
    assert logged_in(make_user("zarema", "chechnya", "social_worker")).get(reverse("agency-load")).status_code == 403
