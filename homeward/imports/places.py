"""Finding a country, facility or region from a spreadsheet cell written in any script.

Place names are translated, not transliterated ("Чечня" is not a spelling of "Chechen
Republic"), so the common Russian and Arabic names of the shipped places are listed here; past
those, a name matches by its folded text, its code, or a near spelling of its romanisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeward.places.models import Country, Facility, Region

ALIASES: dict[str, tuple[str, ...]] = {
    # countries
    "Iraq": ("Ирак", "العراق"), "Syria": ("Сирия", "سوريا", "سورية"), "Turkey": ("Турция", "تركيا", "Türkiye"),
    "Pakistan": ("Пакистан", "باكستان"), "Russia": ("Россия", "روسيا", "Russian Federation"),
    # facilities
    "Rusafa women's prison": ("Rusafa prison", "Rusafa", "тюрьма Русафа", "Русафа", "سجن الرصافة", "الرصافة"),
    "Baghdad state children's home": ("Baghdad orphanage", "детский дом Багдада", "дом ребенка Багдад",
                                      "دار أيتام بغداد", "دار الدولة للأطفال في بغداد"),
    "Tel Keif women's prison": ("Tel Keif prison", "Тель-Кейф", "سجن تلكيف", "تلكيف"),
    "Mosul children's home": ("Mosul orphanage", "детский дом Мосула", "دار أيتام الموصل"),
    "al-Hol camp": ("al-Hol", "Al Hol", "аль-Холь", "лагерь аль-Холь", "مخيم الهول", "الهول"),
    "Roj camp": ("Roj", "Родж", "лагерь Родж", "مخيم روج", "روج"),
    # regions
    "Chechen Republic": ("Chechnya", "Чеченская Республика", "Чечня", "Чечения", "الشيشان"),
    "Republic of Dagestan": ("Dagestan", "Республика Дагестан", "Дагестан", "داغستان"),
    "Republic of Ingushetia": ("Ingushetia", "Республика Ингушетия", "Ингушетия", "إنغوشيا"),
    "Kabardino-Balkar Republic": ("Kabardino-Balkaria", "Кабардино-Балкарская Республика", "Кабардино-Балкария",
                                  "قبردينو بلقاريا"),
    "Karachay-Cherkess Republic": ("Karachay-Cherkessia", "Карачаево-Черкесская Республика",
                                   "Карачаево-Черкесия"),
    "Republic of North Ossetia-Alania": ("North Ossetia", "Северная Осетия", "Республика Северная Осетия-Алания"),
    "Stavropol Krai": ("Ставропольский край", "Ставрополье"),
    "Republic of Tatarstan": ("Tatarstan", "Республика Татарстан", "Татарстан", "تتارستان"),
    "Republic of Bashkortostan": ("Bashkortostan", "Республика Башкортостан", "Башкирия", "Башкортостан"),
    "Moscow": ("Москва", "موسكو"), "Moscow Oblast": ("Московская область", "Подмосковье"),
    "Astrakhan Oblast": ("Астраханская область",), "Volgograd Oblast": ("Волгоградская область",),
    "Chelyabinsk Oblast": ("Челябинская область",), "Tyumen Oblast": ("Тюменская область",),
}


def fold(text: str) -> str:
    from homeward.names import normalize

    return normalize(text.replace("’", "'").replace("ё", "е"))


class Places:
    """The places of the database, loaded once, found by any of their names."""

    def __init__(self) -> None:
        self.countries = {c.code: c for c in Country.objects.all()}
        self.facilities = list(Facility.objects.select_related("country"))
        self.regions = list(Region.objects.all())
        self._country_names = self._names(self.countries.values(), lambda c: [c.code])
        self._region_names = self._names(self.regions, lambda r: [r.code])

    @staticmethod
    def _names(rows: Iterable[Any], extra: Any) -> dict[str, Any]:
        names: dict[str, Any] = {}
        for row in rows:
            for text in (row.name, *ALIASES.get(row.name, ()), *extra(row)):
                names.setdefault(fold(text), row)
        return names

    def country(self, text: str) -> Country | None:
        found: Country | None = self._country_names.get(fold(text)) or self.countries.get(text.strip().upper())
        return found

    def facility(self, text: str, country: str | None) -> Facility | None:
        pool = [f for f in self.facilities if country is None or f.country_id == country]
        wanted = fold(text)
        for facility in pool:
            if wanted in {fold(n) for n in (facility.name, *ALIASES.get(facility.name, ()))}:
                return facility
        nearest: Facility | None = _nearest(text, pool)
        return nearest

    def region(self, text: str) -> Region | None:
        found: Region | None = self._region_names.get(fold(text)) or _nearest(text, self.regions)
        return found


def _nearest(text: str, rows: list[Any], threshold: float = 0.88) -> Any:
    """The one row whose name (or an alias) is spelled nearly as ``text``, if there is exactly one."""
    from homeward.names import similarity

    scored = sorted(((max(similarity(text, n) for n in (r.name, *ALIASES.get(r.name, ()))), r.pk, r)
                     for r in rows), key=lambda t: (-t[0], t[1]))
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02:
        return None  # two places as near: say unknown rather than guess
    return scored[0][2]
