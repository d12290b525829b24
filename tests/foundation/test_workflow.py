"""The case workflow is data: checks per stage and host country, refusals that name what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from homeward.cases import actions
from homeward.cases.models import CaseEvent, Requirement, Transition
from homeward.cases.workflow import reaching_mother_age_limit, unmet
from homeward.errors import TransitionRefused

pytestmark = pytest.mark.django_db


def _advance_to(case, stage, user=None):
    """Tick every manual and automatic check up to ``stage`` and move the case there."""
    order = ["identity_verified", "kinship_verified", "best_interests", "legal_clearance", "documents_issued",
             "ready_to_travel"]
    for target in order[: order.index(stage) + 1]:
        for req in unmet(case, target):
            actions.set_check(actor=user, case=case, code=req.code, reference="REF-1", system=True)
        case = actions.transition(actor=user, case=case, target=target)
    return case


def test_refused_transition_names_every_unmet_check_and_changes_nothing(national_user, make_case):
    case = make_case()
    with pytest.raises(TransitionRefused) as refused:
        actions.transition(actor=national_user, case=case, target="identity_verified")
    assert set(refused.value.unmet) == {
        "Consular interview held and photograph taken",
        "Identity established (mother's statement, documents or records)",
        "DNA sample taken from the child",
    }
    case.refresh_from_db()
    assert case.stage_id == "identified"
    assert not case.events.filter(kind=CaseEvent.Kind.TRANSITION).exists()


def test_iraq_needs_a_host_court_decision_and_fines_paid_for_legal_clearance(national_user, make_case):
    case = _advance_to(make_case(host_country="IQ"), "best_interests", national_user)
    codes = {r.code for r in unmet(case, "legal_clearance")}
    assert codes == {"host_court_decision", "fines_paid", "home_guardianship"}


def test_other_host_countries_do_not_need_the_iraqi_court(national_user, make_case):
    case = _advance_to(make_case(host_country="SY"), "best_interests", national_user)
    assert {r.code for r in unmet(case, "legal_clearance")} == {"home_guardianship"}


def test_child_born_abroad_needs_home_court_recognition_before_documents(make_case):
    abroad = make_case(birth_place="abroad")
    home = make_case(names=[("Алиев Ахмед", "Cyrl")], birth_place="home")
    assert "home_court_birth_recognition" in {r.code for r in unmet(abroad, "documents_issued")}
    assert "home_court_birth_recognition" not in {r.code for r in unmet(home, "documents_issued")}
    assert "papers_reissued" in {r.code for r in unmet(home, "documents_issued")}


def test_a_check_that_needs_a_document_reference_refuses_without_one(consular_user, make_case):
    case = make_case()
    with pytest.raises(Exception, match="reference"):
        actions.set_check(actor=consular_user, case=case, code="host_court_decision")


def test_kinship_check_is_ticked_by_the_system_only(national_user, make_case):
    case = make_case()
    with pytest.raises(Exception, match="system"):
        actions.set_check(actor=national_user, case=case, code="dna_kinship_confirmed")


def test_repatriated_is_entered_only_by_the_flights_own_action(national_user, make_case):
    case = _advance_to(make_case(), "ready_to_travel", national_user)
    with pytest.raises(TransitionRefused, match="own action"):
        actions.transition(actor=national_user, case=case, target="repatriated")
    moved = actions.transition(actor=None, case=case, target="repatriated", system=True)
    assert moved.stage_id == "repatriated"


def test_moving_back_needs_a_reason(national_user, make_case):
    case = _advance_to(make_case(), "identity_verified", national_user)
    with pytest.raises(TransitionRefused):
        actions.transition(actor=national_user, case=case, target="identified")
    back = actions.transition(actor=national_user, case=case, target="identified", reason="wrong child photographed")
    assert back.stage_id == "identified"


def test_history_records_who_when_from_to_and_reason_and_is_never_edited(national_user, make_case):
    case = _advance_to(make_case(), "identity_verified", national_user)
    event = case.events.get(kind=CaseEvent.Kind.TRANSITION)
    assert (event.actor, event.source_stage_id, event.target_stage_id) == (national_user, "identified",
                                                                          "identity_verified")
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()


def test_transitions_are_data_a_new_one_works_without_code(national_user, make_case):
    case = make_case()
    Transition.objects.create(source_id="identified", target_id="best_interests", roles=["caseworker"])
    Requirement.objects.filter(stage_id="best_interests").delete()
    moved = actions.transition(actor=national_user, case=case, target="best_interests")
    assert moved.stage_id == "best_interests"


def test_lists_children_who_reach_the_mothers_age_limit_within_n_days(make_case):
    today = dt.date(2026, 11, 24)
    soon = make_case(born=dt.date(2023, 12, 10), facility="Rusafa women's prison")
    make_case(names=[("Алиев Ахмед", "Cyrl")], born=dt.date(2024, 8, 1), facility="Rusafa women's prison")
    make_case(names=[("Исаев Иса", "Cyrl")], born=dt.date(2023, 12, 20), facility="Baghdad state children's home")
    from homeward.cases.models import Case

    alerts = reaching_mother_age_limit(Case.objects.all(), within_days=30, today=today)
    assert [(a.case, a.reaches_on, a.limit) for a in alerts] == [(soon, dt.date(2026, 12, 10), 3)]


def test_transition_page_shows_the_unmet_checks_when_refused(client, national_user, make_case):
    case = make_case()
    client.force_login(national_user)
    response = client.post(f"/cases/{case.pk}/transition/", {"target": "identity_verified"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Refused." in body and "DNA sample taken from the child" in body
    htmx = client.post(f"/cases/{case.pk}/transition/", {"target": "identity_verified"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
    assert "<html" not in htmx.content.decode() and "DNA sample taken from the child" in htmx.content.decode()


def test_transition_page_moves_the_case_when_checks_are_met(client, national_user, consular_user, make_case):
    case = make_case()
    for code in ("consular_interview", "identity_statement", "child_dna_sample"):
        actions.set_check(actor=consular_user, case=case, code=code)
    client.force_login(national_user)
    response = client.post(f"/cases/{case.pk}/transition/", {"target": "identity_verified"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage_id == "identity_verified"
