"""DNA samples, their chain of custody and profile imports, as the API shows and takes them.

No genotype ever leaves through these: a profile import answers with the samples it profiled.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.accounts.models import Agency
from homeward.api.schema import PageQuery
from homeward.kinship.models import DnaSample
from homeward.places.models import Facility


class CustodySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    step = serializers.CharField(read_only=True)
    from_party = serializers.CharField(read_only=True)
    to_party = serializers.CharField(read_only=True)
    place = serializers.CharField(read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    seal_number = serializers.CharField(read_only=True)
    seal_intact = serializers.BooleanField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)


class SampleSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    donor = serializers.IntegerField(source="donor_id", read_only=True)
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    collected_at = serializers.DateTimeField(read_only=True, allow_null=True)
    sealed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    seal_number = serializers.CharField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True, allow_null=True)
    lab = serializers.IntegerField(source="lab_id", read_only=True, allow_null=True)
    flagged = serializers.BooleanField(read_only=True)
    flag_reason = serializers.CharField(read_only=True)
    rejected_reason = serializers.CharField(read_only=True)


class SampleDetailSerializer(SampleSerializer):
    custody = CustodySerializer(many=True, read_only=True, help_text="The chain of custody, oldest first.")


class SampleQuery(PageQuery):
    case = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=DnaSample.Status.values, required=False)


class SampleRequestSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    donor = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                     help_text="The child, or a relative linked to the child.")
    kind = serializers.ChoiceField(choices=DnaSample.Kind.values, required=False)
    lab = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(kind=Agency.Kind.LAB), required=False,
                                             allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CollectionSerializer(serializers.Serializer[Any]):
    collected_by = serializers.CharField(max_length=200)
    collected_at = serializers.DateTimeField(required=False, allow_null=True)
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all(), required=False, allow_null=True)
    office = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=DnaSample.Kind.values, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SealSerializer(serializers.Serializer[Any]):
    seal_number = serializers.CharField(max_length=60)
    sealed_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TransferSerializer(serializers.Serializer[Any]):
    from_party = serializers.CharField(max_length=200)
    to_party = serializers.CharField(max_length=200)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    seal_intact = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReceiptSerializer(serializers.Serializer[Any]):
    lab = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(kind=Agency.Kind.LAB), required=False,
                                             allow_null=True, help_text="Default: the token's own laboratory.")
    seal_number_seen = serializers.CharField(max_length=60)
    seal_intact = serializers.BooleanField(required=False, default=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    received_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RejectionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class ProfileImportSerializer(serializers.Serializer[Any]):
    filename = serializers.CharField(required=False, allow_blank=True, max_length=200)
    content = serializers.CharField(max_length=5_000_000, trim_whitespace=False,
                                    help_text="The laboratory's results file, as text (the format the import page takes).")
    lab = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(kind=Agency.Kind.LAB), required=False,
                                             allow_null=True)


class ImportedProfileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    sample = serializers.IntegerField(source="sample_id", read_only=True)
    sample_code = serializers.CharField(source="sample.code", read_only=True)
    markers = serializers.SerializerMethodField()

    def get_markers(self, profile: Any) -> int:
        return len(profile.genotypes or {})
