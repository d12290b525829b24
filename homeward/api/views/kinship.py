"""DNA samples (request, read), each step of their chain of custody, and profile imports, as the
kinship pages do them. Genotypes are never served here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.pages import paginate
from homeward.api.schema import IDEMPOTENCY, page_of, problems
from homeward.api.serializers.kinship import (
    CollectionSerializer,
    ImportedProfileSerializer,
    ProfileImportSerializer,
    ReceiptSerializer,
    RejectionSerializer,
    SampleDetailSerializer,
    SampleQuery,
    SampleRequestSerializer,
    SampleSerializer,
    SealSerializer,
    TransferSerializer,
)
from homeward.audit.log import record, record_list
from homeward.cases.access import get_case_for_user
from homeward.kinship import access, actions, queries
from homeward.kinship.models import DnaSample

TAG = ["samples"]
REQUEST = "kinship.sample.request"
COLLECT = "kinship.sample.collect"
RECEIVE = "kinship.sample.receive"
REJECT = "kinship.sample.reject"
IMPORT = "kinship.profile.import"


def one_sample(user: Any, sample_id: Any, permission: str = access.VIEW) -> DnaSample:
    return access.get_sample_for_user(user, record_id(sample_id, "sample"), permission)


def detail(sample: DnaSample) -> dict[str, Any]:
    fresh = DnaSample.objects.prefetch_related("custody").get(pk=sample.pk)
    out = dict(SampleSerializer(fresh).data)
    out["custody"] = SampleDetailSerializer(fresh).data["custody"]
    return out


class SampleList(ApiView):
    permissions = {"GET": access.VIEW, "POST": REQUEST}

    @extend_schema(operation_id="sample_list_get", tags=TAG, parameters=[SampleQuery],
                   responses={200: page_of(SampleSerializer), **problems(404, 422)},
                   summary="DNA samples of the cases the token reaches")
    def get(self, request: Request) -> Response:
        query = SampleQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        rows = access.samples_visible_to(request.user)
        if f.get("case"):
            rows = rows.filter(case_id=f["case"])
        if f.get("status"):
            rows = rows.filter(status=f["status"])
        response, page = paginate(request, rows.order_by("-requested_at", "-pk"), SampleSerializer)
        record_list(actor=request.user, action="kinship.sample_api.listed", query={k: str(v) for k, v in f.items()},
                    shown=page, ip=client_ip(request))
        return response

    @extend_schema(operation_id="sample_list_post", tags=TAG, request=SampleRequestSerializer, parameters=[IDEMPOTENCY],
                   responses={201: SampleDetailSerializer, **problems(404, 409, 422)},
                   summary="Ask for a sample of the child or of a relative in the child's family")
    def post(self, request: Request) -> Response:
        def run() -> Response:
            body = SampleRequestSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            try:
                case = get_case_for_user(request.user, d["case"], REQUEST)
            except Http404:
                raise ValidationError({"case": ["No such case within your reach."]}) from None
            donors = {p.pk: p for p, _relation in queries.case_donors(case)}
            if d["donor"] not in donors:
                raise ValidationError({"donor": ["Not the child nor a relative recorded in the child's family."]})
            sample = actions.request_sample(actor=request.user, case=case, donor=donors[d["donor"]],
                                            kind=d.get("kind") or DnaSample.Kind.BUCCAL, lab=d.get("lab"),
                                            note=d.get("note", ""))
            return Response(detail(sample), status=201)

        return self.write(request, run)


class SampleDetail(ApiView):
    permissions = {"GET": access.VIEW}

    @extend_schema(operation_id="sample_detail_get", tags=TAG, responses={200: SampleDetailSerializer, **problems(404)},
                   summary="One sample and its chain of custody")
    def get(self, request: Request, sample_id: str) -> Response:
        sample = one_sample(request.user, sample_id)
        out = detail(sample)
        record(actor=request.user, action="kinship.sample.viewed", obj=sample, case_id=sample.case_id,
               ip=client_ip(request), data={"via": "api"})
        return Response(out)


def step_view(name: str, permission: str, body_class: type[serializers.Serializer[Any]], summary: str,
              call: Callable[[Any, DnaSample, dict[str, Any]], Any]) -> type[ApiView]:
    """A view recording one step of the chain of custody through ``call`` (the action)."""

    class Step(ApiView):
        permissions = {"POST": permission}

        @extend_schema(operation_id=f"sample_{name}_post", tags=TAG, request=body_class, parameters=[IDEMPOTENCY],
                       responses={200: SampleDetailSerializer, **problems(404, 409, 422)}, summary=summary)
        def post(self, request: Request, sample_id: str) -> Response:
            def run() -> Response:
                sample = one_sample(request.user, sample_id, permission)
                body = body_class(data=request.data)
                body.is_valid(raise_exception=True)
                call(request.user, sample, dict(body.validated_data))
                return Response(detail(sample))

            return self.write(request, run)

    Step.__name__ = Step.__qualname__ = f"Sample{name.title()}"
    return Step


def _receive(user: Any, sample: DnaSample, d: dict[str, Any]) -> Any:
    lab = d.get("lab")
    agency = getattr(user, "agency", None)
    if lab is None and agency is not None and agency.kind == "lab":
        lab = agency
    if lab is None:
        raise ValidationError({"lab": ["Name the laboratory that received the sample."]})
    return actions.receive_at_lab(actor=user, sample=sample, lab=lab, seal_number_seen=d["seal_number_seen"],
                                  seal_intact=d["seal_intact"], received_at=d.get("received_at"),
                                  received_by=d.get("received_by", ""), note=d.get("note", ""))


SampleCollection = step_view(
    "collection", COLLECT, CollectionSerializer, "Record that the sample was collected",
    lambda user, sample, d: actions.record_collection(
        actor=user, sample=sample, collected_by=d["collected_by"], collected_at=d.get("collected_at"),
        facility=d.get("facility"), office=d.get("office"), kind=d.get("kind", ""), note=d.get("note", "")))
SampleSeal = step_view(
    "seal", COLLECT, SealSerializer, "Seal the collected sample under a numbered seal",
    lambda user, sample, d: actions.seal(actor=user, sample=sample, seal_number=d["seal_number"],
                                         sealed_at=d.get("sealed_at"), note=d.get("note", "")))
SampleTransfer = step_view(
    "transfer", COLLECT, TransferSerializer, "Record a hand-over of the sealed sample (a broken seal flags it)",
    lambda user, sample, d: actions.transfer(
        actor=user, sample=sample, from_party=d["from_party"], to_party=d["to_party"], place=d.get("place", ""),
        occurred_at=d.get("occurred_at"), seal_intact=d["seal_intact"], note=d.get("note", "")))
SampleReceipt = step_view("receipt", RECEIVE, ReceiptSerializer, "Receive the sample at the laboratory", _receive)
SampleRejection = step_view(
    "rejection", REJECT, RejectionSerializer, "Reject the sample, saying why",
    lambda user, sample, d: actions.reject(actor=user, sample=sample, reason=d["reason"]))


class ProfileImport(ApiView):
    permissions = {"POST": IMPORT}

    @extend_schema(operation_id="profile_import_post", tags=TAG, request=ProfileImportSerializer,
                   parameters=[IDEMPOTENCY], responses={201: ImportedProfileSerializer(many=True), **problems(409, 422)},
                   summary="Import a laboratory's STR results; any bad line refuses the whole file, naming it")
    def post(self, request: Request) -> Response:
        def run() -> Response:
            body = ProfileImportSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            lab = d.get("lab")
            agency = getattr(request.user, "agency", None)
            if lab is None and agency is not None and agency.kind == "lab":
                lab = agency
            try:
                imported = actions.import_profiles(
                    actor=request.user, content=d["content"].encode("utf-8"), filename=d.get("filename", ""), lab=lab,
                    samples=access.samples_visible_to(request.user, IMPORT))
            except Exception as exc:
                # the action names the uploaded file; here it is the body's content
                errors = getattr(exc, "field_errors", None)
                if errors and "file" in errors:
                    errors["content"] = errors.pop("file")
                raise
            return Response(ImportedProfileSerializer(imported, many=True).data, status=201)

        return self.write(request, run)
