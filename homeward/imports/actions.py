"""Every change the intake makes: uploading a file, saving a column mapping, committing rows.

A commit is one transaction: the rows are read and judged again inside it, each chosen row goes
through the same actions as the forms (people, cases, requests), and one audit entry carries the
file's SHA-256 and what each row became. If any chosen row fails, nothing of the file is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts import policy
from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.core import crypto
from homeward.errors import ActionError
from homeward.imports import columns, preview
from homeward.imports.models import ColumnMapping, ImportBatch, SourceKey
from homeward.imports.readers import Table, read_table
from homeward.people import actions as people_actions
from homeward.people.models import Person, SiblingGroup
from homeward.places.models import Facility, Region

USE = "imports.file.use"
WRITES = {"create", "update", "duplicate"}


PLAIN = b"plain:"


def _aad(sha: str) -> str:
    return f"imports.batch:{sha}"


def _keep(data: bytes, sha: str) -> bytes:
    """The file as stored until its commit: sealed with the keyring when one is configured."""
    try:
        crypto.keyring()
    except crypto.KeysMissing:
        return PLAIN + data
    return crypto.seal_bytes(data, _aad(sha))


def table_of(batch: ImportBatch) -> Table:
    """The batch's file, read again."""
    blob = bytes(batch.content)
    if not blob:
        raise ActionError(_("This file was committed and is no longer kept: upload it again."))
    data = blob[len(PLAIN):] if blob.startswith(PLAIN) else crypto.open_bytes(blob, _aad(batch.sha256))
    return read_table(batch.filename, data)


@transaction.atomic
def upload(*, actor: Any, kind: str, filename: str, data: bytes) -> ImportBatch:
    """Keep an uploaded file (sealed) and guess its column mapping; the preview runs as a job."""
    policy.require(actor, USE)
    if kind not in columns.COLUMNS:
        raise ActionError(_("Unknown kind of file."), field_errors={"kind": [_("Unknown kind.")]})
    table = read_table(filename, data)
    sha = hashlib.sha256(data).hexdigest()
    saved = ColumnMapping.objects.filter(kind=kind, shape=columns.shape_of(table.header)).first()
    mapping = dict(saved.mapping) if saved else columns.guess_mapping(kind, table.header)
    batch = ImportBatch.objects.create(
        kind=kind, filename=filename[:255], sha256=sha, content=_keep(data, sha),
        mapping=mapping, total=len(table.rows), created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, action="imports.file.uploaded", obj=batch,
           data={"kind": kind, "sha256": sha, "rows": len(table.rows), "filename": batch.filename})
    return batch


@transaction.atomic
def set_mapping(*, actor: Any, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Map the file's columns to fields (or ignore them) and remember it for files of this shape."""
    policy.require(actor, USE)
    table = table_of(batch)
    allowed = set(columns.COLUMNS[batch.kind]) | {columns.IGNORE}
    clean = {h: f for h, f in mapping.items() if h in table.header and f in allowed}
    targets = [f for f in clean.values() if f != columns.IGNORE]
    if len(targets) != len(set(targets)):
        raise ActionError(_("Two columns are mapped to the same field."), field_errors={"mapping": [
            _("Map each field from one column only.")]})
    ColumnMapping.objects.update_or_create(kind=batch.kind, shape=columns.shape_of(table.header),
                                           defaults={"mapping": clean, "headers": table.header})
    ImportBatch.objects.filter(pk=batch.pk).update(mapping=clean, status=ImportBatch.Status.UPLOADED, verdicts=[],
                                                   done=0)
    batch.refresh_from_db()
    record(actor=actor, action="imports.mapping.saved", obj=batch, data={"mapping": clean})
    return batch


def schedule_preview(batch: ImportBatch) -> None:
    """Judge the rows in the background (the page polls the batch's progress)."""
    from homeward.imports.tasks import run_preview

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEWING, done=0)
    batch_id = batch.pk
    transaction.on_commit(lambda: run_preview.enqueue(batch_id))


