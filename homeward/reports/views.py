"""Figures pages: the internal dashboard, the public (suppressed) variant, figures as of a date.

Internal users see exact figures over the cases they reach (reports/access.py). Analysts and press
officers see no case, so they see only the public figures: the whole programme, with small
counts hidden.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.gate import gate
from homeward.places.models import Country
from homeward.reports import memo
from homeward.reports.access import (
    PUBLIC,
    Scope,
    exact_figure_cases,
    exact_figure_scope,
    public_figure_cases,
    public_figure_scope,
    sees_exact_figures,
)
from homeward.reports.charts import bar_chart, cumulative_chart, series_chart
from homeward.reports.counted import counted_as_of, counted_figures
from homeward.reports.figures import Figures
from homeward.reports.queries import (
    ChildHistory,
    histories,
    suppression_threshold,
)
from homeward.reports.tables import DisplayTable


def figure_items(request: HttpRequest, public: bool) -> list[ChildHistory]:
    """The case histories a figures page counts: all cases for public figures, else the user's."""
    cases = public_figure_cases(request.user) if public else exact_figure_cases(request.user)
    return histories(cases)


def figure_scope(request: HttpRequest, public: bool) -> Scope:
    """The cases a figures page counts, as conditions on the counts (reports/access.py)."""
    return public_figure_scope(request.user) if public else exact_figure_scope(request.user)


# A national programme brings children home on thousands of dates: the page shows the latest
# ones (the downloads have every date) and draws the running total through at most LINE_POINTS.
DATES_SHOWN = 60
LINE_POINTS = 200


def dashboard_context(figures: Figures, threshold: int | None) -> dict[str, Any]:
    tables = [t.display(threshold) for t in figures.tables]
    series = figures.repatriations
    latest = series[-DATES_SHOWN:]
    step = max(1, -(-len(series) // LINE_POINTS))
    line = series[::-1][::step][::-1]  # every step-th point, the last one included
    return {
        "figures": figures,
        "charts": [(t, bar_chart(t)) for t in tables],
        "repatriations": latest,
        "repatriation_dates": len(series),
        "repatriations_chart": series_chart(latest) if latest else None,
        "cumulative_chart": cumulative_chart(line),
        "flights": figures.flights,
        "threshold": threshold,
        "public": threshold is not None,
    }


@gate(PUBLIC)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Exact figures over the cases the user may see; analysts get the public figures here."""
    if not sees_exact_figures(request.user):
        return public_dashboard(request)
    return render(request, "reports/dashboard.html", _dashboard(figure_scope(request, public=False), None))


@gate(PUBLIC)
def public_dashboard(request: HttpRequest) -> HttpResponse:
    """The programme's figures for the public: every case counted, small counts hidden."""
    return render(request, "reports/dashboard.html", _dashboard(figure_scope(request, public=True),
                                                                suppression_threshold()))


def _dashboard(scope: Scope, threshold: int | None) -> dict[str, Any]:
    """The dashboard's figures and charts over ``scope`` today, computed and rendered once per
    generation of the counts for every user of the same reach (reports/memo.py): the tables and
    charts are most of the page's work, and they hold nothing of the user beyond the reach."""
    day = timezone.localdate()

    def compute() -> dict[str, Any]:
        context = dashboard_context(counted_figures(scope, day, threshold), threshold)
        return context | {"body": render_to_string("reports/_dashboard_body.html", context)}

    remembered = memo.remembered(("dashboard", scope.key, day, threshold), compute)
    return dict(remembered)  # a copy: the remembered one serves every later page


def parse_as_of(params: Any) -> tuple[dt.date, str, str, list[str]]:
    """The date and host country of an as-of request, with its errors (field named)."""
    errors: list[str] = []
    raw = (params.get("date") or "").strip()
    day = timezone.localdate()
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            errors.append(_("Date: “%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": raw[:40]})
    host = (params.get("host_country") or "").strip().upper()
    name = ""
    if host:
        country = Country.objects.filter(code=host).first()
        if country is None:
            errors.append(_("Host country: no country has the code “%(value)s”.") % {"value": host[:10]})
        else:
            name = country.name
    return day, host, name, errors


def as_of_display(request: HttpRequest, public: bool) -> tuple[DisplayTable | None, dict[str, Any]]:
    day, host, name, errors = parse_as_of(request.GET)
    context: dict[str, Any] = {
        "day": day, "host_country": host, "errors": errors, "public": public,
        "countries": Country.objects.filter(is_host=True),
        "threshold": suppression_threshold() if public else None,
    }
    if errors:
        return None, context
    table = counted_as_of(figure_scope(request, public), day, host or None, name)
    display = table.display(context["threshold"])
    context["table"] = display
    context["chart"] = bar_chart(display)
    return display, context


@gate(PUBLIC)
def as_of(request: HttpRequest) -> HttpResponse:
    """Children still in a host country on a date, by age band on that date (exact)."""
    if not sees_exact_figures(request.user):
        return public_as_of(request)
    _display, context = as_of_display(request, public=False)
    return render(request, "reports/as_of.html", context, status=400 if context["errors"] else 200)


@gate(PUBLIC)
def public_as_of(request: HttpRequest) -> HttpResponse:
    """The same table for the public, small counts hidden."""
    _display, context = as_of_display(request, public=True)
    return render(request, "reports/as_of.html", context, status=400 if context["errors"] else 200)
