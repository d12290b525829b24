"""Laboratory quality control on import: every bad line and marker at once, markers of the kit
only, a huge field refused by its line, and identical profiles (swaps, duplicates, staff) flagged."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeward.errors import ActionError
from homeward.kinship import actions
from homeward.kinship.engine.kits import kit_marker_names, kit_markers
from homeward.kinship.imports import ProfileFileErrors, parse_results
from homeward.kinship.models import DnaSample, EliminationProfile


@pytest.fixture
def samples(family: dict[str, Any], lab: Any, bring_to_lab: Any) -> list[DnaSample]:
    when = timezone.now() - dt.timedelta(days=5)
    donors = [family["child"], family["links"]["grandmother"].relative, family["links"]["uncle"].relative]
    return [bring_to_lab(actions.request_sample(actor=None, case=family["case"], donor=d, requested_at=when), lab)
            for d in donors]


def test_every_bad_line_and_marker_is_reported_at_once(samples: list[DnaSample]) -> None:
    a, b, _ = samples
    content = (f"sample_id,marker,allele1,allele2\n{a.code},D3S1358,15,16\n{a.code},vWA,17,1x\n"
               f"{b.code},D99S999,14,15\n{b.code},TH01,OL,6\n{b.code},FGA,22\n").encode()
    with pytest.raises(ActionError) as caught:
        actions.import_profiles(actor=None, content=content, filename="bad.csv")
    messages = caught.value.field_errors["file"]
    assert any("line 3" in m and "vWA" in m for m in messages)
    assert any("line 4" in m and "D99S999" in m and "kit" in m for m in messages)
    assert any("line 5" in m and "TH01" in m for m in messages)
    assert any("line 6" in m for m in messages)
    assert not DnaSample.objects.filter(status="profiled").exists()


def test_a_marker_outside_the_labs_kit_is_refused_unless_the_kit_lists_it(samples: list[DnaSample]) -> None:
    a = samples[0]
    content = f"sample_id,marker,allele1,allele2\n{a.code},D3S1358,15,16\n{a.code},Penta C,11,12\n".encode()
    assert "PENTAC" not in kit_markers("globalfiler")
    with pytest.raises(ActionError, match="line 3, marker Penta C: not a marker of the laboratory's kit"):
        actions.import_profiles(actor=None, content=content, kit="globalfiler")
    [profile] = actions.import_profiles(actor=None, content=content, kit="extended")
    assert profile.genotypes == {"D3S1358": "15/16", "Penta C": "11/12"}


def test_a_20000_marker_file_names_every_made_up_marker_in_linear_time() -> None:
    def file(n: int) -> str:
        names = [f"X{i:05d}" for i in range(n)]
        return ("id\tfid\tmid\tsex\t" + "\t".join(names) + "\nS1\t0\t0\t1\t" + "\t".join(["12/13"] * n) + "\n")

    for n in (2_000, 20_000):
        text = file(n)
        start = time.perf_counter()
        with pytest.raises(ProfileFileErrors) as caught:
            parse_results(text, markers=kit_markers("extended"))
        elapsed = time.perf_counter() - start
        message = str(caught.value)
        assert f"{n} marker(s) not of the laboratory's kit" in message
        assert all(f"X{i:05d}" in message for i in range(0, n, 997))
        assert elapsed < 10  # a generous bound; benchmarks/kinship_import_bench.py prints the figures
    parsed = parse_results(file(20_000))  # without a kit: read, all 20,000 markers
    assert len(parsed.samples["S1"].genotypes) == 20_000


def test_a_4mb_one_line_file_is_a_clear_refusal_over_http(client: Client, geneticist: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(geneticist)
    for body in (b"sample_id,marker,allele1,allele2" + b"x" * (4 * 1024 * 1024),
                 b"sample_id,marker,allele1,allele2\nS1,D3S1358," + b"1" * (4 * 1024 * 1024) + b",2\n"):
        upload = SimpleUploadedFile("big.csv", body, content_type="text/csv")
        response = client.post(reverse("kinship:import"), {"file": upload})
        assert response.status_code == 422
        assert "line 1" in response.content.decode() or "line 2" in response.content.decode()


def test_a_profile_identical_to_another_persons_flags_both_samples(samples: list[DnaSample], lab: Any) -> None:
    a, b, c = samples
    markers = kit_marker_names("globalfiler")[:12]
    rows = "".join(f"{{code}},{m},{10 + i % 5},{12 + i % 3}\n" for i, m in enumerate(markers))
    first = "sample_id,marker,allele1,allele2\n" + rows.format(code=a.code)
    actions.import_profiles(actor=None, content=first.encode(), lab=lab)
    second = "sample_id,marker,allele1,allele2\n" + rows.format(code=b.code)
    [profile] = actions.import_profiles(actor=None, content=second.encode(), lab=lab)
    assert profile.qc_findings and "identical to" in profile.qc_findings[0] and a.code in profile.qc_findings[0]
    assert DnaSample.objects.get(pk=b.pk).flagged
    # The same person typed again is no finding.
    again = "sample_id,marker,allele1,allele2\n" + rows.format(code=a.code) + f"{a.code},SE33,20,21\n"
    [rerun] = actions.import_profiles(actor=None, content=again.encode(), lab=lab)
    assert all(b.code in f for f in rerun.qc_findings)


def test_a_profile_matching_a_staff_member_is_flagged_as_contamination(samples: list[DnaSample]) -> None:
    c = samples[2]
    markers = kit_marker_names("globalfiler")[:12]
    genotypes = {m: f"{10 + i % 4}/{13 + i % 2}" for i, m in enumerate(markers)}
    EliminationProfile.objects.create(label="lab technician T-07", genotypes=genotypes | {markers[0]: "30/31"})
    content = "sample_id,marker,allele1,allele2\n" + "".join(
        f"{c.code},{m},{g.split('/')[0]},{g.split('/')[1]}\n" for m, g in genotypes.items())
    [profile] = actions.import_profiles(actor=None, content=content.encode())
    assert "T-07" in profile.qc_findings[0] and "11 of 12" in profile.qc_findings[0]
    sample = DnaSample.objects.get(pk=c.pk)
    assert sample.flagged and "contamination" in sample.flag_reason