def run_preview(batch_id: int, actor: Any = None) -> ImportBatch:
    """Judge every row of the batch and store the verdicts (nothing else is written)."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    user = actor or batch.created_by
    grant = policy.grant(user, "cases.case.open") if batch.kind == "cases" else None
    ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.PREVIEWING, done=0)

    def progress(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(done=done, total=total)

    try:
        verdicts = preview.build(batch.kind, table_of(batch), batch.mapping, grant=grant, progress=progress,
                                 visible=_visible(user))
    except ActionError as exc:
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED, message=exc.message)
        raise
    ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.READY, verdicts=verdicts,
                                                   done=len(verdicts), total=len(verdicts))
    batch.refresh_from_db()
    return batch


def _visible(user: Any) -> set[int] | None:
    if user is None:
        return None
    from homeward.people.access import people_visible_to

    return set(people_visible_to(user).values_list("pk", flat=True))


@dataclass
class CommitResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    request_ids: list[int] = field(default_factory=list)


@transaction.atomic
def commit(*, actor: Any, batch: ImportBatch, rows: Collection[int] | None = None,
           include_duplicates: bool = False, today: dt.date | None = None) -> CommitResult:
    """Write the chosen rows of ``batch`` (all rows that are not refused when ``rows`` is None;
    probable duplicates only if chosen or ``include_duplicates``). One transaction for the file."""
    policy.require(actor, USE)
    ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
    grant = policy.grant(actor, "cases.case.open") if batch.kind == "cases" else None
    verdicts = preview.build(batch.kind, table_of(batch), batch.mapping, grant=grant, today=today)
    writer = _Writer(actor, batch)
    result = CommitResult()
    from homeward.tracing.tasks import matching_deferred

    with matching_deferred():
        for verdict in verdicts:
            number = verdict["row"]
            chosen = number in rows if rows is not None else (
                verdict["verdict"] != "duplicate" or include_duplicates)
            if verdict["verdict"] == "refused":
                result.refused.append(number)
                continue
            if not chosen or verdict["verdict"] == "unchanged":
                result.skipped.append(number)
                continue
            try:
                writer.write(verdict, result)
            except ActionError as exc:
                raise ActionError(_("Row %(n)s: %(why)s") % {"n": number, "why": exc.message},
                                  field_errors={f"row {number}": [exc.message]}) from exc
        writer.group_siblings()
    # The file itself is not kept past its commit: its hash and the rows' verdicts are.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.COMMITTED, committed_at=timezone.now(),
                                                   verdicts=verdicts, content=b"")
    record(actor=actor, action="imports.file.committed", obj=batch, data={
        "kind": batch.kind, "sha256": batch.sha256, "filename": batch.filename, "created": result.created,
        "updated": result.updated, "skipped": result.skipped, "refused": result.refused,
        "cases": result.case_ids, "requests": result.request_ids})
    _schedule_matching(actor, result)
    return result


def _schedule_matching(actor: Any, result: CommitResult) -> None:
    from homeward.tracing.models import MatchJob
    from homeward.tracing.tasks import schedule_match

    if result.case_ids:
        schedule_match(kind=MatchJob.Kind.INCREMENTAL, side=MatchJob.Side.CHILDREN, ids=result.case_ids, actor=actor)


class _Writer:
    """Writes verdicts through the domain actions; remembers mothers met in this file."""

    def __init__(self, actor: Any, batch: ImportBatch) -> None:
        self.actor, self.batch = actor, batch
        self.regions = {r.pk: r for r in Region.objects.all()}
        self.facilities = {f.pk: f for f in Facility.objects.all()}
        self.children_of: dict[int, list[Person]] = defaultdict(list)
        self.source = _("import of %(file)s") % {"file": batch.filename}

    def write(self, verdict: dict[str, Any], result: CommitResult) -> None:
        if verdict["verdict"] == "update":
            self._update(verdict)
            result.updated.append(verdict["row"])
            return
        if self.batch.kind == "cases":
            case_id = self._child(verdict)
            result.case_ids.append(case_id)
        elif self.batch.kind == "people":
            self._person(verdict)
        else:
            result.request_ids.append(self._request(verdict))
        result.created.append(verdict["row"])

    def _birth(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"birth_date": preview.iso_date(v.get("birth_date")), "birth_precision": v.get("birth_precision", "unknown"),
                "birth_date_min": preview.iso_date(v.get("birth_date_min")),
                "birth_date_max": preview.iso_date(v.get("birth_date_max"))}

    def _key(self, kind: str, key: str, **records: Any) -> None:
        SourceKey.objects.create(kind=kind, key=key, batch=self.batch, **records)

    def _child(self, verdict: dict[str, Any]) -> int:
        from homeward.cases import actions as case_actions

        v = verdict["values"]
        region = self.regions.get(v.get("home_region") or 0)
        child = people_actions.create_person(
            actor=self.actor, kind=Person.Kind.CHILD,
            names=[people_actions.NameInput(v["name"], source=self.source)], sex=v.get("sex", ""),
            home_region=region, **self._birth(v))
        case = case_actions.open_case(actor=self.actor, child=child, host_country_id=v["host_country"],
                                      owner=_national_office(), facility_id=v.get("facility"),
                                      home_region_id=region.pk if region else None, summary=v.get("summary", ""))
        self._key("cases", verdict["key"], person=child, case=case)
        for relation, kind, sex in (("mother", Person.Kind.MOTHER, "F"), ("father", Person.Kind.FATHER, "M")):
            name = v.get(f"{relation}_name")
            if name:
                parent = self._parent(name, kind, sex, v)
                people_actions.link_family(actor=self.actor, person=child, relative=parent, relation=relation,
                                           evidence=self.source)
                if relation == "mother":
                    self.children_of[parent.pk].append(child)
        return case.pk

    def _parent(self, name: str, kind: str, sex: str, v: dict[str, Any]) -> Person:
        """One record per mother (or father) across the file and earlier imports."""
        from homeward.imports.rows import stable_key

        # A list's compiler writes one mother's name the same way for each of her children, who may
        # be held apart from her (she in prison, they in a children's home): the key is the name
        # in the host country, and a wrong join is for the duplicate review to undo.
        key = "parent:" + stable_key(kind, name, v.get("host_country"))
        found = SourceKey.objects.filter(kind="people", key=key).select_related("person").first()
        if found is not None and found.person is not None:
            return found.person
        parent = people_actions.create_person(
            actor=self.actor, kind=kind, names=[people_actions.NameInput(name, source=self.source)], sex=sex,
            detention_facility=self._prison(v.get("facility")) if kind == Person.Kind.MOTHER else None)
        self._key("people", key, person=parent)
        return parent

    def _prison(self, facility_id: int | None) -> Facility | None:
        facility = self.facilities.get(facility_id or 0)
        return facility if facility is not None and facility.kind == Facility.Kind.PRISON else None

    def group_siblings(self) -> None:
        """Children of one mother travel together: they join (or form) one sibling group."""
        from homeward.people.models import FamilyLink

        for mother_id in self.children_of:
            everyone = list(Person.objects.filter(
                kind=Person.Kind.CHILD, relatives__relative_id=mother_id,
                relatives__relation=FamilyLink.Relation.MOTHER).distinct().order_by("pk"))
            if len(everyone) < 2:
                continue
            group_id = next((p.sibling_group_id for p in everyone if p.sibling_group_id), None)
            if group_id is None:
                people_actions.create_sibling_group(actor=self.actor, members=everyone)
                continue
            group = SiblingGroup.objects.get(pk=group_id)
            for child in everyone:
                if child.sibling_group_id is None:
                    people_actions.join_sibling_group(actor=self.actor, person=child, group=group)

    def _person(self, verdict: dict[str, Any]) -> None:
        v = verdict["values"]
        person = people_actions.create_person(
            actor=self.actor, kind=v["kind"], names=[people_actions.NameInput(v["name"], source=self.source)],
            sex=v.get("sex", ""), home_region=self.regions.get(v.get("home_region") or 0),
            detention_facility=self.facilities.get(v.get("facility") or 0), **self._birth(v))
        self._key("people", verdict["key"], person=person)
        if v.get("child_external_id"):
            child_key = SourceKey.objects.filter(kind="cases", key=f"id:{v['child_external_id']}").first()
            if child_key is None or child_key.person is None:
                raise ActionError(_("no imported child has the id %(id)s") % {"id": v["child_external_id"]})
            people_actions.link_family(actor=self.actor, person=child_key.person, relative=person,
                                       relation=v["relation"], evidence=self.source)

    def _request(self, verdict: dict[str, Any]) -> int:
        from homeward.tracing import actions as tracing_actions
        from homeward.tracing.birth import Birth

        v = verdict["values"]
        precision, born, lo, hi = v["child_birth"]
        names = [tracing_actions.SoughtNameInput(v["child_name"])]
        child = tracing_actions.SoughtChildInput(
            names=names, sex=v.get("child_sex", ""),
            birth=Birth(precision=precision, date=preview.iso_date(born), year_min=lo, year_max=hi),
            **_parents(v))
        request = tracing_actions.create_request(
            actor=self.actor, requester_name=v["requester_name"], relation=v["relation"],
            region=self.regions[v["region"]], received_on=preview.iso_date(v["received_on"]) or timezone.localdate(),
            children=[child], phone=v.get("phone", ""), notes=self.source)
        self._key("requests", verdict["key"], request=request)
        return request.pk

    def _update(self, verdict: dict[str, Any]) -> None:
        from homeward.cases import actions as case_actions

        key = SourceKey.objects.select_related("person", "case").get(kind=self.batch.kind, key=verdict["key"])
        v, changes = verdict["values"], set(verdict["changes"])
        person = key.person
        if person is None:
            return
        fields: dict[str, Any] = {}
        birth = self._birth(v)
        for name in preview.CHILD_PERSON_FIELDS:
            if name in changes:
                fields[name] = self.regions.get(v[name] or 0) if name == "home_region" else birth.get(name, v[name])
        if fields:
            person = people_actions.update_person(actor=self.actor, person_id=person.pk,
                                                  expected_version=person.version, changes=fields)
        if "name" in changes:
            people_actions.add_name(actor=self.actor, person=person,
                                    name=people_actions.NameInput(v["name"], source=self.source))
        case_changes: dict[str, Any] = {}
        for name in preview.CASE_FIELDS:
            if f"case.{name}" in changes:
                value = v[name]
                if name == "host_country":
                    case_changes[name] = _country(value)
                elif name == "facility":
                    case_changes[name] = self.facilities.get(value or 0)
                else:
                    case_changes[name] = self.regions.get(value or 0)
        if case_changes and key.case is not None:
            case = key.case
            case.refresh_from_db()
            case_actions.update_case(actor=self.actor, case_id=case.pk, expected_version=case.version,
                                     changes=case_changes)


def _parents(v: dict[str, Any]) -> dict[str, Any]:
    return {f"{role}_names": [v[f"{role}_name"]] for role in ("mother", "father") if v.get(f"{role}_name")}


def _country(code: str | None) -> Any:
    from homeward.places.models import Country

    return Country.objects.filter(pk=code).first() if code else None


def _national_office() -> Agency:
    national = Agency.objects.filter(kind=Agency.Kind.NATIONAL).order_by("pk").first()
    if national is None:
        raise ActionError(_("No national office is configured."))
    return national
