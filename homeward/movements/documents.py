"""The flight manifest, as PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from homeward.cases.models import Case
from homeward.core.pdf import render_pdf
from homeward.movements.models import SEATED, Flight, FlightPassenger
from homeward.movements.queries import passengers_visible
from homeward.people.models import PersonName

# Names print in this order: the official names first, Arabic, Cyrillic, Latin.
SCRIPT_ORDER = {"Arab": 0, "Cyrl": 1, "Latn": 2}


def ordered_names(names: list[PersonName]) -> list[PersonName]:
    kinds = {"official": 0, "translit": 1, "heard": 2, "alias": 3}
    return sorted(names, key=lambda n: (kinds.get(n.kind, 9), SCRIPT_ORDER.get(n.script, 9), n.pk or 0))


@dataclass(frozen=True)
class ManifestRow:
    passenger: FlightPassenger
    names: list[PersonName]
    age: int | None
    sibling_label: str


def manifest_rows(flight: Flight, cases: QuerySet[Case]) -> tuple[list[ManifestRow], int]:
    """The rows the user may see (seated, or boarded on a flight that left) and how many are hidden."""
    shown_status = list(SEATED)
    qs = passengers_visible(flight, cases).filter(status__in=shown_status)
    rows = []
    for p in qs:
        child = p.case.child
        group = child.sibling_group
        rows.append(ManifestRow(
            passenger=p, names=ordered_names(list(child.names.all())), age=child.age_on(flight.date),
            sibling_label=(group.label or f"#{group.pk}") if group else "",
        ))
    total = FlightPassenger.objects.filter(flight=flight, status__in=shown_status).count()
    return rows, total - len(rows)


def manifest_pdf(flight: Flight, cases: QuerySet[Case], language: str | None = None) -> bytes:
    """The passenger manifest of ``flight`` listing the children among ``cases``, in ``language``
    (default: the active one; the host authorities read the Arabic version)."""
    rows, hidden = manifest_rows(flight, cases)
    context: dict[str, Any] = {
        "flight": flight, "rows": rows, "hidden": hidden, "escorts": list(flight.escorts.select_related("agency")),
        "printed_at": timezone.now(),
    }
    return render_pdf("movements/pdf/manifest.html", context, language=language)
