"""Site pages that hold no record: the home page and the error pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from homeward.accounts import policy
from homeward.accounts.gate import signed_in


@signed_in()
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is: cases, flights, or the figures."""
    for permission, target in (("cases.case.view", "case-list"), ("movements.flight.view", "movements:flight-list"),
                               ("reports.figures.public", "reports:dashboard")):
        if policy.holds(request.user, permission):
            return redirect(target)
    return render(request, "web/nothing.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico; the icon is a static file."""
    from django.templatetags.static import static

    return redirect(static("homeward/favicon.svg"), permanent=True)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """403: what the user's role may not do, in the site's layout, with a way back."""
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # API clients read problem details, not a page
        from django.http import JsonResponse

        return JsonResponse({"type": "about:blank", "title": "Not found", "status": 404, "detail": "No such URL."},
                            status=404, content_type="application/problem+json")
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors that touch the database: the error may be the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
