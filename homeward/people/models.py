"""People: children, their mothers and fathers, and the relatives who ask for them.

A person has any number of names, each in its own script and of its own kind; a birth date that
says how sure it is; and typed family links that say how well each link is established.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import SealedTextField, row_key_field


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")
    UNKNOWN = "", _("unknown")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("exact date")
    MONTH = "month", _("month and year")
    YEAR = "year", _("year only")
    RANGE = "range", _("estimated range")
    UNKNOWN = "unknown", _("unknown")


class SiblingGroup(models.Model):
    """Children who are brothers and sisters (full or half) and travel together."""

    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sibling group")
        verbose_name_plural = _("sibling groups")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class Person(models.Model):
    """Anyone the programme records: a child, a parent, or another relative."""

    class Kind(models.TextChoices):
        CHILD = "child", _("child")
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        RELATIVE = "relative", _("relative")

    class BirthPlace(models.TextChoices):
        HOME = "home", _("home country")
        ABROAD = "abroad", _("abroad")
        UNKNOWN = "", _("unknown")

    class Citizenship(models.TextChoices):
        NONE = "", _("not established")
        CLAIMED = "claimed", _("claimed")
        VERIFIED = "verified", _("verified")
        DOCUMENTED = "documented", _("documented")

    class Detention(models.TextChoices):
        NONE = "", _("not detained")
        DETAINED = "detained", _("detained")
        SENTENCED = "sentenced", _("sentenced")
        RELEASED = "released", _("released")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    # For an estimated range (e.g. "about 6 years old" seen on 2018-11-01), the earliest and latest
    # plausible dates; birth_date then holds the middle, so ages can still be computed.
    birth_date_min = models.DateField(_("born no earlier than"), null=True, blank=True)
    birth_date_max = models.DateField(_("born no later than"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=10, choices=BirthPlace.choices, blank=True)
    birth_country = models.ForeignKey(
        "places.Country", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country of birth")
    )
    citizenship = models.CharField(_("citizenship"), max_length=12, choices=Citizenship.choices, blank=True)
    home_region = models.ForeignKey(
        "places.Region", models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("home region")
    )
    is_deceased = models.BooleanField(_("deceased"), default=False)
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    # Sealed at rest (homeward.core.fields), like the other sensitive facts of this row.
    detention_status = SealedTextField(_("detention status"), max_length=10, choices=Detention.choices, blank=True)
    detention_facility = models.ForeignKey(
        "places.Facility", models.PROTECT, null=True, blank=True, related_name="detainees",
        verbose_name=_("detention facility"),
    )
    sibling_group = models.ForeignKey(
        SiblingGroup, models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("sibling group"),
    )
    notes = models.TextField(_("notes"), blank=True)
    row_key = row_key_field()
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date_min__isnull=True)
                | models.Q(birth_date_max__isnull=True)
                | models.Q(birth_date_min__lte=models.F("birth_date_max")),
                name="person_birth_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The first official name, else the first name recorded, else the record number."""
        names = list(self.names.all())
        for name in names:
            if name.kind == PersonName.Kind.OFFICIAL:
                return name.text
        return names[0].text if names else f"#{self.pk}"

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``; an estimated birth date counts at its middle."""
        born = self.birth_date
        if born is None and self.birth_date_min and self.birth_date_max:
            born = self.birth_date_min + (self.birth_date_max - self.birth_date_min) / 2
        if born is None:
            return None
        return age_between(born, day)

    @property
    def birth_label(self) -> str:
        """A birth date as sure as it is: 2012-03-04, 2012-03, 2012, 2011-2013 (estimated)."""
        p = self.birth_precision
        if p == DatePrecision.EXACT and self.birth_date:
            return self.birth_date.isoformat()
        if p == DatePrecision.MONTH and self.birth_date:
            return self.birth_date.strftime("%Y-%m")
        if p == DatePrecision.YEAR and self.birth_date:
            return str(self.birth_date.year)
        if p == DatePrecision.RANGE and self.birth_date_min and self.birth_date_max:
            lo, hi = self.birth_date_min.year, self.birth_date_max.year
            return f"~{lo}" if lo == hi else f"~{lo}-{hi}"
        return "?"

    @property
    def birth_display(self) -> str:
        """The birth as ``birth_label`` says it, an exact date in the active language's short form."""
        if self.birth_precision == DatePrecision.EXACT and self.birth_date:
            from django.utils.formats import date_format

            return date_format(self.birth_date, "SHORT_DATE_FORMAT")
        return self.birth_label


