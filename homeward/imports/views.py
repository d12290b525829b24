"""The import pages: upload, map the columns, watch the preview, commit the chosen rows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from homeward.accounts.gate import gate
from homeward.core.editing import client_ip, run
from homeward.core.http import is_htmx
from homeward.imports import actions, columns
from homeward.imports.access import batches_visible_to, get_batch_for_user
from homeward.imports.forms import MappingForm, UploadForm
from homeward.imports.models import ImportBatch, Kind
from homeward.imports.preview import summary
from homeward.imports.readers import MAX_BYTES

USE = "imports.file.use"


@gate(USE, methods=("GET", "POST"))
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet; the user's earlier imports."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            data = upload.read()
            result = run(lambda: actions.upload(actor=request.user, kind=form.cleaned_data["kind"],
                                                filename=upload.name, data=data))
            if result.done and result.value is not None:
                batch = result.value
                if not columns.missing_required(batch.kind, batch.mapping) and not _unmapped(batch):
                    actions.schedule_preview(batch)
                return redirect("imports:detail", batch_id=batch.pk)
            assert result.error is not None
            form.add_error("file", result.error.message)
    batches = batches_visible_to(request.user)[:20]
    return render(request, "imports/import_list.html", {"form": form, "batches": batches, "kinds": Kind.choices},
                  status=422 if request.method == "POST" else 200)


def _unmapped(batch: ImportBatch) -> list[str]:
    return columns.unmapped(batch.kind, actions.table_of(batch).header, batch.mapping)


def _context(request: HttpRequest, batch: ImportBatch) -> dict[str, Any]:
    context: dict[str, Any] = {"batch": batch, "percent": int(100 * batch.done / batch.total) if batch.total else 0}
    if batch.status == ImportBatch.Status.READY:
        context["counts"] = summary(batch.verdicts)
        context["verdicts"] = batch.verdicts
    if batch.status == ImportBatch.Status.COMMITTED:
        context["counts"] = summary(batch.verdicts)
    return context


@gate(USE, methods=("GET", "POST"))
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The file's column mapping (if it needs one), its preview's progress, then its verdicts."""
    batch = get_batch_for_user(request.user, batch_id)
    context = _context(request, batch)
    if batch.status in (ImportBatch.Status.UPLOADED, ImportBatch.Status.FAILED):
        table = actions.table_of(batch)
        form = MappingForm(request.POST or None, kind=batch.kind, headers=table.header, mapping=batch.mapping)
        if request.method == "POST" and form.is_valid():
            mapping = form.mapping()
            missing = columns.missing_required(batch.kind, mapping)
            if missing:
                form.add_error(None, _("Map a column to: %(fields)s.") % {"fields": ", ".join(missing)})
            else:
                result = run(lambda: actions.set_mapping(actor=request.user, batch=batch, mapping=mapping))
                if result.done and result.value is not None:
                    actions.schedule_preview(result.value)
                    return redirect("imports:detail", batch_id=batch.pk)
                assert result.error is not None
                form.add_error(None, result.error.message)
        context |= {"mapping_form": form, "missing": columns.missing_required(batch.kind, batch.mapping)}
    response = render(request, "imports/import_detail.html", context,
                      status=422 if request.method == "POST" else 200)
    if context.get("verdicts"):
        from homeward.audit.log import record

        record(actor=request.user, action="imports.preview.viewed", obj=batch,
               data={"rows": len(context["verdicts"])}, ip=client_ip(request))
    return response


@gate(USE)
def import_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The preview's progress bar (htmx polls it; when the preview is ready the page reloads)."""
    batch = get_batch_for_user(request.user, batch_id)
    if batch.status != ImportBatch.Status.PREVIEWING and is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/import_detail.html#progress", _context(request, batch))


@gate(USE, methods=("POST",))
def import_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Write the chosen rows in one transaction (nothing if any of them fails)."""
    batch = get_batch_for_user(request.user, batch_id)
    rows = {int(n) for n in request.POST.getlist("row") if n.isdigit()}
    result = run(lambda: actions.commit(actor=request.user, batch=batch, rows=rows))
    if result.done and result.value is not None:
        done = result.value
        messages.success(request, _("Imported: %(created)s created, %(updated)s updated, %(skipped)s left out, "
                                    "%(refused)s refused.") % {
            "created": len(done.created), "updated": len(done.updated), "skipped": len(done.skipped),
            "refused": len(done.refused)})
    elif result.error is not None:
        messages.error(request, result.error.message)
    return redirect("imports:detail", batch_id=batch.pk)


@gate(USE)
def import_template(request: HttpRequest, sheet_kind: str) -> HttpResponse:
    """A template spreadsheet for ``sheet_kind``: its columns and an example row."""
    from homeward.imports.templates_xlsx import template

    kind = sheet_kind
    if kind not in columns.COLUMNS:
        raise Http404("No such template")
    response = HttpResponse(template(kind),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="homeward-{kind}.xlsx"'
    return response
