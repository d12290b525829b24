"""Merging two records of one person (and their two cases) into one, and undoing it.

Every row that points to the merged person or case is repointed to the survivor: names, family
links both ways, requests, DNA samples and profiles, kinship tests, case history, checks, flight
seats, handovers. A row that would clash with one the survivor already has (the same family link,
the same check) is removed; the removed rows and the merged records themselves are kept, as
Django serialises them, in the :class:`Merge` row, so an administrator's undo puts everything back
as it was. The audit entries of both stay as written (the chain is append-only); the merge's own
entry names both, so the history of either can be followed to the survivor.

A merge is refused when it cannot be one person: a child with an adult, two sexes, DNA profiles
that exclude each other, two children seated on different flights.
"""

from __future__ import annotations

from typing import Any

from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.audit.log import record
from homeward.cases.models import Case, CaseEvent
from homeward.errors import ActionError
from homeward.imports.models import DuplicatePair, Merge
from homeward.people import hooks as people_hooks
from homeward.people.access import require_person
from homeward.people.models import Person
from homeward.people.searchkeys import attach_cases

MERGE = "people.person.merge"
UNDO = "people.merge.undo"
# Filled on the survivor from the merged record when the survivor has nothing there.
GAP_FIELDS = ("sex", "birth_date", "birth_precision", "birth_date_min", "birth_date_max", "birth_place",
              "birth_country", "citizenship", "home_region", "detention_status", "detention_facility",
              "sibling_group")
# Rows about the records themselves, not facts of the person: handled on their own.
NOT_MOVED = {("imports.merge", "survivor"), ("cases.case", "child"), ("imports.duplicatepair", "person_a"),
             ("imports.duplicatepair", "person_b")}


def _alleles(genotype: Any) -> frozenset[str]:
    return frozenset(str(genotype).replace(",", "/").replace(" ", "").split("/"))


def refusals(survivor: Person, merged: Person) -> list[str]:
    """Why these two cannot be one person (empty if they can)."""
    from homeward.kinship.models import StrProfile
    from homeward.movements.models import SEATED, FlightPassenger

    reasons: list[str] = []
    if survivor.pk == merged.pk:
        return [_("A record cannot be merged with itself.")]
    if (survivor.kind == Person.Kind.CHILD) != (merged.kind == Person.Kind.CHILD):
        reasons.append(_("One is a child and the other an adult."))
    if survivor.sex and merged.sex and survivor.sex != merged.sex:
        reasons.append(_("They are recorded with different sexes."))
    differing: set[str] = set()
    mine = list(StrProfile.objects.filter(person=survivor))
    for theirs in StrProfile.objects.filter(person=merged):
        for profile in mine:
            for marker in set(profile.genotypes) & set(theirs.genotypes):
                if _alleles(profile.genotypes[marker]) != _alleles(theirs.genotypes[marker]):
                    differing.add(marker)
    if differing:
        reasons.append(_("Their DNA profiles exclude each other (markers %(markers)s differ).")
                       % {"markers": ", ".join(sorted(differing))})
    flights = {
        person.pk: set(FlightPassenger.objects.filter(case__child=person, status__in=SEATED)
                       .values_list("flight__reference", flat=True))
        for person in (survivor, merged)
    }
    if flights[survivor.pk] and flights[merged.pk] and flights[survivor.pk] != flights[merged.pk]:
        reasons.append(_("They are seated on different flights (%(a)s and %(b)s).") % {
            "a": ", ".join(sorted(flights[survivor.pk])), "b": ", ".join(sorted(flights[merged.pk]))})
    return reasons


