"""A child entered a second time, its name in another script, is flagged before anything is saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeward.cases.models import Case
from homeward.places.models import Facility


def test_child_entered_again_in_another_script_is_flagged_before_saving(client: Any, consular_user: Any,
                                                                        make_case: Any) -> None:
    existing = make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1),
                         facility="Rusafa women's prison")
    rusafa = Facility.objects.get(name="Rusafa women's prison")
    client.force_login(consular_user)
    form = {"name": "Maryam Yusuf", "name_kind": "heard", "sex": "F", "apparent_age": "8",
            "host_country": "IQ", "facility": rusafa.pk}
    response = client.post("/cases/new/", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This child may already be recorded" in body
    assert existing.reference in body and "مريم يوسف" in body
    assert Case.objects.count() == 1

    response = client.post("/cases/new/", form | {"not_duplicate": "1"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_a_different_child_is_not_flagged(client: Any, consular_user: Any, make_case: Any) -> None:
    make_case(names=[("مريم يوسف", "Arab")], sex="F", born=dt.date(2017, 6, 1))
    client.force_login(consular_user)
    response = client.post("/cases/new/", {"name": "Ibrahim Khasanov", "name_kind": "heard", "sex": "M",
                                           "apparent_age": "3", "host_country": "IQ"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_a_record_outside_the_jurisdiction_is_counted_but_not_named(client: Any, make_user: Any,
                                                                    make_case: Any) -> None:
    make_case(names=[("Мариам Юсуф", "Cyrl")], sex="F", born=dt.date(2017, 6, 1), host_country="SY")
    client.force_login(make_user("omar2", "consular", "consular"))
    response = client.post("/cases/new/", {"name": "Maryam Yusuf", "name_kind": "heard", "sex": "F",
                                           "apparent_age": "8", "host_country": "IQ"})
    body = response.content.decode()
    assert response.status_code == 200 and "outside your jurisdiction" in body
    assert "Мариам" not in body
