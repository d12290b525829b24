"""Handovers and follow-up visits, as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.api.schema import PageQuery
from homeward.people.models import FamilyLink


class HandoverSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    guardian = serializers.IntegerField(source="guardian_id", read_only=True)
    relation = serializers.CharField(read_only=True)
    identity_document = serializers.CharField(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)
    official_name = serializers.CharField(read_only=True)
    receiving_agency = serializers.IntegerField(source="receiving_agency_id", read_only=True)
    notes = serializers.CharField(read_only=True)


class HandoverInputSerializer(serializers.Serializer[Any]):
    guardian = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                        help_text="A relative recorded in the child's family (person id).")
    relation = serializers.ChoiceField(choices=FamilyLink.Relation.values, required=False, allow_blank=True)
    identity_document = serializers.CharField(max_length=100)
    signed_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    official_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class VisitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    scheduled_for = serializers.DateField(read_only=True)
    done_on = serializers.DateField(read_only=True, allow_null=True)
    school = serializers.CharField(read_only=True)
    health = serializers.CharField(read_only=True)
    benefits = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)


class VisitQuery(PageQuery):
    case = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class ScheduleSerializer(serializers.Serializer[Any]):
    scheduled_for = serializers.DateField()


class VisitRecordSerializer(serializers.Serializer[Any]):
    done_on = serializers.DateField()
    school = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    health = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    benefits = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
