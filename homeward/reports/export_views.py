"""Downloads: the case list (with the case list's filters) and every figures table, in CSV or Excel.

Cases come only through reports/access.py; figures tables are exact for users who see cases and
suppressed for everyone else. Every download is written to the audit log with what it held.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.gate import gate
from homeward.audit.log import record
from homeward.cases.models import Stage
from homeward.cases.queries import AGE_BANDS
from homeward.places.models import Country, Facility, Region
from homeward.reports.access import EXPORT_CASES, PUBLIC, exportable_cases, sees_exact_figures
from homeward.reports.exports import csv_bytes, xlsx_bytes
from homeward.reports.figures import build_figures, repatriations_table
from homeward.reports.queries import (
    CASE_FILTERS,
    filter_cases,
    suppression_threshold,
)
from homeward.reports.views import as_of_display, figure_items

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FIGURE_KEYS = ("stage", "host_country", "facility_kind", "region", "age_band", "sex", "repatriations", "flights",
               "as_of")


def _file(request: HttpRequest, *, what: str, fmt: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
          data: dict[str, Any]) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format")
    if fmt == "csv":
        body, count = csv_bytes(header, rows)
    else:
        body, count = xlsx_bytes(header, rows, title=what)
    record(actor=request.user, action="reports.export.created", ip=request.META.get("REMOTE_ADDR"),
           data={"what": what, "format": fmt, "rows": count, **data})
    response = HttpResponse(body, content_type=FORMATS[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="homeward-{what}-{stamp}.{fmt}"'
    return response


def case_rows(cases: Any, today: Any) -> tuple[list[str], list[list[Any]]]:
    """The case list as rows: reference, names in every script, sex, birth, age, stage, places."""
    header = [_("Reference"), _("Names"), _("Sex"), _("Born"), _("Birth date precision"), _("Age today"),
              _("Stage"), _("Host country"), _("Facility"), _("Home region"), _("Identified on")]
    rows: list[list[Any]] = []
    qs = cases.select_related("child", "stage", "host_country", "facility", "home_region").prefetch_related(
        "child__names").order_by("reference")
    for case in qs:
        child = case.child
        names = " / ".join(n.text for n in child.names.all())
        rows.append([
            case.reference, names, child.get_sex_display(), child.birth_label, child.get_birth_precision_display(),
            child.age_on(today), str(case.stage), str(case.host_country), str(case.facility or ""),
            str(case.home_region or ""), case.identified_on.isoformat() if case.identified_on else "",
        ])
    return header, rows


@gate(EXPORT_CASES)
def export_cases(request: HttpRequest, fmt: str) -> HttpResponse:
    """The cases the user may see, filtered as on the case list page (q, stage, host_country, ...)."""
    today = timezone.localdate()
    cases = filter_cases(exportable_cases(request.user), request.GET, today)
    header, rows = case_rows(cases, today)
    filters = {k: request.GET.get(k, "") for k in ("q", *CASE_FILTERS) if request.GET.get(k)}
    ids = sorted(cases.values_list("pk", flat=True))
    return _file(request, what="cases", fmt=fmt, header=header, rows=rows, data={"filters": filters, "cases": ids})


def _figure_rows(request: HttpRequest, key: str, public: bool) -> tuple[list[str], list[list[Any]]]:
    threshold = suppression_threshold() if public else None
    if key == "as_of":
        display, context = as_of_display(request, public)
        if display is None:
            raise Http404("; ".join(context["errors"]))
        return display.header(), display.records()
    figures = build_figures(figure_items(request, public), timezone.localdate(), threshold, flights_shown=None)
    if key == "repatriations":
        return repatriations_table(figures.repatriations)
    if key == "flights":
        return [_("Date"), _("Host country"), _("Summary")], [
            [f.batch.arrived_on.isoformat(), f.batch.host_country, f.text] for f in figures.flights]
    for table in figures.tables:
        if table.key == key:
            shown = table.display(threshold)
            return shown.header(), shown.records()
    raise Http404("No such table")


@gate(PUBLIC)
def export_table(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One figures table, exact; users without case access get the public table instead."""
    if not sees_exact_figures(request.user):
        return public_export_table(request, key, fmt)
    header, rows = _figure_rows(request, key, public=False)
    return _file(request, what=f"figures-{key}", fmt=fmt, header=header, rows=rows,
                 data={"public": False, "params": request.GET.dict()})


@gate(PUBLIC)
def public_export_table(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One figures table as the public sees it (small counts hidden)."""
    header, rows = _figure_rows(request, key, public=True)
    return _file(request, what=f"public-figures-{key}", fmt=fmt, header=header, rows=rows,
                 data={"public": True, "params": request.GET.dict()})


@gate(PUBLIC)
def export_page(request: HttpRequest) -> HttpResponse:
    """Choose what to download: the case list with its filters, or a figures table."""
    exact = sees_exact_figures(request.user)
    filters = {k: request.GET.get(k, "") for k in CASE_FILTERS}
    context = {
        "exact": exact, "q": request.GET.get("q", ""), "filters": filters,
        "stages": Stage.objects.all(), "countries": Country.objects.filter(is_host=True),
        "facilities": Facility.objects.all(), "regions": Region.objects.all(), "age_bands": list(AGE_BANDS),
        "figure_keys": [
            ("stage", _("Children by stage")), ("host_country", _("Children by host country")),
            ("facility_kind", _("Children by kind of facility")), ("region", _("Children by home region")),
            ("age_band", _("Children by age band")), ("sex", _("Children by sex")),
            ("repatriations", _("Repatriations by date")), ("flights", _("Flights")),
        ],
        "table_url": "reports:export-table" if exact else "reports:public-export-table",
        "visible": exportable_cases(request.user).count() if exact else 0,
    }
    return render(request, "reports/export.html", context)
