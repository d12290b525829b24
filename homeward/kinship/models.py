"""DNA samples and their chain of custody, STR profiles from the labs, and kinship tests.

A sample is taken from a donor (the child, the mother in prison, a grandmother at home) for one
child's case, sealed, handed from one custodian to the next and received by a laboratory, which
checks the seal. Every hand-over is a :class:`CustodyTransfer` row, only ever appended. A lab's
results file becomes :class:`StrProfile` rows; a :class:`KinshipTest` weighs the claimed family of
the child against the child being unrelated to it, with the likelihoods computed by
``homeward.kinship.engine``.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import SealedJSONField, row_key_field
from homeward.people.models import FamilyLink


class SampleQuerySet(models.QuerySet["DnaSample"]):
    def awaiting_collection(self) -> SampleQuerySet:
        """Requested and not yet at the lab (nor rejected)."""
        return self.filter(status__in=DnaSample.WAITING_STATUSES)


class DnaSample(models.Model):
    """One DNA sample of one donor, taken for one child's case."""

    class Kind(models.TextChoices):
        BUCCAL = "buccal", _("buccal swab")
        BLOOD_CARD = "blood_card", _("blood card (FTA)")
        BLOOD = "blood", _("blood tube")
        HAIR = "hair", _("hair with roots")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        COLLECTED = "collected", _("collected")
        SEALED = "sealed", _("sealed")
        IN_TRANSIT = "in_transit", _("in transit")
        RECEIVED = "received", _("received at the lab")
        PROFILED = "profiled", _("profiled")
        CONSUMED = "consumed", _("consumed")
        REJECTED = "rejected", _("rejected")

    # Requested, or taken but not yet at the lab: what "overdue" is measured on.
    WAITING_STATUSES = (Status.REQUESTED, Status.COLLECTED, Status.SEALED, Status.IN_TRANSIT)

    code = models.CharField(_("sample id"), max_length=40, unique=True,
                            help_text=_("The id written on the tube or card; the lab's results file uses it."))
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="dna_samples", verbose_name=_("case"))
    donor = models.ForeignKey("people.Person", models.PROTECT, related_name="dna_samples", verbose_name=_("donor"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BUCCAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    collected_by = models.CharField(_("collected by"), max_length=200, blank=True,
                                    help_text=_("Name and agency of whoever took the sample."))
    # Where it was taken: a prison or orphanage abroad, or a home regional office.
    collection_facility = models.ForeignKey("places.Facility", models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("collected at facility"))
    collection_office = models.ForeignKey("accounts.Agency", models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("collected at office"))
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    lab = models.ForeignKey("accounts.Agency", models.PROTECT, null=True, blank=True, related_name="lab_samples",
                            limit_choices_to={"kind": "lab"}, verbose_name=_("laboratory"))
    received_at = models.DateTimeField(_("received at the lab"), null=True, blank=True)
    # A broken or mismatched seal does not stop the work but must stay visible on every page.
    flagged = models.BooleanField(_("flagged"), default=False)
    flag_reason = models.CharField(_("flag reason"), max_length=300, blank=True)
    rejected_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        ordering = ["case", "requested_at", "id"]
        verbose_name = _("DNA sample")
        verbose_name_plural = _("DNA samples")

    def __str__(self) -> str:
        return self.code

    @property
    def collection_site(self) -> str:
        """Where the sample was taken, in words."""
        if self.collection_facility_id:
            return str(self.collection_facility)
        if self.collection_office_id:
            return str(self.collection_office)
        return ""


class CustodyTransfer(models.Model):
    """One step in a sample's chain of custody. Never edited or deleted: a correction is a new row."""

    class Step(models.TextChoices):
        COLLECTED = "collected", _("collected")
        SEALED = "sealed", _("sealed")
        HANDOVER = "handover", _("handed over")
        RECEIVED = "received", _("received at the lab")
        REJECTED = "rejected", _("rejected")

    sample = models.ForeignKey(DnaSample, models.PROTECT, related_name="custody", verbose_name=_("sample"))
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    from_party = models.CharField(_("from"), max_length=200, blank=True)
    to_party = models.CharField(_("to"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("when"))
    seal_number = models.CharField(_("seal number seen"), max_length=60, blank=True)
    seal_intact = models.BooleanField(_("seal intact"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["sample", "occurred_at", "id"]
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the chain of custody is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the chain of custody is append-only")


class StrProfile(models.Model):
    """The STR genotypes of one sample, as one lab file gave them (marker -> ``"a/b"``)."""

    sample = models.ForeignKey(DnaSample, models.PROTECT, related_name="profiles", verbose_name=_("sample"))
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="str_profiles",
                               verbose_name=_("person"))
    lab = models.ForeignKey("accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("laboratory"))
    genotypes = SealedJSONField(_("genotypes"), default=dict)
    row_key = row_key_field()
    imported_at = models.DateTimeField(_("imported at"), db_index=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("imported by"))
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    source_hash = models.CharField(_("file SHA-256"), max_length=64, db_index=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("STR profile")
        verbose_name_plural = _("STR profiles")
        constraints = [
            models.UniqueConstraint(fields=["sample", "source_hash"], name="strprofile_once_per_file"),
        ]

    def __str__(self) -> str:
        return f"{self.sample.code} ({len(self.genotypes)} markers)"

    @property
    def marker_count(self) -> int:
        return len(self.genotypes)


class KinshipTest(models.Model):
    """A likelihood ratio for the child's claimed family (H1) against the child being unrelated (H2)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be computed")
        RUNNING = "running", _("computing")
        DONE = "done", _("computed")
        FAILED = "failed", _("failed")

    class Conclusion(models.TextChoices):
        NONE = "", _("not concluded")
        SUPPORTS = "supports", _("supports the claimed kinship")
        EXCLUDES = "excludes", _("excludes the claimed kinship")
        INCONCLUSIVE = "inconclusive", _("inconclusive")

    class Review(models.TextChoices):
        NONE = "", _("not proposed")
        PROPOSED = "proposed", _("awaiting a second analyst's review")
        RETURNED = "returned", _("returned by the reviewer")
        REVIEWED = "reviewed", _("reviewed and concluded")

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="kinship_tests", verbose_name=_("case"))
    child = models.ForeignKey("people.Person", models.PROTECT, related_name="kinship_tests_as_child",
                              verbose_name=_("child"))
    child_profile = models.ForeignKey(StrProfile, models.PROTECT, related_name="+", verbose_name=_("child's profile"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The claimed pedigree as the engine saw it: [{"id", "father", "mother", "sex", "person", "label"}].
    pedigree = models.JSONField(_("claimed pedigree (H1)"), default=list)
    h1_label = models.CharField(_("H1"), max_length=500, blank=True)
    h2_label = models.CharField(_("H2"), max_length=500, blank=True)
    freq_db = models.CharField(_("frequency database"), max_length=40)
    theta = models.FloatField(_("theta (FST)"), default=0.0)
    mutation_model = models.CharField(_("mutation model"), max_length=20, blank=True)
    mutation_rate = models.FloatField(_("mutation rate"), default=0.0)
    prior = models.FloatField(_("prior probability"), default=0.5)
    lr = models.FloatField(_("likelihood ratio"), null=True, blank=True)
    # log10 of the LR; null when the LR is 0 (an exclusion without a mutation model).
    log10_lr = models.FloatField(_("log10 LR"), null=True, blank=True)
    posterior = models.FloatField(_("posterior probability"), null=True, blank=True)
    per_marker = SealedJSONField(_("LR per marker"), default=dict, blank=True)
    row_key = row_key_field()
    markers_used = models.PositiveSmallIntegerField(_("markers used"), default=0)
    skipped_markers = models.JSONField(_("markers left out"), default=list, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices, blank=True)
    threshold = models.FloatField(_("LR threshold"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("concluded by"))
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=40, blank=True)
    task_id = models.CharField(_("background job"), max_length=64, blank=True)
    # The frequency table's content hash when computed: a changed table flags the test.
    freq_db_version = models.CharField(_("frequency database version"), max_length=64, blank=True)
    # Four eyes: the first analyst proposes a conclusion, a second one reviews it (or returns it).
    review_state = models.CharField(_("review"), max_length=10, choices=Review.choices, blank=True, default="")
    proposed_conclusion = models.CharField(_("proposed conclusion"), max_length=12, choices=Conclusion.choices,
                                           blank=True)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("proposed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_note = models.TextField(_("review note"), blank=True)
    # Set when a profile or the frequency table it used changed after the computation.
    needs_recompute = models.BooleanField(_("needs recomputation"), default=False)
    recompute_reason = models.CharField(_("why recompute"), max_length=500, blank=True)
    # Competing hypotheses (beyond H1 and "unrelated"): [{"label", "pedigree": [...], "prior"}],
    # and their results: [{"label", "log10_likelihood", "posterior", "per_marker": {marker: likelihood}}].
    hypotheses = models.JSONField(_("competing hypotheses"), default=list, blank=True)
    hypothesis_results = SealedJSONField(_("results per hypothesis"), default=list, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("kinship test")
        verbose_name_plural = _("kinship tests")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def lr_label(self) -> str:
        """The LR as people read it: "1.2 × 10^7", "0 (excluded)", "35"."""
        return format_lr(self.lr, self.log10_lr)


def format_lr(lr: float | None, log10_lr: float | None) -> str:
    """A likelihood ratio for display: plain under 10,000, else mantissa × 10^exponent."""
    if lr is None:
        return "—"
    if lr == 0 or log10_lr is None:
        return "0"
    from django.utils.formats import number_format

    if 1e-3 <= lr < 1e4:
        shown = float(f"{lr:.3g}")
        return number_format(int(shown) if shown.is_integer() else shown, force_grouping=True)
    exponent = math.floor(log10_lr)
    mantissa = 10 ** (log10_lr - exponent)
    # The exponent in superscript digits: "2,07 × 10⁹" reads alike in every language.
    return f"{number_format(mantissa, 2)} × 10{str(exponent).translate(_SUPERSCRIPT)}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class KinshipReference(models.Model):
    """One typed relative in a test: who, their claimed relation to the child, the profile used."""

    test = models.ForeignKey(KinshipTest, models.CASCADE, related_name="references", verbose_name=_("test"))
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="+", verbose_name=_("relative"))
    link = models.ForeignKey("people.FamilyLink", models.PROTECT, related_name="+", verbose_name=_("family link"))
    relation = models.CharField(_("claimed relation"), max_length=20, choices=FamilyLink.Relation.choices)
    side = models.CharField(_("side"), max_length=10, blank=True)
    profile = models.ForeignKey(StrProfile, models.PROTECT, related_name="+", verbose_name=_("profile"))
    node = models.CharField(_("pedigree id"), max_length=40)

    class Meta:
        ordering = ["test", "id"]
        verbose_name = _("kinship test reference")
        verbose_name_plural = _("kinship test references")
        constraints = [models.UniqueConstraint(fields=["test", "person"], name="kinshipref_once_per_test")]

    def __str__(self) -> str:
        return f"{self.relation} ({self.node})"


class KinshipReport(models.Model):
    """The signed report of a reviewed test: the PDF (sealed) and who signed it."""

    test = models.ForeignKey(KinshipTest, models.PROTECT, related_name="reports", verbose_name=_("test"))
    pdf = models.BinaryField(_("PDF (sealed)"))
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kinship report")
        verbose_name_plural = _("kinship reports")

    def __str__(self) -> str:
        return f"report of test #{self.test_id}"

    @property
    def aad(self) -> str:
        return f"kinship-report:{self.test_id}:{self.sha256}"


class EliminationProfile(models.Model):
    """A staff member's STR profile (lab, collection and field staff), to catch contamination."""

    label = models.CharField(_("who"), max_length=200, help_text=_("Name or staff number and role."))
    genotypes = SealedJSONField(_("genotypes"), default=dict)
    row_key = row_key_field()
    lab = models.ForeignKey("accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("laboratory"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("staff elimination profile")
        verbose_name_plural = _("staff elimination profiles")

    def __str__(self) -> str:
        return self.label


class SamplingPlan(models.Model):
    """Whom to sample for a child's kinship test: simulated power of each set of living relatives."""

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="sampling_plans", verbose_name=_("case"))
    panel = models.CharField(_("marker panel"), max_length=40)
    relatives = models.JSONField(_("relatives who could be sampled"), default=list)  # [{"person", "as"}]
    families = models.PositiveIntegerField(_("simulated families"), default=40)
    seed = models.PositiveIntegerField(_("random seed"), default=1)
    threshold = models.FloatField(_("LR threshold"))
    freq_db = models.CharField(_("frequency database"), max_length=40)
    theta = models.FloatField(_("theta (FST)"), default=0.0)
    mutation_model = models.CharField(_("mutation model"), max_length=20, blank=True)
    mutation_rate = models.FloatField(_("mutation rate"), default=0.0)
    status = models.CharField(_("status"), max_length=10, choices=KinshipTest.Status.choices,
                              default=KinshipTest.Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Ranked: [{"relatives": [...], "power", "false_inclusion", "exclusion", "median_log10_lr"}]
    results = models.JSONField(_("results"), default=list, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("sampling plan")
        verbose_name_plural = _("sampling plans")

    def __str__(self) -> str:
        return f"plan #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {KinshipTest.Status.DONE, KinshipTest.Status.FAILED}


class DviSearch(models.Model):
    """A blind search: every child's profile against every case's reference family (DVI style)."""

    status = models.CharField(_("status"), max_length=10, choices=KinshipTest.Status.choices,
                              default=KinshipTest.Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    case_ids = models.JSONField(_("families searched (case ids; empty: all)"), default=list, blank=True)
    prior = models.FloatField(_("prior probability"), null=True, blank=True)
    freq_db = models.CharField(_("frequency database"), max_length=40)
    theta = models.FloatField(_("theta (FST)"), default=0.0)
    # {"by_family": [{"case", "rank", "child_case", "log10_lr", "posterior", "exclusions", "markers"}],
    #  "by_child": [...], "warnings": [...]}
    results = SealedJSONField(_("results"), default=dict, blank=True)
    row_key = row_key_field()
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("DVI search")
        verbose_name_plural = _("DVI searches")

    def __str__(self) -> str:
        return f"search #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {KinshipTest.Status.DONE, KinshipTest.Status.FAILED}