def age_between(born: dt.date, day: dt.date) -> int:
    """Whole years from ``born`` to ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PersonName(models.Model):
    """One name of a person, as written in one script, with where it came from."""

    class Script(models.TextChoices):
        LATIN = "Latn", _("Latin")
        CYRILLIC = "Cyrl", _("Cyrillic")
        ARABIC = "Arab", _("Arabic")

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official")
        AS_HEARD = "heard", _("as heard")
        ALIAS = "alias", _("alias")
        TRANSLITERATION = "translit", _("transliteration")

    person = models.ForeignKey(Person, models.CASCADE, related_name="names", verbose_name=_("person"))
    text = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # Lower-cased, normalised text for plain (exact-script) search; spelling-tolerant search
    # uses the keys in NameKey.
    folded = models.CharField(_("folded"), max_length=300, db_index=True, editable=False)

    class Meta:
        ordering = ["person", "id"]
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self) -> str:
        return self.text


class NameKey(models.Model):
    """A script-independent key of a name (from homeward.names.name_keys), for tolerant search."""

    name = models.ForeignKey(PersonName, models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="namekey_unique")]

    def __str__(self) -> str:
        return self.key


class SearchKey(models.Model):
    """A key of one of a person's names, for case search (homeward/people/searchkeys.py).

    One row per person and key, whichever of the person's names gave it: "w:" + a folded word as
    written (exact and prefix search) and the distinctive spelling- and script-independent keys.
    Indexed by (key, person) so that a search of any number of words reads one index range per
    key; on PostgreSQL the key index uses the pattern operator class, so prefixes use it too. The
    children's keys have a second, partial index holding the case and its reference beside the key.
    """

    person = models.ForeignKey(Person, models.CASCADE, related_name="search_keys", db_index=False)
    key = models.CharField(max_length=64)
    # A child's keys carry the child's case and its reference (a copy: references never change),
    # so that case search reads this table alone, children's keys only, through the partial index
    # below, in reference order within a key (the default operator class: the order of ORDER BY
    # reference), without visiting a case (searchkeys.attach_cases keeps them; cases/ranking.py).
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="search_keys",
                             db_index=False)
    reference = models.CharField(max_length=30, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="searchkey_key_person",
                                               opclasses=["varchar_pattern_ops", "int8_ops"])]
        indexes = [
            models.Index(fields=["person"], name="searchkey_person"),
            models.Index(fields=["key", "reference", "case"], name="searchkey_case_key",
                         condition=models.Q(case__isnull=False),
                         opclasses=["varchar_pattern_ops", "varchar_ops", "int8_ops"]),
        ]

    def __str__(self) -> str:
        return self.key


class FamilyLink(models.Model):
    """``relative`` is the ``relation`` of ``person`` (the grandmother of the child), and how sure."""

    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GRANDMOTHER = "grandmother", _("grandmother")
        GRANDFATHER = "grandfather", _("grandfather")
        AUNT = "aunt", _("aunt")
        UNCLE = "uncle", _("uncle")
        SISTER = "sister", _("sister")
        BROTHER = "brother", _("brother")
        HALF_SISTER = "half_sister", _("half-sister")
        HALF_BROTHER = "half_brother", _("half-brother")
        COUSIN = "cousin", _("cousin")
        OTHER = "other", _("other relative")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("claimed")
        DNA_VERIFIED = "dna_verified", _("DNA-verified")
        DOCUMENTED = "documented", _("documented")

    person = models.ForeignKey(Person, models.CASCADE, related_name="relatives", verbose_name=_("person"))
    relative = models.ForeignKey(Person, models.CASCADE, related_name="relative_of", verbose_name=_("relative"))
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CLAIMED)
    side = models.CharField(_("side"), max_length=10, blank=True, help_text=_("maternal or paternal"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "relation"], name="familylink_unique"),
            models.CheckConstraint(condition=~models.Q(person=models.F("relative")), name="familylink_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.get_relation_display()} of {self.person}"

    @property
    def is_established(self) -> bool:
        """Verified by DNA or by documents: enough for a handover."""
        return self.status in {self.Status.DNA_VERIFIED, self.Status.DOCUMENTED}
