"""URL map of the whole site."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("homeward.web.api_urls")),
    path("tracing/", include("homeward.tracing.urls")),
    path("kinship/", include("homeward.kinship.urls")),
    path("flights/", include("homeward.movements.urls")),
    path("figures/", include("homeward.reports.urls")),
    path("", include("homeward.web.urls")),
]
