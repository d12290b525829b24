"""Reads across samples, profiles, tests, cases and people. Callers pass records (or querysets)
they obtained through kinship/access.py: a sample or test is visible exactly when its case is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from homeward.cases.models import Case
from homeward.kinship.models import DnaSample, KinshipTest, StrProfile
from homeward.people.models import FamilyLink, Person


def overdue_days() -> int:
    return int(str(settings.HOMEWARD.get("SAMPLE_OVERDUE_DAYS", 30)))


def lr_threshold() -> float:
    return float(str(settings.HOMEWARD.get("KINSHIP_LR_THRESHOLD", 10_000)))


def overdue_samples(samples: QuerySet[DnaSample], *, now: dt.datetime, days: int | None = None
                    ) -> QuerySet[DnaSample]:
    """Of ``samples``, those requested more than ``days`` ago (SAMPLE_OVERDUE_DAYS) and not yet at the lab."""
    days = overdue_days() if days is None else days
    cutoff = now - dt.timedelta(days=days)
    return (
        samples.filter(status__in=DnaSample.WAITING_STATUSES, requested_at__lt=cutoff)
        .select_related("case", "case__home_region", "donor", "collection_office", "collection_facility")
        .prefetch_related("donor__names")
        .order_by("case__home_region__name", "requested_at", "id")
    )


def usable_profiles() -> QuerySet[StrProfile]:
    """Profiles that may serve a kinship test: not from a rejected sample."""
    return StrProfile.objects.exclude(sample__status=DnaSample.Status.REJECTED)


def latest_profile(person: Person | int) -> StrProfile | None:
    """The most recent profile of a person (a re-run replaces an earlier one)."""
    pid = person.pk if isinstance(person, Person) else person
    return usable_profiles().filter(person_id=pid).select_related("sample").order_by("-imported_at", "-id").first()


def latest_profiles(person_ids: list[int]) -> dict[int, StrProfile]:
    """The most recent profile of each person, in one query."""
    out: dict[int, StrProfile] = {}
    for p in usable_profiles().filter(person_id__in=person_ids).select_related("sample").order_by(
        "person_id", "-imported_at", "-id"
    ):
        out.setdefault(p.person_id, p)
    return out


@dataclass(frozen=True)
class TypedRelative:
    """A relative of the child with a profile: can serve as a reference in a kinship test."""

    link: FamilyLink
    profile: StrProfile


def typed_relatives(case: Case) -> list[TypedRelative]:
    """The child's family links whose relative has a profile, in relation order."""
    links = list(
        FamilyLink.objects.filter(person_id=case.child_id)
        .select_related("relative").prefetch_related("relative__names").order_by("relation", "id")
    )
    profiles = latest_profiles([link.relative_id for link in links])
    return [TypedRelative(link, profiles[link.relative_id]) for link in links if link.relative_id in profiles]


def case_donors(case: Case) -> list[tuple[Person, str]]:
    """Who may give a sample for this case: the child and each linked relative, with the relation."""
    child = Person.objects.prefetch_related("names").get(pk=case.child_id)
    out: list[tuple[Person, str]] = [(child, "child")]
    for link in FamilyLink.objects.filter(person_id=case.child_id).select_related("relative").prefetch_related(
        Prefetch("relative__names")
    ):
        out.append((link.relative, link.get_relation_display()))
    return out


def case_samples(case: Case) -> QuerySet[DnaSample]:
    return (
        DnaSample.objects.filter(case=case)
        .select_related("donor", "lab", "collection_facility", "collection_office")
        .prefetch_related("donor__names")
        .order_by("requested_at", "id")
    )


def case_tests(case: Case) -> QuerySet[KinshipTest]:
    return KinshipTest.objects.filter(case=case).prefetch_related("references__person__names").order_by(
        "-requested_at", "-id"
    )
