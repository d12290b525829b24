from __future__ import annotations

from django.urls import path

from homeward.web import api

urlpatterns = [
    path("cases/", api.case_list, name="api-case-list"),
    path("cases/<int:case_id>/", api.case_detail, name="api-case-detail"),
]
