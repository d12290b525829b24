"""Samples and their chain of custody: each step in order, append-only, seals checked at the lab."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from homeward.audit.models import AuditEntry
from homeward.errors import ActionError
from homeward.kinship import actions
from homeward.kinship.models import CustodyTransfer, DnaSample


def _sample(family: dict[str, Any], who: str = "grandmother", days_ago: int = 10) -> DnaSample:
    donor = family["links"][who].relative
    return actions.request_sample(actor=None, case=family["case"], donor=donor,
                                  requested_at=timezone.now() - dt.timedelta(days=days_ago))


def test_sample_goes_from_request_to_the_lab_with_one_custody_row_per_step(
    family: dict[str, Any], lab: Any, bring_to_lab: Any
) -> None:
    sample = bring_to_lab(_sample(family), lab)
    assert sample.status == DnaSample.Status.RECEIVED
    assert not sample.flagged
    steps = list(sample.custody.values_list("step", flat=True))
    assert steps == ["collected", "sealed", "handover", "received"]
    assert sample.code.startswith(family["case"].reference + "-S")
    actions_logged = set(AuditEntry.objects.filter(object_id=str(sample.pk)).values_list("action", flat=True))
    assert {"kinship.sample.requested", "kinship.sample.collected", "kinship.sample.sealed",
            "kinship.sample.transferred", "kinship.sample.received"} <= actions_logged


def test_custody_rows_cannot_be_edited_or_deleted(family: dict[str, Any], lab: Any, bring_to_lab: Any) -> None:
    sample = bring_to_lab(_sample(family), lab)
    row = sample.custody.first()
    row.note = "rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_a_different_seal_number_at_the_lab_is_recorded_and_flags_the_sample(family: dict[str, Any], lab: Any) -> None:
    sample = _sample(family)
    actions.record_collection(actor=None, sample=sample, collected_by="Dr A.", office=family["case"].owner,
                              collected_at=sample.requested_at + dt.timedelta(days=1))
    actions.seal(actor=None, sample=sample, seal_number="A-1001", sealed_at=sample.requested_at + dt.timedelta(days=1))
    received = actions.receive_at_lab(actor=None, sample=sample, lab=lab, seal_number_seen="A-1007",
                                      received_at=sample.requested_at + dt.timedelta(days=2))
    assert received.status == DnaSample.Status.RECEIVED
    assert received.flagged
    assert "A-1007" in received.flag_reason and "A-1001" in received.flag_reason
    last = received.custody.last()
    assert last.step == "received" and last.seal_intact is False and last.seal_number == "A-1007"


def test_the_same_seal_number_written_differently_is_accepted(family: dict[str, Any], lab: Any) -> None:
    sample = _sample(family)
    actions.record_collection(actor=None, sample=sample, collected_by="Dr A.", office=family["case"].owner,
                              collected_at=sample.requested_at + dt.timedelta(days=1))
    actions.seal(actor=None, sample=sample, seal_number="a-1001", sealed_at=sample.requested_at + dt.timedelta(days=1))
    received = actions.receive_at_lab(actor=None, sample=sample, lab=lab, seal_number_seen=" A-1001 ")
    assert not received.flagged


def test_a_seal_broken_in_transit_flags_the_sample(family: dict[str, Any]) -> None:
    sample = _sample(family)
    actions.record_collection(actor=None, sample=sample, collected_by="Dr A.", office=family["case"].owner,
                              collected_at=sample.requested_at + dt.timedelta(days=1))
    actions.seal(actor=None, sample=sample, seal_number="B-7", sealed_at=sample.requested_at + dt.timedelta(days=1))
    actions.transfer(actor=None, sample=sample, from_party="Dr A.", to_party="courier", seal_intact=False,
                     occurred_at=sample.requested_at + dt.timedelta(days=2))
    sample.refresh_from_db()
    assert sample.status == DnaSample.Status.IN_TRANSIT and sample.flagged
    assert "broken" in sample.flag_reason


def test_a_step_out_of_order_is_refused_and_changes_nothing(family: dict[str, Any]) -> None:
    sample = _sample(family)
    with pytest.raises(ActionError, match="cannot be sealed"):
        actions.seal(actor=None, sample=sample, seal_number="C-1")
    sample.refresh_from_db()
    assert sample.status == DnaSample.Status.REQUESTED and sample.seal_number == ""
    assert not CustodyTransfer.objects.filter(sample=sample).exists()


def test_a_hand_over_dated_before_the_sealing_is_refused(family: dict[str, Any]) -> None:
    sample = _sample(family)
    actions.record_collection(actor=None, sample=sample, collected_by="Dr A.", office=family["case"].owner,
                              collected_at=sample.requested_at + dt.timedelta(days=2))
    actions.seal(actor=None, sample=sample, seal_number="D-1", sealed_at=sample.requested_at + dt.timedelta(days=2))
    with pytest.raises(ActionError, match="cannot happen before"):
        actions.transfer(actor=None, sample=sample, from_party="Dr A.", to_party="courier",
                         occurred_at=sample.requested_at + dt.timedelta(days=1))
    assert sample.custody.count() == 2


def test_collection_needs_exactly_one_site(family: dict[str, Any]) -> None:
    from homeward.places.models import Facility

    sample = _sample(family)
    with pytest.raises(ActionError, match="one of them"):
        actions.record_collection(actor=None, sample=sample, collected_by="Dr A.")
    with pytest.raises(ActionError, match="one of them"):
        actions.record_collection(actor=None, sample=sample, collected_by="Dr A.", office=family["case"].owner,
                                  facility=Facility.objects.first())


def test_a_seal_number_cannot_be_used_on_two_samples(family: dict[str, Any], lab: Any, bring_to_lab: Any) -> None:
    bring_to_lab(_sample(family), lab, seal_number="E-1")
    other = _sample(family, "uncle")
    actions.record_collection(actor=None, sample=other, collected_by="Dr A.", office=family["case"].owner,
                              collected_at=other.requested_at + dt.timedelta(days=1))
    with pytest.raises(ActionError, match="already on sample"):
        actions.seal(actor=None, sample=other, seal_number="e-1")


def test_only_the_child_or_a_linked_relative_can_give_a_sample(family: dict[str, Any], make_case: Any) -> None:
    stranger = make_case(names=[("Иванов Иван", "Cyrl")]).child
    with pytest.raises(ActionError, match="family"):
        actions.request_sample(actor=None, case=family["case"], donor=stranger)
    assert actions.request_sample(actor=None, case=family["case"], donor=family["child"]).donor == family["child"]


def test_rejection_needs_a_reason_and_ends_the_chain(family: dict[str, Any]) -> None:
    sample = _sample(family)
    with pytest.raises(ActionError):
        actions.reject(actor=None, sample=sample, reason="  ")
    rejected = actions.reject(actor=None, sample=sample, reason="tube broken on arrival")
    assert rejected.status == DnaSample.Status.REJECTED
    with pytest.raises(ActionError):
        actions.record_collection(actor=None, sample=rejected, collected_by="x", office=family["case"].owner)
