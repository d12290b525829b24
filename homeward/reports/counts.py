"""The figures' counts (reports.FigureCount), kept in step with the cases' summaries.

Each case adds 1 to a few cells (see the model): its sex and its kind of facility per host
country, home region and stage; its month of birth and, once home, its date of arrival at three
levels (everything, per host country, per home region). A refreshed case subtracts its old cells
and adds its new ones with one upsert per cell (``n = n + delta``), in the transaction that
rewrites its summary, so concurrent refreshes of different cases add up and never overwrite each
other; the refresh locks the case row first, so two refreshes of one case do not both move it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from homeward.reports.models import FigureCount
from homeward.reports.queries import ChildHistory

Cell = tuple[str, str, int, str, str]  # dimension, host country, home region, stage, value
ALL_HOSTS = ""
ALL_REGIONS = -1
NO_REGION = 0


def born_month(h: ChildHistory) -> str:
    return h.born.strftime("%Y-%m") if h.born is not None else ""


def cells_of(h: ChildHistory) -> list[Cell]:
    """The cells one case counts in."""
    host, region, stage = h.host_country_id, h.home_region_id or NO_REGION, h.stage_id
    out: list[Cell] = [("sex", host, region, stage, h.sex), ("kind", host, region, stage, h.facility_kind)]
    rolled = [("born", born_month(h))]
    if h.repatriated_on is not None:
        rolled.append(("home", f"{h.repatriated_on.isoformat()}|{host}"))
    for dimension, value in rolled:
        out += [(dimension, ALL_HOSTS, ALL_REGIONS, stage, value), (dimension, host, ALL_REGIONS, stage, value),
                (dimension, ALL_HOSTS, region, stage, value)]
    return out


def tally(items: Iterable[ChildHistory]) -> Counter[Cell]:
    counts: Counter[Cell] = Counter()
    for h in items:
        counts.update(cells_of(h))
    return counts


def rebuild(items: Iterable[ChildHistory]) -> None:
    """Replace every count by those of ``items`` (every case's history)."""
    FigureCount.objects.all().delete()
    FigureCount.objects.bulk_create(
        [FigureCount(dimension=d, host_country_id=h, home_region_id=r, stage_id=s, value=v, n=n)
         for (d, h, r, s, v), n in sorted(tally(items).items())], batch_size=5000)


def move(old: Iterable[ChildHistory], new: Iterable[ChildHistory]) -> None:
    """Take the cases of ``old`` out of their cells and count those of ``new`` in theirs."""
    delta = tally(new)
    delta.subtract(tally(old))
    changes = sorted((cell, n) for cell, n in delta.items() if n)  # one order for all: no deadlock
    if not changes:
        return
    table = connection.ops.quote_name(FigureCount._meta.db_table)
    for start in range(0, len(changes), 500):
        chunk = changes[start:start + 500]
        rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        params = [x for (d, h, r, s, v), n in chunk for x in (d, h, r, s, v, n)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (dimension, host_country_id, home_region_id, stage_id, value, n) "  # noqa: S608
                f"VALUES {rows} ON CONFLICT (dimension, host_country_id, home_region_id, stage_id, value) "
                f"DO UPDATE SET n = {table}.n + excluded.n", params)