def _relations(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field) whose foreign key points to ``model``."""
    out = []
    for rel in model._meta.related_objects:
        if rel.many_to_many or not rel.field.concrete:
            continue
        related = rel.related_model
        assert isinstance(related, type)
        if (related._meta.label_lower, rel.field.name) in NOT_MOVED:
            continue
        out.append((related, rel.field.name))
    return out


def _repoint(target: type[models.Model], old: int, new: int, what: str, moved: list[list[Any]],
             removed: list[models.Model]) -> None:
    """Point every row referring to ``old`` at ``new``; rows that would clash are removed."""
    for model, name in _relations(target):
        column = str(getattr(model._meta.get_field(name), "attname", name))
        for row in list(model._default_manager.filter(**{column: old})):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{column: new})
                moved.append([model._meta.label_lower, column, row.pk, what])
            except IntegrityError:
                removed.append(row)
                model._default_manager.filter(pk=row.pk).delete()


@transaction.atomic
def merge_people(*, actor: Any, survivor: Person, merged: Person, reason: str = "") -> Merge:
    """Merge ``merged`` into ``survivor`` (and the merged child's case into the survivor's)."""
    policy.require(actor, MERGE)
    require_person(actor, MERGE, survivor)
    require_person(actor, MERGE, merged)
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    why = refusals(survivor, merged)
    if why:
        raise ActionError(_("These records cannot be merged: %(why)s") % {"why": " ".join(why)},
                          field_errors={"merge": why})
    moved: list[list[Any]] = []
    removed: list[models.Model] = []
    before = {name: _plain(getattr(survivor, _attname(name))) for name in GAP_FIELDS}
    merged_case = Case.objects.filter(child=merged).first()
    kept_case = Case.objects.filter(child=survivor).first()
    records: list[models.Model] = [merged]
    if merged_case is not None and kept_case is None:
        Case.objects.filter(pk=merged_case.pk).update(child=survivor)
        moved.append(["cases.case", "child_id", merged_case.pk, "person"])
        merged_case = None
    elif merged_case is not None and kept_case is not None:
        _repoint(Case, merged_case.pk, kept_case.pk, "case", moved, removed)
        records.append(merged_case)
    pairs = list(DuplicatePair.objects.filter(models.Q(person_a=merged) | models.Q(person_b=merged)))
    _repoint(Person, merged.pk, survivor.pk, "person", moved, removed)
    changes = {}
    for name in GAP_FIELDS:
        attname = _attname(name)
        if getattr(survivor, attname) in (None, "", "unknown") and getattr(merged, attname) not in (None, "", "unknown"):
            changes[attname] = getattr(merged, attname)
    snapshot = serializers.serialize("json", [*records, *pairs, *removed])
    DuplicatePair.objects.filter(pk__in=[p.pk for p in pairs]).delete()
    if merged_case is not None:
        Case.objects.filter(pk=merged_case.pk).delete()
    Person.objects.filter(pk=merged.pk).delete()
    Person.objects.filter(pk=survivor.pk).update(version=models.F("version") + 1, **changes)
    entry = Merge.objects.create(
        survivor=survivor, merged_id=merged.pk, merged_case_id=merged_case.pk if merged_case else None,
        moved=moved, removed=snapshot, survivor_before=before, reason=reason[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None)
    if kept_case is not None and merged_case is not None:
        CaseEvent.objects.create(case=kept_case, kind=CaseEvent.Kind.NOTE, occurred_at=timezone.now(),
                                 actor=entry.actor, reason=_("Merged with case %(ref)s.") % {
                                     "ref": merged_case.reference}, data={"merge": entry.pk})
    record(actor=actor, action="people.person.merged", obj=survivor,
           case_id=kept_case.pk if kept_case else None,
           data={"merge": entry.pk, "survivor": survivor.pk, "merged": merged.pk,
                 "merged_case": merged_case.pk if merged_case else None,
                 "merged_case_reference": merged_case.reference if merged_case else None,
                 "moved": len(moved), "removed": len(removed), "reason": reason})
    attach_cases([survivor.pk])  # the survivor's keys (its own and those moved to it) lead to its case
    _rematch(actor, survivor.pk)
    return entry


@transaction.atomic
def undo_merge(*, actor: Any, merge: Merge) -> Merge:
    """Put both records back as they were before ``merge`` (administrators only)."""
    policy.require(actor, UNDO)
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ActionError(_("This merge was already undone."))
    objects = list(serializers.deserialize("json", merge.removed))
    for obj in objects:
        obj.save()
    for label, column, pk, what in merge.moved:
        model = _model(label)
        original = merge.merged_case_id if what == "case" else merge.merged_id
        model._default_manager.filter(pk=pk).update(**{column: original})
    restore = {_attname(name): value for name, value in merge.survivor_before.items()}
    Person.objects.filter(pk=merge.survivor_id).update(version=models.F("version") + 1, **restore)
    now = timezone.now()
    Merge.objects.filter(pk=merge.pk).update(undone_at=now, undone_by=actor if getattr(
        actor, "is_authenticated", False) else None)
    merge.refresh_from_db()
    record(actor=actor, action="people.person.merge_undone", obj=merge.survivor,
           data={"merge": merge.pk, "survivor": merge.survivor_id, "restored": merge.merged_id,
                 "restored_case": merge.merged_case_id})
    attach_cases([merge.survivor_id, merge.merged_id])
    _rematch(actor, merge.survivor_id, merge.merged_id)
    return merge


def _rematch(actor: Any, *person_ids: int) -> None:
    """Matching sees the result at once: the people (and their cases) are matched again."""
    from homeward.cases import hooks as case_hooks

    for person_id in person_ids:
        people_hooks.person_changed(person_id, actor)
        case = Case.objects.filter(child_id=person_id).values_list("pk", flat=True).first()
        if case is not None:
            case_hooks.case_changed(case, actor)


def _attname(name: str) -> str:
    field = Person._meta.get_field(name)
    return str(getattr(field, "attname", name))


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


@transaction.atomic
def mark_not_same(*, actor: Any, pair: DuplicatePair) -> DuplicatePair:
    """Two people are not one: the pair is closed and never proposed again."""
    policy.require(actor, "people.duplicate.review")
    require_person(actor, "people.duplicate.review", pair.person_a)
    require_person(actor, "people.duplicate.review", pair.person_b)
    DuplicatePair.objects.filter(pk=pair.pk).update(
        status=DuplicatePair.Status.NOT_SAME, decided_at=timezone.now(),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None)
    pair.refresh_from_db()
    record(actor=actor, action="people.duplicate.not_same", obj=pair,
           data={"a": pair.person_a_id, "b": pair.person_b_id})
    return pair
