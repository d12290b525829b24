"""What is due: checks with due dates from data, follow-up visits, and the age-limit list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


def _years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def test_a_child_aged_4_in_an_iraqi_prison_is_on_the_age_limit_list_as_past_the_limit(
        make_case: Maker, national_user: Any, logged_in: Maker) -> None:
    past = make_case(born=_years_ago(4, 30), facility="Rusafa women's prison")
    soon = make_case(names=[("Алиев Ахмед", "Cyrl")], born=_years_ago(3, -20), facility="Rusafa women's prison")
    make_case(names=[("Исаев Иса", "Cyrl")], born=_years_ago(4), facility="Baghdad state children's home")
    page = logged_in(national_user).get(reverse("age-limit-alerts"))
    alerts = page.context["alerts"]
    assert [(a.case.pk, a.past) for a in alerts] == [(past.pk, True), (soon.pk, False)]
    assert "past the limit, still with the mother" in page.content.decode()


def test_the_guardian_assessment_is_due_30_days_after_identification_and_shows_as_overdue(
        make_case: Maker, national_user: Any, logged_in: Maker) -> None:
    from homeward.cases.models import Case
    from homeward.cases.responsibility import assign_case

    case = make_case()
    Case.objects.filter(pk=case.pk).update(identified_on=timezone.localdate() - dt.timedelta(days=40))
    case.refresh_from_db()
    assign_case(actor=national_user, case=case, assignee=national_user)
    client = logged_in(national_user)
    mine = client.get(reverse("casework:tasks"))
    rows = [(t.case.pk, t.what, state) for t, state in mine.context["rows"]]
    assert (case.pk, "Guardian's suitability assessed by regional social services", "overdue") in rows
    assert (case.pk, "Consular interview held and photograph taken", "overdue") in rows
    agency = client.get(reverse("casework:tasks"), {"scope": "agency"})
    assert case.pk in {t.case.pk for t, _s in agency.context["rows"]}
    reminder = client.get(reverse("my-cases")).content.decode()
    assert "things are due on your cases" in reminder and "overdue" in reminder
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "What is due" in page and "Guardian&#x27;s suitability assessed" in page and "overdue" in page


def test_reminders_go_out_by_mail_to_each_caseworker_once_a_day(make_case: Maker, national_user: Any,
                                                                 mailoutbox: list[Any]) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.cases.models import Case
    from homeward.cases.responsibility import assign_case
    from homeward.casework.reminders import send_reminders

    national_user.email = "natalia@example.org"
    national_user.save()
    case = make_case()
    Case.objects.filter(pk=case.pk).update(identified_on=timezone.localdate() - dt.timedelta(days=40))
    assign_case(actor=None, case=Case.objects.get(pk=case.pk), assignee=national_user)
    sent = send_reminders(today=timezone.localdate())
    assert sent == 1 and len(mailoutbox) == 1
    assert mailoutbox[0].to == ["natalia@example.org"] and case.reference in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="casework.reminders.sent").exists()
