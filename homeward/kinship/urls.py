"""Kinship pages, under /kinship/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.kinship.views import samples, tests

app_name = "kinship"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:case_id>/", samples.case_kinship, name="case"),
    path("cases/<int:case_id>/samples/new/", samples.sample_request, name="sample-request"),
    path("cases/<int:case_id>/tests/new/", tests.test_new, name="test-new"),
    path("samples/<int:sample_id>/", samples.sample_detail, name="sample"),
    path("samples/<int:sample_id>/<slug:step>/", samples.sample_step, name="sample-step"),
    path("samples/overdue/", samples.overdue, name="overdue"),
    path("profiles/import/", samples.profile_import, name="import"),
    path("tests/<int:test_id>/", tests.test_detail, name="test"),
    path("tests/<int:test_id>/status/", tests.test_status, name="test-status"),
    path("tests/<int:test_id>/conclude/", tests.test_conclude, name="test-conclude"),
    path("tests/<int:test_id>/review/", tests.test_review, name="test-review"),
    path("tests/<int:test_id>/report/", tests.test_report_make, name="test-report"),
    path("reports/<int:report_id>/", tests.report_download, name="report"),
]
