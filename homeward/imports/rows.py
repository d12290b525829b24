"""One spreadsheet row to Homeward's fields, or the reasons (column by column) it is refused.

A parsed row is plain JSON (dates as ISO text, places by id) so that the preview can be stored,
shown, and committed later exactly as it was shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from homeward.errors import ActionError
from homeward.imports.places import Places
from homeward.imports.readers import Cell

SEXES = {"m": "M", "male": "M", "boy": "M", "м": "M", "муж": "M", "мужской": "M", "мальчик": "M", "ذكر": "M",
         "f": "F", "female": "F", "girl": "F", "ж": "F", "жен": "F", "женский": "F", "девочка": "F", "أنثى": "F",
         "انثى": "F", "": ""}
KINDS = {"mother": "mother", "мать": "mother", "الأم": "mother", "أم": "mother", "father": "father",
         "отец": "father", "الأب": "father", "أب": "father", "relative": "relative", "родственник": "relative",
         "قريب": "relative"}
FIRST_YEAR = 1940
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")


@dataclass
class Parsed:
    """A row's values by field, its errors by column, and the source key it carries."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    key: str = ""


class Row:
    """A row's cells by field, with the header each came from (to name it in refusals)."""

    def __init__(self, cells: Mapping[str, Cell], headers: Mapping[str, str], parsed: Parsed) -> None:
        self.cells, self.headers, self.parsed = cells, headers, parsed

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        if cell is None or cell.value is None:
            return ""
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def raw(self, name: str) -> Any:
        cell = self.cells.get(name)
        return None if cell is None else cell.value

    def refuse(self, name: str, message: str) -> None:
        self.parsed.errors.append((self.headers.get(name, name), message))

    def name(self, name: str, *, required: bool) -> str:
        from homeward.people.actions import clean_name

        text = self.text(name)
        if not text:
            if required:
                self.refuse(name, _("the name is empty"))
            return ""
        try:
            clean, _script, _folded = clean_name(text, field=name)
        except ActionError as exc:
            self.refuse(name, exc.message)
            return ""
        return clean

    def sex(self, name: str = "sex") -> str:
        text = self.text(name).lower().rstrip(".")
        if text not in SEXES:
            self.refuse(name, _("“%(v)s” is not a sex (M, F, male, female)") % {"v": self.text(name)})
            return ""
        return SEXES[text]

    def date(self, name: str, today: dt.date) -> dt.date | None:
        value = self.raw(name)
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            day: dt.date | None = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            day = None
            text = str(value).strip()
            for fmt in DATE_FORMATS:
                try:
                    day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
                    break
                except ValueError:
                    continue
        if day is None:
            self.refuse(name, _("“%(v)s” is not a date (write 2017-05-31 or 31.05.2017)") % {"v": self.text(name)})
            return None
        if day > today or day.year < FIRST_YEAR:
            self.refuse(name, _("%(d)s is not a plausible birth date") % {"d": day.isoformat()})
            return None
        return day

    def year(self, name: str, today: dt.date) -> int | None:
        text = self.text(name)
        if not text:
            return None
        if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= today.year:
            self.refuse(name, _("“%(v)s” is not a plausible year") % {"v": text})
            return None
        return int(text)


def stable_key(*parts: Any) -> str:
    """A key for a row without an id of its own: the same person, described the same way."""
    from homeward.names import normalize

    text = "\x1f".join(normalize(str(p)) if isinstance(p, str) else str(p) for p in parts)
    return "stable:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def birth_fields(row: Row, today: dt.date) -> dict[str, Any]:
    """birth_date / birth_year_min / birth_year_max to the person's birth fields (ISO text)."""
    born = row.date("birth_date", today)
    lo, hi = row.year("birth_year_min", today), row.year("birth_year_max", today)
    if born is not None:
        return {"birth_date": born.isoformat(), "birth_precision": "exact", "birth_date_min": None,
                "birth_date_max": None}
    if lo is None and hi is None:
        return {"birth_date": None, "birth_precision": "unknown", "birth_date_min": None, "birth_date_max": None}
    lo, hi = lo or hi, hi or lo
    assert lo is not None and hi is not None
    if lo > hi:
        row.refuse("birth_year_max", _("the range ends (%(hi)s) before it starts (%(lo)s)") % {"lo": lo, "hi": hi})
        return {}
    start, end = dt.date(lo, 1, 1), min(dt.date(hi, 12, 31), today)
    middle = start + (end - start) / 2
    if lo == hi:
        return {"birth_date": dt.date(lo, 1, 1).isoformat(), "birth_precision": "year", "birth_date_min": None,
                "birth_date_max": None}
    return {"birth_date": middle.isoformat(), "birth_precision": "range", "birth_date_min": start.isoformat(),
            "birth_date_max": end.isoformat()}


