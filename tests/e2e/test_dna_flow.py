"""DNA in a real browser: a geneticist takes a father's sample through its chain of custody, imports
the lab's profiles, computes and concludes a kinship test; a caseworker then reads the conclusion
of the same case without seeing a single genotype."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def simulated_trio(seed: int) -> dict[str, dict[str, tuple[str, str]]]:
    """Father, mother and child genotypes by gene dropping, on every marker of the West Asia table."""
    from homeward.kinship.engine import Pedigree, Person, gene_drop, shipped_database

    db = shipped_database("west-asia")
    ped = Pedigree([Person("father", sex=1), Person("mother", sex=2), Person("child", "father", "mother", 1)])
    return gene_drop(ped, db, db.names(), np.random.default_rng(seed))


def results_csv(rows: dict[str, dict[str, tuple[str, str]]]) -> bytes:
    """A lab's long results file: sample id, marker, two alleles."""
    lines = ["sample_id,marker,allele1,allele2"]
    for code, genotypes in rows.items():
        lines += [f"{code},{marker},{a},{b}" for marker, (a, b) in genotypes.items()]
    return ("\n".join(lines) + "\n").encode()


def child_sample_at_the_lab(case: Any, lab: Any) -> Any:
    """The child's own sample, taken in the facility abroad and received at the lab."""
    from homeward.kinship import actions

    start = timezone.now() - dt.timedelta(days=10)
    sample = actions.request_sample(actor=None, case=case, donor=case.child, requested_at=start, lab=lab)
    actions.record_collection(actor=None, sample=sample, collected_by="consular doctor",
                              collected_at=start + dt.timedelta(days=1), facility=case.facility)
    actions.seal(actor=None, sample=sample, seal_number="IQ-0007", sealed_at=start + dt.timedelta(days=1, hours=1))
    actions.transfer(actor=None, sample=sample, from_party="consular doctor", to_party="diplomatic courier",
                     place="Baghdad", occurred_at=start + dt.timedelta(days=2))
    actions.receive_at_lab(actor=None, sample=sample, lab=lab, seal_number_seen="IQ-0007",
                           received_at=start + dt.timedelta(days=3))
    sample.refresh_from_db()
    return sample


def record_step(page: Any, step: str, fields: dict[str, str], status: str) -> None:
    """Fill one custody form on the sample page, record it, wait for the new status."""
    form = page.locator(f"form[action$='/{step}/']")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator("h1 .status-tag")).to_have_text(status)
    expect(page.locator("p.flag")).to_have_count(0)


