"""The preview of a file: one verdict per row, nothing written.

Verdicts: ``create``, ``update`` (with the fields that change), ``unchanged`` (imported before,
nothing new), ``duplicate`` (probably a person already recorded: which, and why) and ``refused``
(each column and why). The same function runs again inside the commit's transaction, so what is
written is what the rows say at that moment, whatever happened since the preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from homeward.imports.columns import IGNORE
from homeward.imports.models import SourceKey
from homeward.imports.places import Places
from homeward.imports.readers import Table
from homeward.imports.rows import PARSERS, Parsed, Row
from homeward.people.duplicates import Candidate, DuplicateIndex
from homeward.people.models import Person

Progress = Callable[[int, int], None]

CHILD_PERSON_FIELDS = ("sex", "birth_date", "birth_precision", "birth_date_min", "birth_date_max", "home_region")
CASE_FIELDS = ("host_country", "facility", "home_region")


def iso_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def candidate(kind: str, values: Mapping[str, Any]) -> Candidate | None:
    """A parsed row as a duplicate-search candidate (children and people; requests are matched)."""
    if kind == "requests":
        return None
    born, lo, hi = iso_date(values.get("birth_date")), iso_date(values.get("birth_date_min")), iso_date(values.get(
        "birth_date_max"))
    if values.get("birth_precision") == "year" and born:
        lo, hi = dt.date(born.year, 1, 1), dt.date(born.year, 12, 31)
    return Candidate(names=[values["name"]], sex=values.get("sex", ""), birth_min=lo or born, birth_max=hi or born,
                     mother_names=[values["mother_name"]] if values.get("mother_name") else [],
                     facility_id=values.get("facility"), kind=Person.Kind.CHILD if kind == "cases" else "adult")


def _changes(kind: str, values: Mapping[str, Any], key: SourceKey) -> list[str]:
    """Which fields an update would change on the record the row became earlier."""
    changed: list[str] = []
    person = key.person
    if person is None:
        return changed
    for name in CHILD_PERSON_FIELDS:
        if name not in values:
            continue
        current = getattr(person, f"{name}_id" if name == "home_region" else name)
        if hasattr(current, "isoformat"):
            current = current.isoformat()
        if (current or None) != (values[name] or None):
            changed.append(name)
    if values.get("name") and not person.names.filter(text=values["name"]).exists():
        changed.append("name")
    if kind == "cases" and key.case is not None:
        for name in CASE_FIELDS:
            if name in values and (getattr(key.case, f"{name}_id") or None) != (values[name] or None):
                changed.append(f"case.{name}")
    return sorted(set(changed))


def build(kind: str, table: Table, mapping: Mapping[str, str], *, grant: Any = None,
          progress: Progress | None = None, today: dt.date | None = None,
          visible: set[int] | None = None) -> list[dict[str, Any]]:
    """The verdict of every row of ``table``, its columns mapped to fields by ``mapping``."""
    from django.utils import timezone

    today = today or timezone.localdate()
    places = Places()
    parse = PARSERS[kind]
    columns = [(i, h, mapping.get(h, "")) for i, h in enumerate(table.header)]
    known = {k.key: k for k in SourceKey.objects.filter(kind=kind).select_related("person", "case")}
    index = DuplicateIndex(Person.objects.filter(kind=Person.Kind.CHILD)) if kind == "cases" else (
        DuplicateIndex(Person.objects.exclude(kind=Person.Kind.CHILD)) if kind == "people" else None)
    seen: dict[str, int] = {}
    verdicts: list[dict[str, Any]] = []
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        parsed = Parsed()
        by_field = {}
        headers = {}
        for i, header, fieldname in columns:
            cell = cells[i] if i < len(cells) else None
            if cell is not None and cell.formula:
                parsed.errors.append((header or f"#{i + 1}", _("a formula cell: send the values, not formulas")))
            if fieldname and fieldname != IGNORE and cell is not None:
                by_field[fieldname] = cell
                headers[fieldname] = header
        parse(Row(by_field, headers, parsed), places, today, grant)
        verdicts.append(_verdict(kind, number, parsed, known, seen, index, visible))
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    return verdicts


def _verdict(kind: str, number: int, parsed: Parsed, known: Mapping[str, SourceKey], seen: dict[str, int],
             index: DuplicateIndex | None, visible: set[int] | None) -> dict[str, Any]:
    label = parsed.values.get("name") or parsed.values.get("requester_name") or ""
    verdict: dict[str, Any] = {"row": number, "key": parsed.key, "label": label, "values": parsed.values, "changes": [],
                               "duplicates": [], "errors": [{"column": c, "message": m} for c, m in parsed.errors]}
    if parsed.errors:
        verdict["verdict"] = "refused"
        return verdict
    if parsed.key in seen:
        verdict["verdict"] = "refused"
        column = "external_id" if parsed.key.startswith("id:") else _("whole row")
        verdict["errors"] = [{"column": column, "message": _("repeats row %(n)s") % {"n": seen[parsed.key]}}]
        return verdict
    seen[parsed.key] = number
    existing = known.get(parsed.key)
    if existing is not None:
        verdict["record"] = existing.person_id
        verdict["changes"] = _changes(kind, parsed.values, existing)
        verdict["verdict"] = "update" if verdict["changes"] else "unchanged"
        return verdict
    found = candidate(kind, parsed.values)
    if index is not None and found is not None:
        probable = index.probable(found)
        if probable:
            verdict["verdict"] = "duplicate"
            verdict["duplicates"] = [
                {"person": p.person_id, "score": p.score, "case": p.case_id,
                 "label": p.label if visible is None or p.person_id in visible else "",
                 "reference": p.case_reference if visible is None or p.person_id in visible else "",
                 "reasons": list(p.reasons) if visible is None or p.person_id in visible else []}
                for p in probable]
            return verdict
    verdict["verdict"] = "create"
    return verdict


def summary(verdicts: list[dict[str, Any]]) -> dict[str, int]:
    """How many rows of each verdict."""
    counts = {"create": 0, "update": 0, "unchanged": 0, "duplicate": 0, "refused": 0}
    for v in verdicts:
        counts[v["verdict"]] += 1
    return counts
