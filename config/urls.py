"""URL map of the whole site."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from homeward.accounts.gate import open_route

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", open_route(set_language), name="set_language"),
    path("api/", include("homeward.api.urls")),
    path("cases/", include("homeward.cases.urls")),
    path("people/", include("homeward.people.urls")),
    path("tracing/", include("homeward.tracing.urls")),
    path("kinship/", include("homeward.kinship.urls")),
    path("flights/", include("homeward.movements.urls")),
    path("aftercare/", include("homeward.aftercare.urls")),
    path("documents/", include("homeward.documents.urls")),
    path("casework/", include("homeward.casework.urls")),
    path("figures/", include("homeward.reports.urls")),
    path("audit/", include("homeward.audit.urls")),
    path("imports/", include("homeward.imports.urls")),
    path("", include("homeward.web.urls")),
]

handler403 = "homeward.web.views.forbidden"
handler404 = "homeward.web.views.not_found"
handler500 = "homeward.web.views.server_error"
