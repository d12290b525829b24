"""Four eyes and the signed report: the report PDF of a reviewed test, and tests flagged for
recomputation when a profile or the frequency table they used changes."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from homeward.audit.models import AuditEntry
from homeward.errors import ActionError
from homeward.kinship import actions, compute
from homeward.kinship.models import KinshipReport, KinshipTest
from homeward.people.models import FamilyLink

LINKS = ("grandmother", "uncle", "aunt")


def _test(fam: dict[str, Any]) -> KinshipTest:
    return actions.run_kinship_test(actor=None, case=fam["case"], links=[fam["links"][n] for n in LINKS])


def test_the_system_proposing_does_not_verify_links_until_reviewed(profiled_family: dict[str, Any]) -> None:
    fam = profiled_family
    test = actions.conclude_kinship(actor=None, test=_test(fam))
    assert test.proposed_conclusion == KinshipTest.Conclusion.SUPPORTS and not test.conclusion
    assert all(FamilyLink.objects.get(pk=fam["links"][n].pk).status == FamilyLink.Status.CLAIMED for n in LINKS)
    with pytest.raises(ActionError, match="awaits"):
        actions.conclude_kinship(actor=None, test=test)


def test_a_caseworker_cannot_review(client: Client, caseworker: Any, profiled_family: dict[str, Any]) -> None:
    test = actions.conclude_kinship(actor=None, test=_test(profiled_family))
    client.force_login(caseworker)
    assert client.post(reverse("kinship:test-review", args=[test.pk]), {"decision": "confirm"}).status_code == 403
    assert KinshipTest.objects.get(pk=test.pk).review_state == KinshipTest.Review.PROPOSED


def test_returning_needs_a_note(profiled_family: dict[str, Any]) -> None:
    test = actions.conclude_kinship(actor=None, test=_test(profiled_family))
    with pytest.raises(ActionError, match="why"):
        actions.review_kinship(actor=None, test=test, confirm=False, note=" ")


def test_the_signed_report_states_method_figures_and_both_analysts(
    client: Client, geneticist: Any, make_user: Any, profiled_family: dict[str, Any],
) -> None:
    pytest.importorskip("weasyprint")
    second = make_user("gert", "lab", "geneticist")
    test = _test(profiled_family)
    actions.conclude_kinship(actor=geneticist, test=test)
    client.force_login(geneticist)
    assert client.post(reverse("kinship:test-report", args=[test.pk]), follow=True).status_code == 200
    assert not KinshipReport.objects.exists()  # not reviewed yet: no report
    actions.review_kinship(actor=second, test=test, confirm=True)
    response = client.post(reverse("kinship:test-report", args=[test.pk]))
    assert response.status_code == 302
    report = KinshipReport.objects.get(test=test)
    pdf = client.get(reverse("kinship:report", args=[report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert data.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="kinship.report.made", actor=geneticist).exists()
    # The report's text: hypotheses, frequency table and version, theta, mutation, per-marker LRs, analysts.
    from homeward.kinship.views.tests import _report_context

    test.refresh_from_db()
    html = unescape(_render_report(test, _report_context(None, test)))  # type: ignore[arg-type]
    for text in (test.h1_label, test.h2_label, test.freq_db, compute.freq_db_version(test.freq_db),
                 str(test.theta), test.mutation_model, "gena", "gert", *list(test.per_marker)[:3]):
        assert text in html, text
    page = client.get(reverse("kinship:test", args=[test.pk])).content.decode()
    assert reverse("kinship:report", args=[report.pk]) in page


def _render_report(test: KinshipTest, context: dict[str, Any]) -> str:
    from django.template.loader import render_to_string

    return render_to_string("kinship/report.html", context | {"test": test})


def test_a_profile_imported_again_flags_the_test_for_recomputation(
    profiled_family: dict[str, Any], simulate: Any,
) -> None:
    fam = profiled_family
    test = _test(fam)
    sample = fam["samples"]["uncle"]
    actions.import_profiles(actor=None, content=simulate.csv({sample.code: fam["genotypes"]["uncle"]}) + b"\n",
                            filename="rerun.csv")
    test.refresh_from_db()
    assert test.needs_recompute and "imported again" in test.recompute_reason
    assert AuditEntry.objects.filter(action="kinship.test.flagged", object_id=str(test.pk)).exists()
    with pytest.raises(ActionError, match="computed again"):
        actions.conclude_kinship(actor=None, test=test)


def test_a_changed_frequency_table_flags_every_test_that_used_it(
    profiled_family: dict[str, Any], monkeypatch: pytest.MonkeyPatch, client: Client, geneticist: Any,
) -> None:
    test = _test(profiled_family)
    actions.conclude_kinship(actor=None, test=test)
    monkeypatch.setattr(compute, "freq_db_version", lambda name: "changed")
    assert actions.flag_tests_using_frequencies() == 1
    test.refresh_from_db()
    assert test.needs_recompute
    with pytest.raises(ActionError, match="computed again"):
        actions.review_kinship(actor=None, test=test, confirm=True)
    client.force_login(geneticist)
    assert "Compute again" in client.get(reverse("kinship:test", args=[test.pk])).content.decode()
