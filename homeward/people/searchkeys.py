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

from homeward.people.models import PersonName, SearchKey

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


def index_names(names: Iterable[PersonName]) -> None:
    """Add the keys of these (saved) names; keys already there stay."""
    pairs = rows_for((n.person_id, n.text, n.folded) for n in names)
    SearchKey.objects.bulk_create([SearchKey(person_id=p, key=k) for p, k in sorted(pairs)],
                                  ignore_conflicts=True, batch_size=5000)


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
    SearchKey.objects.bulk_create([SearchKey(person_id=p, key=k) for p, k in sorted(pairs)], batch_size=5000)
    return len(pairs)
