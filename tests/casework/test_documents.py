"""Documents on a case: checked by content, size-limited, sealed at rest, served through the gate."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.casework.conftest import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


def upload(client: Any, case: Any, data: bytes, name: str = "decision.pdf", **fields: str) -> Any:
    form = {"kind": "court_decision", "title": "Decision of the Baghdad court", "language": "ar",
            "issuing_body": "Central Criminal Court of Iraq", "reference_number": "IQ-CC-2019-881",
            "issued_on": "2019-03-04", "attached_to": "check", "attached_ref": "host_court_decision"} | fields
    return client.post(reverse("documents:document-add", args=[case.pk]),
                       form | {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_the_host_court_check_needs_the_court_decision_which_opens_only_for_those_who_see_the_case(
        make_case: Maker, make_user: Maker, consular_user: Any, national_user: Any, logged_in: Maker) -> None:
    from homeward.audit.models import AuditEntry
    from homeward.cases.models import CaseCheck
    from homeward.documents.models import Document
    from homeward.documents.store import storage

    case = make_case()
    omar = logged_in(consular_user)
    tick = reverse("case-check", args=[case.pk, "host_court_decision"])
    refused = omar.post(tick, {"reference": "IQ-CC-2019-881"}, follow=True)
    assert "needs a document of kind" in refused.content.decode()
    assert not CaseCheck.objects.filter(case=case, requirement__code="host_court_decision", done=True).exists()

    plaintext = pdf_bytes()
    assert upload(omar, case, plaintext).status_code == 302
    document = Document.objects.get(case=case)
    assert (document.kind, document.content_type, document.size) == ("court_decision", "application/pdf",
                                                                     len(plaintext))
    assert document.sha256 == hashlib.sha256(plaintext).hexdigest()
    assert document.preview_as, "a PDF gets a first-page preview"

    omar.post(tick, {"reference": "IQ-CC-2019-881"})
    assert CaseCheck.objects.get(case=case, requirement__code="host_court_decision").done

    # At rest: sealed bytes, neither the PDF nor its text readable in the storage.
    with storage().open(document.stored_as, "rb") as handle:
        stored = handle.read()
    assert b"%PDF" not in stored and b"Baghdad" not in stored and stored.startswith(b"hw1.")
    with storage().open(document.preview_as, "rb") as handle:
        assert handle.read().startswith(b"hw1."), "the preview is sealed too"

    file_url = reverse("documents:document-file", args=[document.pk])
    for user in (consular_user, national_user):
        got = logged_in(user).get(file_url)
        assert got.status_code == 200 and got.content == plaintext
        assert got["Content-Type"] == "application/pdf" and "sandbox" in got["Content-Security-Policy"]
    outsider = logged_in(make_user("patimat", "dagestan", "caseworker"))
    for url in (file_url, reverse("documents:document-detail", args=[document.pk]),
                reverse("documents:document-preview", args=[document.pk])):
        assert outsider.get(url).status_code == 404
    assert omar.get(reverse("documents:document-detail", args=[document.pk])).status_code == 200
    preview = omar.get(reverse("documents:document-preview", args=[document.pk]))
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    assert omar.get(file_url + "?download=1")["Content-Disposition"].startswith("attachment")

    reads = list(AuditEntry.objects.filter(object_type="documents.document", object_id=str(document.pk))
                 .values_list("action", "actor_name"))
    assert reads.count(("documents.document.opened", "omar")) == 1
    assert ("documents.document.opened", "natalia") in reads
    assert ("documents.document.viewed", "omar") in reads and ("documents.document.previewed", "omar") in reads
    assert ("documents.document.downloaded", "omar") in reads and ("documents.document.added", "omar") in reads
    assert not [r for r in reads if r[1] == "patimat"]


def test_a_file_is_judged_by_its_content_not_its_name(make_case: Maker, consular_user: Any,
                                                      logged_in: Maker) -> None:
    from homeward.documents.models import Document

    case = make_case()
    client = logged_in(consular_user)
    page = upload(client, case, b"<html><script>alert(1)</script></html>", name="decision.pdf")
    assert page.status_code == 422 and "judged by its content" in page.content.decode()
    assert not Document.objects.exists()
    photo = upload(client, case, png_bytes(), name="photo.pdf", kind="identity_photo", attached_to="case",
                   attached_ref="")
    assert photo.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png" and document.preview_as


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(make_case: Maker, consular_user: Any,
                                                                   logged_in: Maker, settings: Any) -> None:
    from homeward.documents.models import Document

    settings.HOMEWARD = {**settings.HOMEWARD, "DOCUMENT_MAX_BYTES": 1000}
    page = upload(logged_in(consular_user), make_case(), pdf_bytes() + b"\0" * 2000)
    assert page.status_code == 422 and "larger than" in page.content.decode()
    assert not Document.objects.exists()


def test_a_document_cannot_be_attached_to_another_case_s_check_or_person(make_case: Maker, consular_user: Any,
                                                                         logged_in: Maker) -> None:
    from homeward.documents.models import Document

    case, other = make_case(), make_case(names=[("Алиев Ахмед", "Cyrl")])
    page = upload(logged_in(consular_user), case, pdf_bytes(), attached_to="person", attached_ref=str(other.child_id))
    assert page.status_code == 422 and "not part of this case" in page.content.decode()
    assert not Document.objects.exists()


def test_a_sealed_file_copied_onto_another_document_does_not_open(make_case: Maker, consular_user: Any) -> None:
    from homeward.core.crypto import DecryptionError
    from homeward.documents import store
    from homeward.documents.actions import add_document

    case = make_case()
    first = add_document(actor=consular_user, case=case, upload=pdf_bytes("one"), kind="court_decision")
    second = add_document(actor=consular_user, case=case, upload=pdf_bytes("two"), kind="other")
    with pytest.raises(DecryptionError):
        store.get_opened(first.stored_as, second.aad)
