"""DVI in the app: every case child against every case's reference family, as a background job,
ranked per family and per child, the same ranking as the engine's search."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from homeward.kinship.actions import dvi
from homeward.kinship.engine import blind_search
from homeward.kinship.models import DviSearch


def test_the_search_ranks_the_familys_own_child_first_and_matches_the_engine(
    client: Client, geneticist: Any, profiled_family: dict[str, Any], django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(geneticist)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("kinship:dvi"), {"prior": "0.5"})
    assert response.status_code == 302
    search = DviSearch.objects.get()
    assert search.status == "pending"
    assert "<progress" in client.get(reverse("kinship:dvi-search", args=[search.pk]) + "?polling=1").content.decode()
    dvi.compute_dvi_search(search_id=search.pk)
    search.refresh_from_db()
    assert search.status == "done", search.error
    case = profiled_family["case"]
    best = search.results["by_family"][0]
    assert best["case"] == case.pk and best["child_case"] == case.pk and best["rank"] == 1
    # The same figure as the engine's search on the same inputs.
    pois, refs, _ = dvi._inputs([])
    from homeward.kinship import compute

    direct = blind_search(pois, refs, compute.frequency_db(search.freq_db), theta=search.theta)
    assert best["log10_lr"] == direct.log10_lr[0, 0]
    page = client.get(reverse("kinship:dvi-search", args=[search.pk])).content.decode()
    assert 'id="by-family"' in page and case.reference in page
    assert reverse("kinship:test-new", args=[case.pk]) in page


def test_a_caseworker_cannot_run_a_dvi_search(client: Client, caseworker: Any) -> None:
    client.force_login(caseworker)
    assert client.post(reverse("kinship:dvi"), {}).status_code == 403
    assert not DviSearch.objects.exists()
