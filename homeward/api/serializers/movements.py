"""Flights and bookings as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.api.schema import PageQuery
from homeward.movements.models import Flight
from homeward.places.models import Country


class PassengerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    status = serializers.CharField(read_only=True)
    seat = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    boarded_at = serializers.DateTimeField(read_only=True, allow_null=True)


class FlightSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    origin_city = serializers.CharField(read_only=True)
    origin_country = serializers.CharField(source="origin_country_id", read_only=True)
    destination_city = serializers.CharField(read_only=True)
    destination_country = serializers.CharField(source="destination_country_id", read_only=True)
    date = serializers.DateField(read_only=True)
    seat_capacity = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    departed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    arrived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    notes = serializers.CharField(read_only=True)


class FlightDetailSerializer(FlightSerializer):
    passengers = PassengerSerializer(many=True, read_only=True,
                                     help_text="The passengers the token may see (others are not listed).")
    seats_taken = serializers.IntegerField(read_only=True, help_text="Every seat taken, seen or not.")


class FlightQuery(PageQuery):
    status = serializers.ChoiceField(choices=Flight.Status.values, required=False)


class FlightCreateSerializer(serializers.Serializer[Any]):
    origin_city = serializers.CharField(max_length=100)
    origin_country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    destination_city = serializers.CharField(max_length=100)
    destination_country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    date = serializers.DateField()
    seat_capacity = serializers.IntegerField(min_value=1, max_value=32767)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class BookingSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The case of the child to book.")
    with_siblings = serializers.BooleanField(required=False, default=False,
                                             help_text="Book the child's siblings ready to travel too.")
    seat = serializers.CharField(required=False, allow_blank=True, max_length=10)
