"""Flights home, who is on them, and the arrival checks (handover and follow-up: aftercare).

A passenger row is never deleted: a child moved to a later flight or taken off one keeps the row
(status ``moved`` or ``removed``, with the reason), so the history of who was meant to fly when is
kept. Booking a child does not change the case's stage; only a recorded arrival does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import SealedTextField, row_key_field


class FlightQuerySet(models.QuerySet["Flight"]):
    def open(self) -> FlightQuerySet:
        """Flights that still take passengers."""
        return self.filter(status__in=Flight.OPEN_STATUSES)


class Flight(models.Model):
    """One flight (a batch of children) from a host-country city to a home city."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        DEPARTED = "departed", _("departed")
        ARRIVED = "arrived", _("arrived")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.PLANNED, Status.CONFIRMED)

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    origin_city = models.CharField(_("from (city)"), max_length=100)
    origin_country = models.ForeignKey(
        "places.Country", models.PROTECT, related_name="+", verbose_name=_("from (country)")
    )
    destination_city = models.CharField(_("to (city)"), max_length=100)
    destination_country = models.ForeignKey(
        "places.Country", models.PROTECT, related_name="+", verbose_name=_("to (country)")
    )
    date = models.DateField(_("date"), db_index=True)
    carrier = models.ForeignKey(
        "accounts.Agency", models.PROTECT, null=True, blank=True, related_name="flights",
        verbose_name=_("carrier agency"),
    )
    seat_capacity = models.PositiveSmallIntegerField(_("seats for children"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FlightQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "reference"]
        verbose_name = _("flight")
        verbose_name_plural = _("flights")
        constraints = [
            models.CheckConstraint(condition=models.Q(seat_capacity__gt=0), name="flight_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.origin_city} → {self.destination_city} {self.date.isoformat()}"

    @property
    def route(self) -> str:
        return f"{self.origin_city} ({self.origin_country_id}) → {self.destination_city} ({self.destination_country_id})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class PassengerStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    BOARDED = "boarded", _("boarded")
    NOT_BOARDED = "not_boarded", _("did not board")
    MOVED = "moved", _("moved to another flight")
    REMOVED = "removed", _("removed")


# A seat is taken by a booked or boarded child; the other statuses are history.
SEATED = (PassengerStatus.BOOKED, PassengerStatus.BOARDED)


class FlightPassenger(models.Model):
    """A child's place on a flight, and what became of it."""

    Status = PassengerStatus

    flight = models.ForeignKey(Flight, models.PROTECT, related_name="passengers", verbose_name=_("flight"))
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="flight_seats", verbose_name=_("case"))
    status = models.CharField(_("status"), max_length=12, choices=PassengerStatus.choices,
                              default=PassengerStatus.BOOKED)
    seat = models.CharField(_("seat"), max_length=10, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    moved_to = models.ForeignKey(
        Flight, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("moved to")
    )
    boarded_at = models.DateTimeField(_("boarded at"), null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("identity checked by"),
    )
    identity_document = models.CharField(_("identity document checked"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["flight", "id"]
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")
        constraints = [
            # A child holds at most one seat at a time, on any flight.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status__in=["booked", "boarded"]), name="passenger_one_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} on {self.flight.reference} ({self.status})"

    @property
    def is_seated(self) -> bool:
        return self.status in SEATED


class SiblingSeparation(models.Model):
    """A caseworker's recorded decision that ``case`` flies on ``flight`` without ``sibling``."""

    flight = models.ForeignKey(Flight, models.PROTECT, related_name="separations", verbose_name=_("flight"))
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="+", verbose_name=_("case"))
    sibling = models.ForeignKey("people.Person", models.PROTECT, related_name="+", verbose_name=_("sibling"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sibling separation")
        verbose_name_plural = _("sibling separations")
        constraints = [
            models.UniqueConstraint(fields=["flight", "case", "sibling"], name="separation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case} apart from {self.sibling} on {self.flight.reference}"


class FlightEscort(models.Model):
    """An adult travelling with the children: doctor, psychologist, official."""

    class Role(models.TextChoices):
        DOCTOR = "doctor", _("doctor")
        PSYCHOLOGIST = "psychologist", _("psychologist")
        OFFICIAL = "official", _("official")
        OTHER = "other", _("other")

    flight = models.ForeignKey(Flight, models.CASCADE, related_name="escorts", verbose_name=_("flight"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )

    class Meta:
        ordering = ["flight", "role", "name"]
        verbose_name = _("escort")
        verbose_name_plural = _("escorts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ArrivalIntake(models.Model):
    """The medical and psychological check of one child on arrival."""

    class Outcome(models.TextChoices):
        FIT = "fit", _("fit, no follow-up needed")
        FOLLOW_UP = "follow_up", _("needs follow-up")

    flight = models.ForeignKey(Flight, models.PROTECT, related_name="intakes", verbose_name=_("flight"))
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="arrival_intakes", verbose_name=_("case"))
    medical_notes = SealedTextField(_("medical notes"), blank=True)
    psychological_notes = SealedTextField(_("psychological notes"), blank=True)
    row_key = row_key_field()
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("arrival intake")
        verbose_name_plural = _("arrival intakes")
        constraints = [models.UniqueConstraint(fields=["flight", "case"], name="intake_unique")]

    def __str__(self) -> str:
        return f"{self.case} intake ({self.outcome})"
