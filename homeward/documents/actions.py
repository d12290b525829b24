"""Adding documents to a case, and reading them back (every read is audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from homeward.audit.log import record
from homeward.cases.access import require_case
from homeward.cases.models import Case
from homeward.cases.workflow import checklists
from homeward.documents import store
from homeward.documents.models import Attached, Document, Kind
from homeward.documents.previews import preview_png
from homeward.documents.sniff import ACCEPTED, sniff
from homeward.errors import ActionError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "HOMEWARD", {}).get("DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _read_limited(upload: IO[bytes] | bytes, limit: int) -> bytes:
    if isinstance(upload, bytes):
        data = upload
    else:
        chunks: list[bytes] = []
        total = 0
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            total += len(chunk)
            if total > limit:
                break
            chunks.append(chunk)
        data = b"".join(chunks) if total <= limit else b"x" * (limit + 1)
    if len(data) > limit:
        message = _("The file is larger than %(max)s.") % {"max": filesizeformat(limit)}
        raise ActionError(message, field_errors={"file": [message]})
    if not data:
        raise ActionError(_("The file is empty."), field_errors={"file": [_("Empty file.")]})
    return data


def _check_attachment(case: Case, attached_to: str, ref: str) -> str:
    """The reference of what the document is attached to, if it belongs to this case."""
    ref = (ref or "").strip()
    if attached_to not in Attached.values:
        raise ActionError(_("Unknown attachment."), field_errors={"attached_to": [_("Unknown choice.")]})
    if attached_to == Attached.CASE:
        return ""
    ok = False
    if attached_to == Attached.PERSON and ref.isdigit():
        from homeward.people.models import FamilyLink

        ok = int(ref) == case.child_id or FamilyLink.objects.filter(person_id=case.child_id, relative_id=int(ref)).exists()
    elif attached_to == Attached.CHECK:
        ok = any(item.requirement.code == ref for _stage, items in checklists(case, list(_stages())) for item in items)
    elif attached_to == Attached.SAMPLE and ref.isdigit():
        from homeward.kinship.models import DnaSample

        ok = DnaSample.objects.filter(pk=int(ref), case_id=case.pk).exists()
    elif attached_to == Attached.HANDOVER and ref.isdigit():
        from homeward.aftercare.models import Handover

        ok = Handover.objects.filter(pk=int(ref), case_id=case.pk).exists()
    if not ok:
        message = _("What the document is attached to is not part of this case.")
        raise ActionError(message, field_errors={"attached_ref": [message]})
    return ref


def _stages() -> Any:
    from homeward.cases.workflow import stages

    return stages()


@transaction.atomic
def add_document(
    *, actor: Any, case: Case, upload: IO[bytes] | bytes, kind: str, original_name: str = "", title: str = "",
    language: str = "", issuing_body: str = "", reference_number: str = "", issued_on: dt.date | None = None,
    attached_to: str = Attached.CASE, attached_ref: str = "",
) -> Document:
    """Check the file by its content and size, seal it, store it, and record it on the case."""
    require_case(actor, "documents.document.add", case)
    if kind not in Kind.values:
        raise ActionError(_("Choose what kind of document this is."), field_errors={"kind": [_("Unknown kind.")]})
    ref = _check_attachment(case, attached_to, attached_ref)
    data = _read_limited(upload, max_bytes())
    found = sniff(data[:16])
    if found is None or found[0] not in ACCEPTED:
        message = _("The file is not a PDF, JPEG, PNG, TIFF or WebP (judged by its content, not its name).")
        raise ActionError(message, field_errors={"file": [message]})
    content_type, ext = found
    user = actor if getattr(actor, "is_authenticated", False) else None
    doc = Document(case=case, kind=kind, title=title.strip(), language=language.strip(),
                   issuing_body=issuing_body.strip(), reference_number=reference_number.strip(), issued_on=issued_on,
                   original_name=(original_name or "")[-200:], content_type=content_type, size=len(data),
                   sha256=hashlib.sha256(data).hexdigest(), attached_to=attached_to, attached_ref=ref,
                   uploaded_by=user, agency_id=getattr(user, "agency_id", None))
    folder = f"documents/{doc.uid.hex[:2]}/{doc.uid.hex}"
    doc.stored_as = store.put_sealed(f"{folder}.{ext}.sealed", data, doc.aad)
    written = [doc.stored_as]
    try:
        preview = preview_png(data, content_type)
        if preview is not None:
            doc.preview_as = store.put_sealed(f"{folder}.preview.png.sealed", preview, doc.preview_aad)
            written.append(doc.preview_as)
        doc.save()
        record(actor=actor, action="documents.document.added", obj=doc, case_id=case.pk,
               data={"kind": kind, "title": doc.title, "reference": doc.reference_number, "sha256": doc.sha256,
                     "size": doc.size, "attached_to": attached_to, "ref": ref})
    except Exception:
        for name in written:
            store.remove(name)
        raise
    # Should an outer transaction roll back after this, the sealed files stay behind unreferenced:
    # still sealed, and found by comparing the storage with the table.
    return doc


def read_document(*, actor: Any, document: Document, what: str = "viewed", ip: str | None = None) -> bytes:
    """The file's plaintext, audited as ``documents.document.<what>`` (viewed, downloaded, previewed)."""
    data = store.get_opened(document.stored_as, document.aad)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise ActionError(_("The stored file does not match its recorded SHA-256."))
    record(actor=actor, action=f"documents.document.{what}", obj=document, case_id=document.case_id, ip=ip)
    return data


def read_preview(*, actor: Any, document: Document, ip: str | None = None) -> bytes | None:
    if not document.preview_as:
        return None
    data = store.get_opened(document.preview_as, document.preview_aad)
    record(actor=actor, action="documents.document.previewed", obj=document, case_id=document.case_id, ip=ip)
    return data
