"""The API's routes, gathered from each domain, and its schema (for signed-in users)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from homeward.accounts.gate import Gate
from homeward.cases import api as case_api

schema = SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])
schema.gate = Gate(None, ("GET",))  # type: ignore[attr-defined]

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", schema, name="api-schema"),
    path("cases/", case_api.case_list, name="api-case-list"),
    path("cases/<int:case_id>/", case_api.case_detail, name="api-case-detail"),
]
