"""A child's family as recorded: parents shared with other children, siblings full and half,
and the search for an existing person to link as a relative (so one mother is one record)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from homeward.people.models import FamilyLink, NameKey, Person

PARENTS = (FamilyLink.Relation.MOTHER, FamilyLink.Relation.FATHER)


@dataclass(frozen=True)
class Sibling:
    person: Person
    kind: str  # "full", "half" or "sibling" (only one parent recorded for either)
    shared: tuple[str, ...]  # the relations shared: ("mother",), ("mother", "father")
    together: bool  # in the same sibling group (travel together)


def parents_of(person: Person) -> dict[str, int]:
    """relation -> parent id (mother, father) as linked."""
    return dict(FamilyLink.objects.filter(person=person, relation__in=PARENTS).values_list("relation", "relative_id"))


def siblings_of(person: Person, people: QuerySet[Person] | None = None) -> list[Sibling]:
    """Children who share a recorded parent with ``person`` (among ``people``, if given)."""
    mine = parents_of(person)
    if not mine:
        return []
    links = FamilyLink.objects.filter(relation__in=PARENTS, relative_id__in=mine.values()).exclude(person=person)
    sharing = set(links.values_list("person_id", flat=True))
    # every parent of each of them, in one query (a parent not shared tells full from half)
    others: dict[int, dict[str, int]] = {}
    for person_id, relation, parent in (FamilyLink.objects.filter(person_id__in=sharing, relation__in=PARENTS)
                                        .values_list("person_id", "relation", "relative_id")):
        others.setdefault(person_id, {})[relation] = parent
    pool = Person.objects.filter(pk__in=others, kind=Person.Kind.CHILD)
    if people is not None:
        pool = pool.filter(pk__in=people.values("pk"))
    out = []
    for other in pool.prefetch_related("names").select_related("case", "case__stage"):
        theirs = others[other.pk]
        shared = tuple(r for r in PARENTS if r in mine and mine.get(r) == theirs.get(r))
        differing = [r for r in PARENTS if r in mine and r in theirs and mine[r] != theirs[r]]
        kind = "full" if len(shared) == 2 else ("half" if differing else "sibling")
        together = bool(person.sibling_group_id) and other.sibling_group_id == person.sibling_group_id
        out.append(Sibling(other, kind, tuple(str(s) for s in shared), together))
    return sorted(out, key=lambda s: s.person.pk)


def children_of(parent: Person) -> QuerySet[Person]:
    """Every child linked to ``parent`` as mother or father."""
    return Person.objects.filter(relatives__relative=parent, relatives__relation__in=PARENTS).distinct()


def search_people(people: QuerySet[Person], query: str, limit: int = 20) -> list[tuple[Person, float]]:
    """People among ``people`` whose name is like ``query`` in any script, best first."""
    from homeward.names import name_keys, normalize, similarity

    query = query.strip()
    if not query:
        return []
    keys = name_keys(query)
    hits = people.filter(Q(pk__in=NameKey.objects.filter(key__in=keys).values("name__person_id"))
                         | Q(names__folded__contains=normalize(query))).distinct().prefetch_related("names")[:500]
    scored = [(p, max((similarity(query, n.text) for n in p.names.all()), default=0.0)) for p in hits]
    scored = [(p, s) for p, s in scored if s >= 0.5]
    scored.sort(key=lambda t: (-t[1], t[0].pk))
    return scored[:limit]
