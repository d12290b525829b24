"""Where children are held and where they come home to: host countries, facilities, home regions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A country by ISO 3166 alpha-2 code; host countries carry their rules as data."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    is_host = models.BooleanField(_("host country"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """A prison, orphanage or camp in a host country where children are found."""

    class Kind(models.TextChoices):
        PRISON = "prison", _("prison")
        ORPHANAGE = "orphanage", _("orphanage")
        CAMP = "camp", _("camp")
        OTHER = "other", _("other")

    country = models.ForeignKey(Country, models.PROTECT, related_name="facilities", verbose_name=_("country"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="facility_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name


class Region(models.Model):
    """A region of the home country; regions nest (federal district > republic > district)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        """This region's parents, nearest first."""
        chain: list[Region] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of this region and every region below it (regions are few: one query)."""
        pairs = list(Region.objects.values_list("id", "parent_id"))
        found = {self.pk}
        changed = True
        while changed:
            changed = False
            for rid, parent in pairs:
                if parent in found and rid not in found:
                    found.add(rid)
                    changed = True
        return found
