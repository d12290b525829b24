"""What a figures page computed, remembered by each server process until the counts move.

Every figures page adds up the same counts for every user of one kind of grant, and the counts
move far less often than they are read. A page reads the figures' generation first
(reports.FiguresGeneration, one row) and looks up what it computed under that number, the
language, the day and the scope; a transaction that changes what the figures count raises the
number in the same transaction (:func:`changed`), so its change and the new number commit
together. A page that read the old number may have seen the change already (its snapshot is
newer, never older, than the number): remembered under the old number, which no later page asks
for. Entries also expire after MAX_AGE, so a database restored to an older generation shows
nothing older than that.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db.models import F
from django.utils.translation import get_language

from homeward.reports.models import FiguresGeneration

T = TypeVar("T")

MAX_ENTRIES = 256
MAX_AGE = 300.0

_lock = threading.Lock()
_memo: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()


def generation() -> int:
    n = FiguresGeneration.objects.filter(pk=1).values_list("n", flat=True).first()
    return n or 0


def changed() -> None:
    """Raise the generation, in the caller's transaction (call it where the counts move)."""
    if not FiguresGeneration.objects.filter(pk=1).update(n=F("n") + 1):
        FiguresGeneration.objects.get_or_create(pk=1, defaults={"n": 1})


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same key, language and generation in this process."""
    full = (generation(), get_language(), key)
    now = time.monotonic()
    with _lock:
        hit = _memo.get(full)
        if hit is not None and now - hit[0] < MAX_AGE:
            _memo.move_to_end(full)
            return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _memo[full] = (now, value)
        while len(_memo) > MAX_ENTRIES:
            _memo.popitem(last=False)
    return value


def forget() -> None:
    """Drop everything remembered (tests, whose rolled-back transactions reuse generations)."""
    with _lock:
        _memo.clear()
