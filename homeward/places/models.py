"""Where children are held and where they come home to: host countries, facilities, home regions."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core import reference
from homeward.core.translated import LANGUAGES, active_language, localized


class Country(models.Model):
    """A country by ISO 3166 alpha-2 code; host countries carry their rules as data."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True, default="")
    is_host = models.BooleanField(_("host country"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return localized(self, "name")


class Facility(models.Model):
    """A prison, orphanage or camp in a host country where children are found."""

    class Kind(models.TextChoices):
        PRISON = "prison", _("prison")
        ORPHANAGE = "orphanage", _("orphanage")
        CAMP = "camp", _("camp")
        OTHER = "other", _("other")

    country = models.ForeignKey(Country, models.PROTECT, related_name="facilities", verbose_name=_("country"))
    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="facility_unique_name")]

    def __str__(self) -> str:
        name, city = localized(self, "name"), city_name(self.city)
        return f"{name} ({city})" if city else name


class Region(models.Model):
    """A region of the home country; regions nest (federal district > republic > district)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True, default="")
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return localized(self, "name")

    def ancestors(self) -> list[Region]:
        """This region's parents, nearest first."""
        chain: list[Region] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    @staticmethod
    def tree() -> list[tuple[int, int | None]]:
        """(id, parent id) of every region: kept per process until a region changes."""
        return reference.kept("places.region_tree", lambda: list(Region.objects.values_list("id", "parent_id")))

    def descendant_ids(self, tree: list[tuple[int, int | None]] | None = None) -> set[int]:
        """Ids of this region and every region below it (regions are few: one query, or none
        given the ``tree``)."""
        pairs = Region.tree() if tree is None else tree
        found = {self.pk}
        changed = True
        while changed:
            changed = False
            for rid, parent in pairs:
                if parent in found and rid not in found:
                    found.add(rid)
                    changed = True
        return found


class City(models.Model):
    """A city's name in the users' languages.

    Flights and facilities name their city in English as free text; this table gives the Russian
    and Arabic forms of those names (an administrator adds a row for a new city).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True, default="")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True, default="")
    country = models.ForeignKey(Country, models.PROTECT, null=True, blank=True, related_name="cities",
                                verbose_name=_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return localized(self, "name")

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        cache.delete(CITY_CACHE_KEY)


CITY_CACHE_KEY = "places.city-names"


def city_name(text: str, language: str | None = None) -> str:
    """The name of the city ``text`` (as written in English) in the active language.

    The few city names are read once and kept for five minutes; an unknown name is shown as it
    was written.
    """
    if not text:
        return ""
    lang = language or active_language()
    if lang not in LANGUAGES:
        return text
    names: dict[str, tuple[str, str]] | None = cache.get(CITY_CACHE_KEY)
    if names is None:
        names = {c.name: (c.name_ru, c.name_ar) for c in City.objects.all()}
        cache.set(CITY_CACHE_KEY, names, 300)
    ru, ar = names.get(text.strip(), ("", ""))
    return (ru if lang == "ru" else ar) or text


# The lists a filter offers, kept per process until a place changes (homeward/core/reference.py).
def regions() -> list[Region]:
    return reference.kept("places.regions", lambda: list(Region.objects.all()))


def host_countries() -> list[Country]:
    return reference.kept("places.host_countries", lambda: list(Country.objects.filter(is_host=True)))


def facilities() -> list[Facility]:
    return reference.kept("places.facilities", lambda: list(Facility.objects.all()))
