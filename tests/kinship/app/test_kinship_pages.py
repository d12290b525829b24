"""The kinship pages over HTTP: who sees genotypes, who sees only the conclusion, audit of every view,
regional limits, the overdue list, the import form and the background-job status partial."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEntry
from homeward.kinship import actions
from homeward.kinship.models import DnaSample, KinshipTest, StrProfile


@pytest.fixture
def concluded(profiled_family: dict[str, Any]) -> dict[str, Any]:
    fam = profiled_family
    links = [fam["links"][n] for n in ("grandmother", "uncle", "aunt")]
    test = actions.run_kinship_test(actor=None, case=fam["case"], links=links)
    actions.conclude_kinship(actor=None, test=test)
    actions.review_kinship(actor=None, test=test, confirm=True)
    test.refresh_from_db()
    return fam | {"test": test}


def _a_genotype(fam: dict[str, Any]) -> str:
    marker, (a, b) = next(iter(fam["genotypes"]["uncle"].items()))
    profile = StrProfile.objects.get(sample=fam["samples"]["uncle"])
    return profile.genotypes[marker]


def test_geneticist_sees_genotypes_and_per_marker_lrs_and_each_view_is_audited(
    client: Client, geneticist: Any, concluded: dict[str, Any],
) -> None:
    test = concluded["test"]
    client.force_login(geneticist)
    page = client.get(reverse("kinship:test", args=[test.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="markers"' in html and _a_genotype(concluded) in html
    assert "supports the claimed kinship" in html
    assert AuditEntry.objects.filter(action="kinship.test.viewed", object_id=str(test.pk), actor=geneticist).exists()
    viewed = AuditEntry.objects.filter(action="kinship.profile.viewed", actor=geneticist).count()
    assert viewed == 4  # the child and three relatives
    sample = concluded["samples"]["uncle"]
    page = client.get(reverse("kinship:sample", args=[sample.pk]))
    assert _a_genotype(concluded) in page.content.decode()
    assert AuditEntry.objects.filter(action="kinship.profile.viewed", actor=geneticist).count() == 5


def test_caseworker_sees_the_conclusion_and_lr_but_no_genotype(
    client: Client, caseworker: Any, concluded: dict[str, Any],
) -> None:
    test = concluded["test"]
    client.force_login(caseworker)
    html = client.get(reverse("kinship:test", args=[test.pk])).content.decode()
    assert "supports the claimed kinship" in html and "LR =" in html
    assert 'id="markers"' not in html
    profiles = StrProfile.objects.filter(sample__case=concluded["case"])
    for profile in profiles:
        for genotype in profile.genotypes.values():
            assert f">{genotype}<" not in html
    sample_html = client.get(reverse("kinship:sample", args=[concluded["samples"]["uncle"].pk])).content.decode()
    assert 'id="profiles"' not in sample_html
    for genotype in StrProfile.objects.get(sample=concluded["samples"]["uncle"]).genotypes.values():
        assert f">{genotype}<" not in sample_html
    assert AuditEntry.objects.filter(action="kinship.test.viewed", actor=caseworker, data__genetic=False).exists()
    assert not AuditEntry.objects.filter(action="kinship.profile.viewed", actor=caseworker).exists()
    case_html = client.get(reverse("kinship:case", args=[concluded["case"].pk])).content.decode()
    assert "supports the claimed kinship" in case_html
    assert AuditEntry.objects.filter(action="kinship.case.viewed", actor=caseworker).exists()


def test_caseworker_cannot_open_the_import_form_or_conclude(
    client: Client, caseworker: Any, concluded: dict[str, Any],
) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("kinship:import")).status_code == 403
    assert client.get(reverse("kinship:test-new", args=[concluded["case"].pk])).status_code == 403
    assert client.post(reverse("kinship:test-conclude", args=[concluded["test"].pk])).status_code == 403


def test_a_regional_user_gets_404_for_another_regions_samples_and_tests(
    client: Client, make_user: Any, concluded: dict[str, Any],
) -> None:
    outsider = make_user("daga", "dagestan", "social_worker")
    insider = make_user("chech", "chechnya", "social_worker")
    sample = concluded["samples"]["child"]
    urls = [
        reverse("kinship:case", args=[concluded["case"].pk]),
        reverse("kinship:sample", args=[sample.pk]),
        reverse("kinship:test", args=[concluded["test"].pk]),
        reverse("kinship:test-status", args=[concluded["test"].pk]),
    ]
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # a social worker may not reject samples at all (the laboratory does): refused whatever the sample
    assert client.post(reverse("kinship:sample-step", args=[sample.pk, "reject"]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("kinship:sample-step", args=[sample.pk, "transfer"]), {}).status_code == 404
    client.force_login(insider)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_custody_steps_over_http_record_each_hand_over(client: Client, caseworker: Any, geneticist: Any,
                                                       family: dict[str, Any], lab: Any) -> None:
    client.force_login(caseworker)
    grandmother = family["links"]["grandmother"].relative
    response = client.post(reverse("kinship:sample-request", args=[family["case"].pk]),
                           {"donor": grandmother.pk, "kind": "buccal", "lab": lab.pk})
    assert response.status_code == 302
    sample = DnaSample.objects.get(donor=grandmother)
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    steps = [
        ("collect", {"collected_at": now.strftime(fmt), "collected_by": "Dr Aliyeva", "office": family["case"].owner_id}),
        ("seal", {"seal_number": "CE-0042", "sealed_at": now.strftime(fmt)}),
        ("transfer", {"from_party": "Dr Aliyeva", "to_party": "Courier", "place": "Grozny",
                      "occurred_at": now.strftime(fmt), "seal_intact": "yes"}),
        ("receive", {"lab": lab.pk, "seal_number_seen": "CE-0042", "seal_intact": "yes",
                     "received_at": now.strftime(fmt)}),
    ]
    for step, data in steps:
        # the collecting side records collection, seal and hand-over; the laboratory receives
        client.force_login(geneticist if step == "receive" else caseworker)
        response = client.post(reverse("kinship:sample-step", args=[sample.pk, step]), data)
        assert response.status_code == 302, (step, [ln for ln in response.content.decode().splitlines() if "error" in ln])
    sample.refresh_from_db()
    assert sample.status == "received" and sample.custody.count() == 4
    html = client.get(reverse("kinship:sample", args=[sample.pk])).content.decode()
    assert "CE-0042" in html and "Courier" in html


def test_a_refused_step_shows_the_reason_and_changes_nothing(client: Client, caseworker: Any,
                                                             family: dict[str, Any]) -> None:
    client.force_login(caseworker)
    sample = actions.request_sample(actor=None, case=family["case"], donor=family["child"])
    response = client.post(reverse("kinship:sample-step", args=[sample.pk, "seal"]),
                           {"seal_number": "X-1", "sealed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 422
    assert "cannot be sealed" in response.content.decode()
    sample.refresh_from_db()
    assert sample.status == "requested"


def test_import_form_refuses_a_bad_file_naming_line_and_marker(
    client: Client, geneticist: Any, family: dict[str, Any], lab: Any, bring_to_lab: Any,
) -> None:
    sample = bring_to_lab(actions.request_sample(actor=None, case=family["case"], donor=family["child"],
                                                 requested_at=timezone.now() - dt.timedelta(days=4)), lab)
    client.force_login(geneticist)
    bad = SimpleUploadedFile("run.csv", f"sample_id,marker,allele1,allele2\n{sample.code},D3S1358,15,16\n"
                                        f"{sample.code},FGA,22,abc\n".encode())
    response = client.post(reverse("kinship:import"), {"file": bad, "lab": lab.pk})
    assert response.status_code == 422
    assert "line 3, marker FGA" in response.content.decode()
    assert not StrProfile.objects.exists()
    good = SimpleUploadedFile("run.csv", f"sample_id,marker,allele1,allele2\n{sample.code},D3S1358,15,16\n".encode())
    response = client.post(reverse("kinship:import"), {"file": good, "lab": lab.pk})
    assert response.status_code == 200 and StrProfile.objects.count() == 1


def test_overdue_list_shows_old_requests_per_region(client: Client, make_user: Any, family: dict[str, Any],
                                                    make_case: Any, lab: Any, bring_to_lab: Any) -> None:
    old = timezone.now() - dt.timedelta(days=45)
    gm = family["links"]["grandmother"].relative
    overdue = actions.request_sample(actor=None, case=family["case"], donor=gm, requested_at=old)
    recent = actions.request_sample(actor=None, case=family["case"], donor=family["links"]["uncle"].relative,
                                    requested_at=timezone.now() - dt.timedelta(days=3))
    arrived = bring_to_lab(actions.request_sample(actor=None, case=family["case"], donor=family["child"],
                                                  requested_at=old), lab)
    dagestan_case = make_case(names=[("Алиев Али", "Cyrl")], region="DA")
    dagestan_sample = actions.request_sample(actor=None, case=dagestan_case, donor=dagestan_case.child, requested_at=old)
    client.force_login(make_user("nat", "national", "caseworker"))
    html = client.get(reverse("kinship:overdue")).content.decode()
    assert overdue.code in html and dagestan_sample.code in html
    assert recent.code not in html and arrived.code not in html
    client.force_login(make_user("daga", "dagestan", "social_worker"))
    html = client.get(reverse("kinship:overdue")).content.decode()
    assert dagestan_sample.code in html and overdue.code not in html


def test_new_test_form_starts_a_background_job_and_the_page_polls_its_status(
    client: Client, geneticist: Any, profiled_family: dict[str, Any], django_capture_on_commit_callbacks: Any,
) -> None:
    from homeward.kinship.tasks import compute_kinship_test_job

    fam = profiled_family
    client.force_login(geneticist)
    form = client.get(reverse("kinship:test-new", args=[fam["case"].pk]))
    assert form.status_code == 200
    data = {"links": [fam["links"][n].pk for n in ("grandmother", "uncle", "aunt")], "freq_db": "west-asia",
            "theta": "0.01", "mutation_model": "proportional", "mutation_rate": "0.001", "prior": "0.5",
            "background": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kinship:test-new", args=[fam["case"].pk]), data)
    assert response.status_code == 302
    test = KinshipTest.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger=\"every 2s\"" in page
    status_url = reverse("kinship:test-status", args=[test.pk]) + "?polling=1"
    partial = client.get(status_url, HTTP_HX_REQUEST="true")
    assert "progress" in partial.content.decode() and "HX-Refresh" not in partial
    compute_kinship_test_job.call(test.pk)
    partial = client.get(status_url, HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    assert "every 2s" not in client.get(reverse("kinship:test", args=[test.pk])).content.decode()


def test_case_page_include_links_to_the_kinship_section_with_the_conclusion(concluded: dict[str, Any]) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("kinship/_case_link.html", {"case": concluded["case"]})
    assert reverse("kinship:case", args=[concluded["case"].pk]) in html
    assert f"test #{concluded['test'].pk}" in html and "supports the claimed kinship" in html


def test_a_conclusion_takes_effect_only_when_a_second_analyst_reviews_it_over_http(
    client: Client, geneticist: Any, make_user: Any, profiled_family: dict[str, Any],
) -> None:
    from homeward.cases.models import CaseCheck
    from homeward.people.models import FamilyLink

    fam = profiled_family
    test = actions.run_kinship_test(actor=None, case=fam["case"],
                                    links=[fam["links"][n] for n in ("grandmother", "uncle", "aunt")])
    client.force_login(geneticist)
    page = client.get(reverse("kinship:test", args=[test.pk])).content.decode()
    assert reverse("kinship:test-conclude", args=[test.pk]) in page
    response = client.post(reverse("kinship:test-conclude", args=[test.pk]))
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.review_state == KinshipTest.Review.PROPOSED and not test.conclusion
    # Proposed, not reviewed: no link is verified, the check is not ticked.
    for name in ("grandmother", "uncle", "aunt"):
        assert FamilyLink.objects.get(pk=fam["links"][name].pk).status == FamilyLink.Status.CLAIMED
    assert not CaseCheck.objects.filter(case=fam["case"], requirement__code="dna_kinship_confirmed",
                                        done=True).exists()
    # The proposing analyst cannot review their own conclusion.
    page = client.get(reverse("kinship:test", args=[test.pk])).content.decode()
    assert reverse("kinship:test-review", args=[test.pk]) not in page
    own = client.post(reverse("kinship:test-review", args=[test.pk]), {"decision": "confirm"}, follow=True)
    assert "not the analyst who proposed it" in own.content.decode()
    assert FamilyLink.objects.get(pk=fam["links"]["uncle"].pk).status == FamilyLink.Status.CLAIMED
    # A second analyst returns it with a note, the first proposes again, the second confirms.
    second = make_user("gert", "lab", "geneticist")
    client.force_login(second)
    assert reverse("kinship:test-review", args=[test.pk]) in client.get(
        reverse("kinship:test", args=[test.pk])).content.decode()
    client.post(reverse("kinship:test-review", args=[test.pk]), {"decision": "return", "note": "check D21"})
    test.refresh_from_db()
    assert test.review_state == KinshipTest.Review.RETURNED and test.review_note == "check D21"
    assert FamilyLink.objects.get(pk=fam["links"]["uncle"].pk).status == FamilyLink.Status.CLAIMED
    client.force_login(geneticist)
    client.post(reverse("kinship:test-conclude", args=[test.pk]))
    client.force_login(second)
    assert client.post(reverse("kinship:test-review", args=[test.pk]), {"decision": "confirm"}).status_code == 302
    test.refresh_from_db()
    assert test.conclusion == KinshipTest.Conclusion.SUPPORTS and test.reviewed_by_id == second.pk
    assert test.proposed_by_id == geneticist.pk
    assert FamilyLink.objects.get(pk=fam["links"]["uncle"].pk).status == FamilyLink.Status.DNA_VERIFIED
    check = CaseCheck.objects.get(case=fam["case"], requirement__code="dna_kinship_confirmed")
    assert check.done and check.done_by_id == second.pk
    assert AuditEntry.objects.filter(action="kinship.test.concluded", actor=second).exists()
    assert AuditEntry.objects.filter(action="kinship.test.proposed", actor=geneticist).exists()
    client.force_login(geneticist)
    again = client.post(reverse("kinship:test-conclude", args=[test.pk]), follow=True)
    assert "already concluded" in again.content.decode()
