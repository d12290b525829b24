"""Document pages: add a document to a case, its record, the file and its preview (all audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from homeward.accounts.gate import gate
from homeward.cases import access as case_access
from homeward.core.editing import Outcome, attempt, client_ip
from homeward.documents import actions
from homeward.documents.access import get_document_for_user
from homeward.documents.forms import DocumentForm


def _file_response(data: bytes, content_type: str, filename: str, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    safe = "".join(c for c in filename if c.isalnum() or c in "._-") or "document"
    response["Content-Disposition"] = f'{disposition}; filename="{safe}"'
    # Served as data, never as a page: no scripts, no sniffing, not kept by shared caches.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@gate("documents.document.add", methods=("GET", "POST"))
def document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_access.get_case_for_user(request.user, case_id, "documents.document.add")
    initial = {k: request.GET[k] for k in ("kind", "attached_to", "attached_ref") if k in request.GET}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        outcome, _doc = attempt(form, lambda: actions.add_document(
            actor=request.user, case=case, upload=upload, original_name=upload.name or "", kind=data["kind"],
            title=data["title"], language=data["language"], issuing_body=data["issuing_body"],
            reference_number=data["reference_number"], issued_on=data["issued_on"],
            attached_to=data["attached_to"], attached_ref=data["attached_ref"]))
        if outcome is Outcome.DONE:
            return redirect(reverse("case-detail", args=[case.pk]) + "#documents")
    status = 422 if request.method == "POST" else 200
    return render(request, "documents/document_add.html", {"form": form, "case": case}, status=status)


@gate("documents.document.view")
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, document_id)
    response = render(request, "documents/document_detail.html", {"document": document, "case": document.case})
    from homeward.audit.log import record

    record(actor=request.user, action="documents.document.viewed", obj=document, case_id=document.case_id,
           ip=client_ip(request))
    return response


@gate("documents.document.view")
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    """The file itself: opened in the browser (``?download=1`` saves it); audited either way."""
    document = get_document_for_user(request.user, document_id)
    download = request.GET.get("download") == "1"
    data = actions.read_document(actor=request.user, document=document,
                                 what="downloaded" if download else "opened", ip=client_ip(request))
    name = document.original_name or f"document-{document.pk}"
    return _file_response(data, document.content_type, name, inline=not download)


@gate("documents.document.view")
def document_preview(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, document_id)
    data = actions.read_preview(actor=request.user, document=document, ip=client_ip(request))
    if data is None:
        return HttpResponse(status=204)
    return _file_response(data, "image/png", f"preview-{document.pk}.png", inline=True)