def parse_child(row: Row, places: Places, today: dt.date, grant: Any) -> Parsed:
    """A child found abroad and the case to open."""
    v = row.parsed.values
    v["name"] = row.name("name", required=True)
    v["sex"] = row.sex()
    v.update(birth_fields(row, today))
    country = None
    if row.text("host_country"):
        found = places.country(row.text("host_country"))
        if found is None or not found.is_host:
            row.refuse("host_country", _("“%(v)s” is not a host country") % {"v": row.text("host_country")})
        else:
            country = found.code
    facility = None
    if row.text("facility"):
        facility = places.facility(row.text("facility"), country)
        if facility is None:
            row.refuse("facility", _("unknown facility “%(v)s”") % {"v": row.text("facility")})
        else:
            country = country or facility.country_id
    if country is None and grant is not None and grant.host_country:
        country = grant.host_country
    if country is None and not row.parsed.errors:
        row.refuse("host_country", _("say the host country (or the facility)"))
    if country and grant is not None and grant.host_country and country != grant.host_country:
        row.refuse("host_country", _("your office opens cases in %(c)s only") % {"c": grant.host_country})
    v["host_country"] = country
    v["facility"] = facility.pk if facility else None
    v["facility_label"] = facility.name if facility else ""
    v["home_region"] = None
    if row.text("home_region"):
        region = places.region(row.text("home_region"))
        if region is None:
            row.refuse("home_region", _("unknown region “%(v)s”") % {"v": row.text("home_region")})
        else:
            v["home_region"] = region.pk
    v["mother_name"] = row.name("mother_name", required=False)
    v["father_name"] = row.name("father_name", required=False)
    summary = row.text("summary")
    if summary:
        from homeward.names import UnsafeNameError, validate_name

        try:
            summary = validate_name(summary)
        except UnsafeNameError as exc:
            row.refuse("summary", str(exc))
    v["summary"] = summary
    row.parsed.key = _key(row, v["name"], v.get("birth_date"), country, v["facility"], v["mother_name"])
    return row.parsed


def parse_person(row: Row, places: Places, today: dt.date, grant: Any) -> Parsed:
    """A mother, father or other relative, linked to an imported child if the row says so."""
    v = row.parsed.values
    v["name"] = row.name("name", required=True)
    kind = KINDS.get(row.text("kind").lower())
    if kind is None:
        row.refuse("kind", _("“%(v)s” is not mother, father or relative") % {"v": row.text("kind")})
    v["kind"] = kind
    v["sex"] = row.sex() or {"mother": "F", "father": "M"}.get(kind or "", "")
    v.update(birth_fields(row, today))
    v["home_region"] = None
    if row.text("home_region"):
        region = places.region(row.text("home_region"))
        if region is None:
            row.refuse("home_region", _("unknown region “%(v)s”") % {"v": row.text("home_region")})
        else:
            v["home_region"] = region.pk
    v["facility"] = None
    if row.text("facility"):
        facility = places.facility(row.text("facility"), None)
        if facility is None:
            row.refuse("facility", _("unknown facility “%(v)s”") % {"v": row.text("facility")})
        else:
            v["facility"] = facility.pk
    v["child_external_id"] = row.text("child_external_id")
    relation = row.text("relation").lower() or (kind if kind in ("mother", "father") else "")
    from homeward.people.models import FamilyLink

    if v["child_external_id"] and relation not in FamilyLink.Relation.values:
        row.refuse("relation", _("“%(v)s” is not a relation (mother, father, aunt...)") % {"v": relation})
    v["relation"] = relation
    row.parsed.key = _key(row, v["name"], v.get("birth_date"), kind, v["facility"])
    return row.parsed


def parse_request(row: Row, places: Places, today: dt.date, grant: Any) -> Parsed:
    """A relative's request for one child (one row per child sought)."""
    from homeward.people.models import FamilyLink
    from homeward.tracing.birth import BirthError, parse_birth

    v = row.parsed.values
    v["requester_name"] = row.name("requester_name", required=True)
    relation = row.text("relation").lower()
    if relation not in FamilyLink.Relation.values:
        row.refuse("relation", _("“%(v)s” is not a relation (mother, grandmother, aunt...)") % {"v": relation})
    v["relation"] = relation
    region = places.region(row.text("region")) if row.text("region") else None
    if region is None:
        row.refuse("region", _("unknown region “%(v)s”") % {"v": row.text("region")})
    v["region"] = region.pk if region else None
    received = row.date("received_on", today) if row.raw("received_on") not in (None, "") else today
    v["received_on"] = received.isoformat() if received else None
    v["phone"] = row.text("phone")
    v["child_name"] = row.name("child_name", required=True)
    v["child_sex"] = row.sex("child_sex")
    try:
        birth = parse_birth(row.text("child_birth"), today=today)
        v["child_birth"] = [birth.precision, birth.date.isoformat() if birth.date else None, birth.year_min,
                            birth.year_max]
    except BirthError as exc:
        row.refuse("child_birth", str(exc))
    v["mother_name"] = row.name("mother_name", required=False)
    v["father_name"] = row.name("father_name", required=False)
    row.parsed.key = _key(row, v["requester_name"], v["child_name"], v.get("region"))
    return row.parsed


def _key(row: Row, *parts: Any) -> str:
    own = row.text("external_id")
    return f"id:{own}" if own else stable_key(*parts)


PARSERS = {"cases": parse_child, "people": parse_person, "requests": parse_request}
