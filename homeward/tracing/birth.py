"""Birth as a family gives it: a date, a month, a year, or a range of years."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from homeward.people.models import DatePrecision

_EXACT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # 01.05.2012, as written at home
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^~?\s*(\d{4})$")
_RANGE = re.compile(r"^~?\s*(\d{4})\s*(?:-|–|—|\.\.|/)\s*(\d{4})$")

FIRST_YEAR = 1990


@dataclass(frozen=True)
class Birth:
    """A parsed birth: precision, a date (the 1st of the month/year if less precise), a year range."""

    precision: str = DatePrecision.UNKNOWN
    date: dt.date | None = None
    year_min: int | None = None
    year_max: int | None = None

    def label(self) -> str:
        if self.precision == DatePrecision.EXACT and self.date:
            return self.date.isoformat()
        if self.precision == DatePrecision.MONTH and self.date:
            return self.date.strftime("%Y-%m")
        if self.precision == DatePrecision.YEAR and self.date:
            return str(self.date.year)
        if self.precision == DatePrecision.RANGE:
            return f"{self.year_min}-{self.year_max}"
        return ""


class BirthError(ValueError):
    """Text that is not a date, month, year or year range."""


def _year(y: int, today: dt.date) -> int:
    if not FIRST_YEAR <= y <= today.year:
        raise BirthError(_("The year %(year)s is not plausible for a child.") % {"year": y})
    return y


def _date(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise BirthError(_("%(y)04d-%(m)02d-%(d)02d is not a date.") % {"y": y, "m": m, "d": d}) from None


def parse_birth(text: str, *, today: dt.date | None = None) -> Birth:
    """Parse "2012-05-01", "01.05.2012", "2012-05", "2012", "~2012" or "2011-2013"; "" is unknown.

    Raises BirthError with a message a caseworker can act on.
    """
    if today is None:
        from django.utils import timezone

        today = timezone.localdate()
    text = (text or "").strip()
    if not text:
        return Birth()
    if m := _EXACT.match(text):
        y, mo, d = (int(g) for g in m.groups())
        _year(y, today)
        born = _date(y, mo, d)
        if born > today:
            raise BirthError(_("The birth date is in the future."))
        return Birth(DatePrecision.EXACT, born)
    if m := _DOTTED.match(text):
        d, mo, y = (int(g) for g in m.groups())
        _year(y, today)
        return Birth(DatePrecision.EXACT, _date(y, mo, d))
    if m := _MONTH.match(text):
        y, mo = int(m.group(1)), int(m.group(2))
        _year(y, today)
        return Birth(DatePrecision.MONTH, _date(y, mo, 1))
    if m := _YEAR.match(text):
        y = _year(int(m.group(1)), today)
        if text.startswith("~"):
            return Birth(DatePrecision.RANGE, None, y - 1, y + 1)
        return Birth(DatePrecision.YEAR, dt.date(y, 1, 1))
    if m := _RANGE.match(text):
        lo, hi = _year(int(m.group(1)), today), _year(int(m.group(2)), today)
        if lo > hi:
            raise BirthError(_("The range ends (%(hi)s) before it starts (%(lo)s).") % {"lo": lo, "hi": hi})
        return Birth(DatePrecision.RANGE, None, lo, hi)
    raise BirthError(
        _("Write the birth as a date (2012-05-01), a month (2012-05), a year (2012) or a range (2011-2013).")
    )
