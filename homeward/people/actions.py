"""Every change to people, their names and their family links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.audit.log import record
from homeward.core.locking import attname, bump, lock_at_version, write_at_version
from homeward.errors import ActionError
from homeward.people import hooks
from homeward.people.access import require_person
from homeward.people.models import FamilyLink, NameKey, Person, PersonName, SiblingGroup
from homeward.people.searchkeys import index_names

EDIT = "people.person.edit"

PERSON_FIELDS = {
    "kind", "sex", "birth_date", "birth_precision", "birth_date_min", "birth_date_max", "birth_place",
    "birth_country", "citizenship", "home_region", "is_deceased", "death_date", "detention_status",
    "detention_facility", "sibling_group", "notes",
}


@dataclass(frozen=True)
class NameInput:
    """A name to record: its text and, if known, script, kind and source."""

    text: str
    script: str = ""
    kind: str = PersonName.Kind.OFFICIAL
    source: str = ""


def clean_name(text: str, *, field: str = "name") -> tuple[str, str, str]:
    """Validate one name: returns (clean text, detected script, folded form).

    Direction-control characters are refused, never silently stripped: a name that carries them
    was tampered with or garbled, and the user must see it.
    """
    from homeward.names import UnsafeNameError, detect_script, normalize, validate_name

    try:
        clean = validate_name(text)
    except UnsafeNameError as exc:
        raise ActionError(str(exc), field_errors={field: [str(exc)]}) from exc
    clean = clean.strip()
    if not clean:
        raise ActionError(_("A name cannot be empty."), field_errors={field: [_("This name is empty.")]})
    return clean, detect_script(clean), normalize(clean)


def _save_name(person: Person, name: NameInput, *, field: str = "name") -> PersonName:
    from homeward.names import name_keys

    text, detected, folded = clean_name(name.text, field=field)
    script = name.script or detected
    if script not in PersonName.Script.values:
        script = PersonName.Script.LATIN
    row = PersonName.objects.create(
        person=person, text=text, script=script, kind=name.kind or PersonName.Kind.OFFICIAL,
        source=name.source, folded=folded[:300],
    )
    NameKey.objects.bulk_create([NameKey(name=row, key=k[:64]) for k in sorted(name_keys(text))])
    index_names([row])
    return row


@transaction.atomic
def create_person(*, actor: Any, kind: str, names: Iterable[NameInput], **fields: Any) -> Person:
    """Create a person with their names. Refuses unknown fields and unsafe names."""
    policy.require(actor, EDIT)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    person = Person(kind=kind, **fields)
    person.full_clean(exclude=["sibling_group"])
    person.save()
    name_list = list(names)
    for i, name in enumerate(name_list):
        _save_name(person, name, field=f"names[{i}]")
    record(actor=actor, action="people.person.created", obj=person, data={"kind": kind, "names": len(name_list)})
    return person


@transaction.atomic
def update_person(*, actor: Any, person_id: int, expected_version: int, changes: Mapping[str, Any]) -> Person:
    """Change a person's fields if nobody saved the person since ``expected_version``.

    The version check and the write are one UPDATE, so of two concurrent saves exactly one wins;
    the other gets a ConflictError and changes nothing.
    """
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = lock_at_version(Person, person_id, expected_version)
    require_person(actor, EDIT, current)
    before = {k: _plain(getattr(current, k)) for k in changes}
    for key, value in changes.items():
        setattr(current, key, value)
    current.full_clean(exclude=["sibling_group"])
    # Concrete fields only; foreign keys are written through their *_id attribute.
    values = {attname(current, k): getattr(current, attname(current, k)) for k in changes}
    write_at_version(Person, person_id, expected_version, **values)
    current.refresh_from_db()
    record(
        actor=actor, action="people.person.updated", obj=current,
        data={"changes": {k: [before[k], _plain(getattr(current, k))] for k in changes}},
    )
    if MATCHED_FIELDS & set(changes):
        _tell_tracing(current.pk, actor)
    return current


# Facts the tracing engine matches on: a change to any of them means matching again.
MATCHED_FIELDS = {"sex", "birth_date", "birth_precision", "birth_date_min", "birth_date_max", "home_region"}


def _tell_tracing(person_id: int, actor: Any) -> None:
    """Tell the domains built on people (tracing matches the affected children again)."""
    hooks.person_changed(person_id, actor)


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def add_name(*, actor: Any, person: Person, name: NameInput) -> PersonName:
    """Record one more name of a person."""
    require_person(actor, EDIT, person)
    row = _save_name(person, name)
    bump(Person, person.pk)
    record(actor=actor, action="people.name.added", obj=person, data={"name_id": row.pk, "script": row.script})
    _tell_tracing(person.pk, actor)
    return row


@transaction.atomic
def link_family(
    *, actor: Any, person: Person, relative: Person, relation: str,
    status: str = FamilyLink.Status.CLAIMED, evidence: str = "", side: str = "",
) -> FamilyLink:
    """Record that ``relative`` is the ``relation`` of ``person``."""
    require_person(actor, EDIT, person)
    if person.pk == relative.pk:
        raise ActionError(_("A person cannot be their own relative."), field_errors={"relative": [_("Same person.")]})
    if relation not in FamilyLink.Relation.values:
        raise ActionError(_("Unknown relation."), field_errors={"relation": [_("Unknown relation.")]})
    link, created = FamilyLink.objects.get_or_create(
        person=person, relative=relative, relation=relation,
        defaults={"status": status, "evidence": evidence, "side": side},
    )
    if not created:
        raise ActionError(_("This family link is already recorded."))
    record(actor=actor, action="people.familylink.created", obj=link,
           data={"person": person.pk, "relative": relative.pk, "relation": relation, "status": status})
    if relation in {FamilyLink.Relation.MOTHER, FamilyLink.Relation.FATHER}:
        _tell_tracing(person.pk, actor)  # the parents' names are evidence for the child's matches
    return link


@transaction.atomic
def set_link_status(*, actor: Any, link: FamilyLink, status: str, evidence: str) -> FamilyLink:
    """Raise (or correct) how well a family link is established, saying on what evidence.

    Called by the actions that establish links (a kinship conclusion, a documented relation),
    which check their own permissions.
    """
    if status not in FamilyLink.Status.values:
        raise ActionError(_("Unknown link status."), field_errors={"status": [_("Unknown status.")]})
    if not evidence.strip():
        raise ActionError(_("Say on what evidence."), field_errors={"evidence": [_("This field is required.")]})
    old = link.status
    FamilyLink.objects.filter(pk=link.pk).update(status=status, evidence=evidence[:300])
    link.refresh_from_db()
    record(actor=actor, action="people.familylink.status_changed", obj=link,
           data={"from": old, "to": status, "evidence": evidence})
    return link


@transaction.atomic
def create_sibling_group(*, actor: Any, members: Iterable[Person], label: str = "") -> SiblingGroup:
    """Brothers and sisters (full or half: their links say which) who travel together."""
    people = list(members)
    if len(people) < 2:
        raise ActionError(_("A sibling group needs two children at least."),
                          field_errors={"members": [_("Choose at least two children.")]})
    for person in people:
        require_person(actor, EDIT, person)
        if person.kind != Person.Kind.CHILD:
            raise ActionError(_("Only children form a sibling group."), field_errors={"members": [_("Not a child.")]})
    group = SiblingGroup.objects.create(label=label[:100])
    for person in people:
        _set_group(actor, person, group)
    record(actor=actor, action="people.siblinggroup.created", obj=group, data={"members": [p.pk for p in people]})
    return group


@transaction.atomic
def join_sibling_group(*, actor: Any, person: Person, group: SiblingGroup) -> Person:
    """Put a child into a sibling group (leaving any other)."""
    require_person(actor, EDIT, person)
    if person.kind != Person.Kind.CHILD:
        raise ActionError(_("Only children form a sibling group."), field_errors={"person": [_("Not a child.")]})
    _set_group(actor, person, group)
    return person


@transaction.atomic
def leave_sibling_group(*, actor: Any, person: Person) -> Person:
    """Take a child out of its sibling group; a group left with one child is dissolved."""
    require_person(actor, EDIT, person)
    group_id = person.sibling_group_id
    if group_id is None:
        raise ActionError(_("This child is in no sibling group."))
    _set_group(actor, person, None)
    rest = list(Person.objects.filter(sibling_group_id=group_id))
    if len(rest) == 1:
        _set_group(actor, rest[0], None)
    return person


def _set_group(actor: Any, person: Person, group: SiblingGroup | None) -> None:
    old = person.sibling_group_id
    Person.objects.filter(pk=person.pk).update(sibling_group=group, version=F("version") + 1)
    person.sibling_group = group
    person.version += 1
    record(actor=actor, action="people.person.sibling_group", obj=person,
           data={"from": old, "to": group.pk if group else None})
