"""Plain-language summaries of flights home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from homeward.cases.models import Case
from homeward.reports.queries import histories, repatriation_batches
from homeward.reports.summaries import flight_summaries, summarise

ARRIVAL = dt.date(2019, 2, 10)


def test_the_summary_states_count_ages_regions_origin_and_date() -> None:
    text = summarise(count=27, ages=[4, 13, 7], regions=10, origin="Baghdad", arrived_on=ARRIVAL)
    assert text == "27 children aged 4 to 13 from 10 regions arrived from Baghdad on 10 February 2019"


def test_the_summary_speaks_of_one_child_and_one_region_in_the_singular() -> None:
    text = summarise(count=1, ages=[5], regions=1, origin="Baghdad", arrived_on=ARRIVAL)
    assert text == "1 child aged 5 from 1 region arrived from Baghdad on 10 February 2019"


def test_a_small_flight_is_only_fewer_than_five_in_public() -> None:
    text = summarise(count=3, ages=[4, 9], regions=2, origin="Baghdad", arrived_on=ARRIVAL, threshold=5)
    assert text == "Fewer than 5 children arrived from Baghdad on 10 February 2019."
    assert "aged" not in text


@pytest.mark.django_db
def test_a_batch_is_summarised_from_case_histories(history: Callable[..., Any]) -> None:
    history(born=dt.date(2014, 6, 1), opened=dt.date(2018, 10, 1), repatriated=ARRIVAL, region="CE")
    history(born=dt.date(2005, 3, 1), opened=dt.date(2018, 10, 1), repatriated=ARRIVAL, region="DA")
    history(born=dt.date(2010, 3, 1), opened=dt.date(2018, 10, 1), repatriated=ARRIVAL, region="DA")
    history(born=dt.date(2010, 3, 1), opened=dt.date(2018, 10, 1))
    [summary] = flight_summaries(repatriation_batches(histories(Case.objects.all())))
    # ages on the arrival date: 4 (born June 2014), 13 (born March 2005)
    assert summary.text == "3 children aged 4 to 13 from 2 regions arrived from Iraq on 10 February 2019"


@pytest.mark.django_db
def test_a_recorded_flight_names_the_city_it_left_from(history: Callable[..., Any]) -> None:
    movements = pytest.importorskip("homeward.movements.models")
    flight_model = getattr(movements, "Flight", None)
    if flight_model is None:
        pytest.skip("no flights recorded by the movements app")
    case = history(born=dt.date(2014, 6, 1), opened=dt.date(2018, 10, 1), repatriated=ARRIVAL)
    flight = flight_model.objects.create(
        reference="FL-TEST-1", origin_city="Baghdad", origin_country_id="IQ", destination_city="Grozny",
        destination_country_id="RU", date=ARRIVAL, seat_capacity=40, status="arrived",
    )
    movements.FlightPassenger.objects.create(flight=flight, case=case, status="boarded")
    [summary] = flight_summaries(repatriation_batches(histories(Case.objects.all())))
    assert summary.flight == flight
    assert summary.text == "1 child aged 4 from 1 region arrived from Baghdad on 10 February 2019"


@pytest.mark.django_db
def test_a_recorded_flight_is_summarised_from_its_boarded_passengers(history: Callable[..., Any]) -> None:
    movements = pytest.importorskip("homeward.movements.models")
    if getattr(movements, "Flight", None) is None:
        pytest.skip("no flights recorded by the movements app")
    from homeward.reports.summaries import summarise_flight

    flight = movements.Flight.objects.create(
        reference="FL-TEST-2", origin_city="Baghdad", origin_country_id="IQ", destination_city="Grozny",
        destination_country_id="RU", date=ARRIVAL, seat_capacity=40, status="arrived",
    )
    for born, region in [(dt.date(2014, 6, 1), "CE"), (dt.date(2005, 3, 1), "DA")]:
        case = history(born=born, opened=dt.date(2018, 10, 1), repatriated=ARRIVAL, region=region)
        movements.FlightPassenger.objects.create(flight=flight, case=case, status="boarded")
    left_behind = history(born=dt.date(2010, 1, 1), opened=dt.date(2018, 10, 1))
    movements.FlightPassenger.objects.create(flight=flight, case=left_behind, status="not_boarded")
    assert summarise_flight(flight) == "2 children aged 4 to 13 from 2 regions arrived from Baghdad on 10 February 2019"
