"""Relatives' requests, the children they seek, candidate matches and the matching jobs.

A request (who asks, from where, for whom) seeks one or more children; each sought child has
names in any script, for the child and for the child's mother and father. Matching pairs a child
found abroad (a case) with a sought child; a caseworker's decision on a pair is final and is
never overwritten by a later run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import SealedTextField, row_key_field
from homeward.people.models import DatePrecision, FamilyLink, PersonName, Sex


class TracingRequest(models.Model):
    """A relative asks the programme to find one or more children."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PARTLY_FOUND = "partly_found", _("partly found")
        CLOSED = "closed", _("closed")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    requester_name = models.CharField(_("requester's name"), max_length=300)
    requester_script = models.CharField(_("script"), max_length=4, choices=PersonName.Script.choices)
    requester_folded = models.CharField(max_length=300, db_index=True, editable=False)
    relation = models.CharField(
        _("relation to the children"), max_length=20, choices=FamilyLink.Relation.choices,
        help_text=_("What the requester is to the children sought (grandmother, aunt...)."),
    )
    region = models.ForeignKey(
        "places.Region", models.PROTECT, related_name="tracing_requests", verbose_name=_("region")
    )
    phone = SealedTextField(_("phone"), max_length=60, blank=True)
    address = SealedTextField(_("address"), max_length=300, blank=True)
    row_key = row_key_field()
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        "accounts.Agency", models.PROTECT, null=True, blank=True, related_name="tracing_requests",
        verbose_name=_("received by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)
    # The requester as a Person, created when a first match is confirmed, so that the family
    # link to every child found for this request points at the same person.
    requester_person = models.ForeignKey(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="tracing_requests",
        verbose_name=_("requester as a person"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("relatives' request")
        verbose_name_plural = _("relatives' requests")

    def __str__(self) -> str:
        return self.reference


class SoughtChild(models.Model):
    """One child a request seeks, as the family describes the child."""

    request = models.ForeignKey(
        TracingRequest, models.CASCADE, related_name="sought_children", verbose_name=_("request")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    # exact, month or year: a day in it (the 1st); range: years only, as families give them
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year_min = models.PositiveSmallIntegerField(_("born no earlier than (year)"), null=True, blank=True)
    birth_year_max = models.PositiveSmallIntegerField(_("born no later than (year)"), null=True, blank=True)
    last_heard_country = models.CharField(_("last heard of in (country)"), max_length=100, blank=True)
    last_heard_city = models.CharField(_("last heard of in (city)"), max_length=100, blank=True)
    home_region = models.ForeignKey(
        "places.Region", models.PROTECT, null=True, blank=True, related_name="sought_children",
        verbose_name=_("home region"),
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["request", "id"]
        verbose_name = _("sought child")
        verbose_name_plural = _("sought children")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year_min__isnull=True)
                | models.Q(birth_year_max__isnull=True)
                | models.Q(birth_year_min__lte=models.F("birth_year_max")),
                name="soughtchild_birth_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        names = self.child_names()
        return names[0].text if names else f"#{self.pk}"

    def names_of(self, role: str) -> list[SoughtName]:
        """Names of the child, the mother or the father (uses prefetched names if any)."""
        return [n for n in self.names.all() if n.role == role]

    def child_names(self) -> list[SoughtName]:
        return self.names_of(SoughtName.Role.CHILD)

    def mother_names(self) -> list[SoughtName]:
        return self.names_of(SoughtName.Role.MOTHER)

    def father_names(self) -> list[SoughtName]:
        return self.names_of(SoughtName.Role.FATHER)

    @property
    def birth_label(self) -> str:
        """As sure as the family is: 2012-03-04, 2012-03, 2012, ~2011-2013, ?"""
        p = self.birth_precision
        if p == DatePrecision.EXACT and self.birth_date:
            return self.birth_date.isoformat()
        if p == DatePrecision.MONTH and self.birth_date:
            return self.birth_date.strftime("%Y-%m")
        if p == DatePrecision.YEAR and self.birth_date:
            return str(self.birth_date.year)
        if p == DatePrecision.RANGE and self.birth_year_min and self.birth_year_max:
            lo, hi = self.birth_year_min, self.birth_year_max
            return f"~{lo}" if lo == hi else f"~{lo}-{hi}"
        return "?"

    @property
    def birth_display(self) -> str:
        """The birth as ``birth_label`` says it, an exact date in the active language's short form."""
        if self.birth_precision == DatePrecision.EXACT and self.birth_date:
            from django.utils.formats import date_format

            return date_format(self.birth_date, "SHORT_DATE_FORMAT")
        return self.birth_label


class SoughtName(models.Model):
    """One name of a sought child, or of the child's mother or father, in one script."""

    class Role(models.TextChoices):
        CHILD = "child", _("child")
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")

    sought_child = models.ForeignKey(SoughtChild, models.CASCADE, related_name="names")
    role = models.CharField(_("whose name"), max_length=6, choices=Role.choices, default=Role.CHILD)
    text = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=4, choices=PersonName.Script.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=PersonName.Kind.choices,
                            default=PersonName.Kind.AS_HEARD)
    folded = models.CharField(max_length=300, db_index=True, editable=False)

    class Meta:
        ordering = ["sought_child", "id"]
        verbose_name = _("sought name")
        verbose_name_plural = _("sought names")

    def __str__(self) -> str:
        return self.text


class RequestNameKey(models.Model):
    """A script-independent key of any name in a request (requester or sought), for search."""

    request = models.ForeignKey(TracingRequest, models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "key"], name="requestnamekey_unique")]

    def __str__(self) -> str:
        return self.key


class MatchModel(models.Model):
    """A saved linkage model (homeward.linkage.Model as JSON), so incremental runs reuse it."""

    model_json = models.TextField()
    provenance = models.JSONField(default=dict)
    labels = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"

    def __str__(self) -> str:
        return self.version

    @property
    def version(self) -> str:
        return f"m{self.pk}"


class CandidateMatchQuerySet(models.QuerySet["CandidateMatch"]):
    def potential(self) -> CandidateMatchQuerySet:
        return self.filter(status=CandidateMatch.Status.POTENTIAL)

    def decided(self) -> CandidateMatchQuerySet:
        return self.exclude(status=CandidateMatch.Status.POTENTIAL)


class CandidateMatch(models.Model):
    """A child found abroad (the case) paired with a sought child, and what was decided."""

    class Status(models.TextChoices):
        POTENTIAL = "potential", _("potential")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="candidate_matches",
                             verbose_name=_("case"))
    sought_child = models.ForeignKey(SoughtChild, models.CASCADE, related_name="candidate_matches",
                                     verbose_name=_("sought child"))
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    contributions = models.JSONField(_("contributions"), default=dict)
    explanations = models.JSONField(_("explanations"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.POTENTIAL,
                              db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # the claimed family link a confirmation created (the requester and the child)
    family_link = models.ForeignKey("people.FamilyLink", models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    model_version = models.CharField(_("model version"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = CandidateMatchQuerySet.as_manager()

    class Meta:
        ordering = ["-match_probability", "id"]
        verbose_name = _("candidate match")
        verbose_name_plural = _("candidate matches")
        constraints = [
            models.UniqueConstraint(fields=["case", "sought_child"], name="candidatematch_unique_pair"),
        ]
        # The review queue in its order: its first page reads the first rows of this index and
        # stops, however many pairs wait.
        indexes = [models.Index("status", models.F("match_probability").desc(), models.F("match_weight").desc(),
                                "id", name="candidatematch_queue")]

    def __str__(self) -> str:
        return f"{self.case_id} ~ {self.sought_child_id} ({self.match_probability:.2f})"

    @property
    def band(self) -> str:
        """"likely", "possible" or "unlikely", from the (calibrated) probability."""
        from homeward.tracing.queries import band

        return band(self.match_probability)

    @property
    def band_label(self) -> str:
        labels = {"likely": _("likely"), "possible": _("possible"), "unlikely": _("unlikely")}
        return str(labels[self.band])


class MatchJob(models.Model):
    """One background matching run: what it was asked to match and how far it got."""

    class Kind(models.TextChoices):
        FULL = "full", _("whole caseload")
        INCREMENTAL = "incremental", _("new or edited records")

    class Side(models.TextChoices):
        CHILDREN = "children", _("children found abroad")
        REQUESTS = "requests", _("sought children")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
