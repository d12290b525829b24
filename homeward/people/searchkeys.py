"""The search keys of people's names (the SearchKey table), and how a query's words find them.

A person's keys are the union over their names of:

- ``w:<word>``: every folded word as written, for exact and prefix search in the query's script;
- the *distinctive* keys of homeward.names.name_keys: lexicon groups (``g:muhammad``) and
  consonant skeletons of at least three letters (``s:mmt``). Shorter skeletons (``s:s``,
  ``s:sn``) are shared by a large share of all names, so a nonsense word such as "Zzyzx" would
  match thousands of children through them; they are left out of search (the name groups of
  common short names, such as g:ali, still find them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from homeward.people.models import Person, PersonName, SearchKey

MIN_SKELETON = 3
WORD_PREFIX = "w:"
KEY_LENGTH = 64


def distinctive(key: str) -> bool:
    """Whether a name key is specific enough to search by."""
    if key.startswith("s:"):
        return len(key) - 2 >= MIN_SKELETON
    return True


def word_key(word: str) -> str:
    return (WORD_PREFIX + word)[:KEY_LENGTH]


def tolerant_keys(word: str) -> set[str]:
    """The distinctive spelling- and script-independent keys of one folded word."""
    from homeward.names import name_keys

    return {k[:KEY_LENGTH] for k in name_keys(word) if distinctive(k)}


def keys_of_name(text: str, folded: str) -> set[str]:
    """Every search key one name gives."""
    from homeward.names import name_keys

    keys = {word_key(w) for w in folded.split() if w}
    keys |= {k[:KEY_LENGTH] for k in name_keys(text) if distinctive(k)}
    return keys


def rows_for(names: Iterable[tuple[int, str, str]]) -> set[tuple[int, str]]:
    """(person id, key) pairs for (person id, text, folded) names."""
    return {(pid, key) for pid, text, folded in names for key in keys_of_name(text, folded)}


def cases_of(person_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """The case (id, reference) of each of these people who is a child with a case."""
    ids = sorted(set(person_ids))
    rows = Person.objects.filter(pk__in=ids, case__isnull=False).values_list("pk", "case__pk", "case__reference")
    return {pid: (case_id, reference) for pid, case_id, reference in rows}


def _key_rows(pairs: set[tuple[int, str]]) -> list[SearchKey]:
    cases = cases_of(p for p, _ in pairs)
    none = (None, "")
    return [SearchKey(person_id=p, key=k, case_id=cases.get(p, none)[0], reference=cases.get(p, none)[1])
            for p, k in sorted(pairs)]


def index_names(names: Iterable[PersonName]) -> None:
    """Add the keys of these (saved) names; keys already there stay."""
    pairs = rows_for((n.person_id, n.text, n.folded) for n in names)
    SearchKey.objects.bulk_create(_key_rows(pairs), ignore_conflicts=True, batch_size=5000)


def attach_cases(person_ids: Iterable[int] | None = None) -> int:
    """Copy each child's case and its reference onto the child's keys, and clear them from the
    keys of anyone without a case: after a case is opened, bulk writes, or a merge moved keys or
    cases between people. Everyone's keys when ``person_ids`` is None; the count of keys updated."""
    keys = SearchKey.objects.all()
    if person_ids is not None:
        keys = keys.filter(person_id__in=sorted(set(person_ids)))
    owner = Person.objects.filter(pk=OuterRef("person_id"), case__isnull=False)
    return keys.update(case_id=Subquery(owner.values("case__pk")[:1]),
                       reference=Coalesce(Subquery(owner.values("case__reference")[:1]), Value("")))


@transaction.atomic
def reindex(person_ids: Iterable[int] | None = None) -> int:
    """Rebuild the keys of these people (everyone when None) from their names; the count written."""
    names = PersonName.objects.all()
    keys = SearchKey.objects.all()
    if person_ids is not None:
        ids = sorted(set(person_ids))
        names = names.filter(person_id__in=ids)
        keys = keys.filter(person_id__in=ids)
    keys.delete()
    pairs = rows_for(names.values_list("person_id", "text", "folded").iterator(chunk_size=5000))
    SearchKey.objects.bulk_create(_key_rows(pairs), batch_size=5000)
    return len(pairs)