def test_geneticist_records_custody_imports_profiles_and_a_caseworker_sees_only_the_conclusion(
    page: Any, make_user: Callable[..., Any], make_case: Callable[..., Any], agencies: dict[str, Any],
) -> None:
    """The child's sample is brought to the lab with the actions in setup (it would take the same
    pages as the father's, which the browser does take); everything else is done by clicking."""
    from homeward.kinship.models import DnaSample, StrProfile
    from homeward.people.actions import NameInput, create_person, link_family

    geneticist = make_user("gena", "lab", "geneticist")
    reviewer = make_user("rita", "lab", "geneticist")
    caseworker = make_user("carla", "national", "caseworker")
    case = make_case()
    father = create_person(actor=None, kind="father", names=[NameInput("Хасанов Руслан Ахмедович", script="Cyrl")],
                           sex="M")
    link_family(actor=None, person=case.child, relative=father, relation="father")
    child_sample = child_sample_at_the_lab(case, agencies["lab"])

    log_in(page, geneticist.username)
    page.click(f"#results a:text-is('{case.reference}')")
    page.click("text=DNA samples and kinship tests")
    expect(page.locator("h1")).to_contain_text(f"DNA samples and kinship tests — {case.reference}")
    expect(page.locator("#samples tbody tr")).to_have_count(1)

    page.select_option("#id_donor", str(father.pk))
    page.select_option("#id_lab", label="DNA laboratory")
    page.click("#samples button.primary")
    expect(page.locator("h1 .status-tag")).to_have_text("requested")
    sample = DnaSample.objects.get(donor=father)
    expect(page.locator("h1")).to_contain_text(sample.code)

    record_step(page, "collect", {"collected_by": "Dr Aliyeva, Commissioner's office",
                                  "office": "Commissioner's office"}, "collected")
    record_step(page, "seal", {"seal_number": "CE-0042"}, "sealed")
    record_step(page, "transfer", {"from_party": "Dr Aliyeva", "to_party": "courier K.", "place": "Grozny"},
                "in transit")
    record_step(page, "receive", {"seal_number_seen": "CE-0042"}, "received at the lab")
    custody = page.locator("#custody li")
    expect(custody).to_have_count(4)
    expect(custody.nth(1)).to_contain_text("CE-0042")
    expect(custody.nth(2)).to_contain_text("courier K.")
    expect(custody.nth(3)).to_contain_text("CE-0042 ✔")

    trio = simulated_trio(seed=11)
    page.click("text=Import DNA profiles")
    page.set_input_files("#id_file", files=[{
        "name": "run-1.csv", "mimeType": "text/csv",
        "buffer": results_csv({child_sample.code: trio["child"], sample.code: trio["father"]}),
    }])
    page.click("button:text-is('Import')")
    imported = page.locator("section", has=page.locator("h2", has_text="Imported")).locator("li")
    expect(imported).to_have_count(2)
    expect(imported.filter(has_text=sample.code)).to_contain_text(f"{len(trio['father'])} markers")

    page.click(f"a:text-is('{sample.code}')")
    expect(page.locator("h1 .status-tag")).to_have_text("profiled")
    # The geneticist sees the profile itself.
    marker, (a, b) = next(iter(trio["father"].items()))
    expect(page.locator("#profiles")).to_contain_text(marker)
    page.click("text=DNA —")
    page.click("text=New kinship test")
    expect(page.locator("input[name=links]")).to_have_count(1)
    expect(page.locator("input[name=links]")).to_be_checked()
    expect(page.locator("input[name=background]")).not_to_be_checked()
    page.click("button:text-is('Compute')")
    expect(page.locator(".lr-big")).to_contain_text("LR =")
    expect(page.locator("#markers tbody tr")).to_have_count(len(trio["father"]))
    page.click("button:text-is('Propose the conclusion')")
    expect(page.locator("#review")).to_contain_text("supports the claimed kinship")
    expect(page.locator("button:text-is('Confirm the conclusion')")).to_have_count(0)

    # A second analyst reviews the proposal before it takes effect.
    test_url = page.url
    page.click("button:text-is('Log out')")
    page.wait_for_url("**/login/**")
    log_in(page, reviewer.username)
    page.goto(test_url)
    page.click("button:text-is('Confirm the conclusion')")
    expect(page.locator(".conclusion-supports")).to_have_text("supports the claimed kinship")

    page.click("button:text-is('Log out')")
    page.wait_for_url("**/login/**")
    log_in(page, caseworker.username)
    page.click(f"#results a:text-is('{case.reference}')")
    expect(page.locator(".kinship-link")).to_contain_text("supports the claimed kinship")
    page.click("text=DNA samples and kinship tests")
    expect(page.locator("#tests .conclusion-supports")).to_have_text("supports the claimed kinship")
    expect(page.locator("text=New kinship test")).to_have_count(0)
    page.locator("#tests tbody tr a").first.click()
    expect(page.locator(".lr-big")).to_contain_text("LR =")
    expect(page.locator(".conclusion-supports")).to_have_text("supports the claimed kinship")
    expect(page.locator("#markers")).to_have_count(0)
    genotypes = {g for p in StrProfile.objects.filter(sample__case=case) for g in p.genotypes.values()}
    assert len(genotypes) > 5
    html = page.content()
    assert not [g for g in genotypes if f">{g}<" in html]

    page.click("text=DNA —")
    page.click(f"a:text-is('{sample.code}')")
    expect(page.locator("h1 .status-tag")).to_have_text("profiled")
    expect(page.locator("#profiles")).to_have_count(0)
    html = page.content()
    assert not [g for g in genotypes if f">{g}<" in html]
