"""Kinship pages, under /kinship/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.kinship import kinship_views, views

app_name = "kinship"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:case_id>/", views.case_kinship, name="case"),
    path("cases/<int:case_id>/samples/new/", views.sample_request, name="sample-request"),
    path("cases/<int:case_id>/tests/new/", kinship_views.test_new, name="test-new"),
    path("samples/<int:sample_id>/", views.sample_detail, name="sample"),
    path("samples/<int:sample_id>/<slug:step>/", views.sample_step, name="sample-step"),
    path("samples/overdue/", views.overdue, name="overdue"),
    path("profiles/import/", views.profile_import, name="import"),
    path("tests/<int:test_id>/", kinship_views.test_detail, name="test"),
    path("tests/<int:test_id>/status/", kinship_views.test_status, name="test-status"),
    path("tests/<int:test_id>/conclude/", kinship_views.test_conclude, name="test-conclude"),
]
