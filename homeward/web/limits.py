"""Request body limits: an oversized request is refused from its Content-Length, before it is read."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """413 for a body larger than HOMEWARD_MAX_REQUEST_MB (put first: nothing before it reads the body).

    A request without Content-Length has an empty body under WSGI; the proxy in front limits it too
    (see the README's deployment section)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.HOMEWARD_MAX_REQUEST_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("The request's Content-Length is not a number."), status=400,
                                content_type="text/plain; charset=utf-8")
        if length > limit:
            message = _("The upload is %(size)d MB; Homeward accepts at most %(limit)d MB in one request. "
                        "Nothing was read or saved.") % {"size": length // (1024 * 1024),
                                                         "limit": settings.HOMEWARD_MAX_REQUEST_MB}
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)
