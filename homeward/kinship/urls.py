"""Kinship pages, under /kinship/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.kinship.views import dvi, plans, samples, tests

app_name = "kinship"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:case_id>/", samples.case_kinship, name="case"),
    path("cases/<int:case_id>/samples/new/", samples.sample_request, name="sample-request"),
    path("cases/<int:case_id>/tests/new/", tests.test_new, name="test-new"),
    path("samples/<int:sample_id>/", samples.sample_detail, name="sample"),
    path("samples/<int:sample_id>/<slug:step>/", samples.sample_step, name="sample-step"),
    path("samples/overdue/", samples.overdue, name="overdue"),
    path("profiles/import/", samples.profile_import, name="import"),
    path("cases/<int:case_id>/plans/new/", plans.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("dvi/", dvi.dvi_home, name="dvi"),
    path("dvi/<int:search_id>/", dvi.dvi_search, name="dvi-search"),
    path("tests/<int:test_id>/", tests.test_detail, name="test"),
    path("tests/<int:test_id>/status/", tests.test_status, name="test-status"),
    path("tests/<int:test_id>/conclude/", tests.test_conclude, name="test-conclude"),
    path("tests/<int:test_id>/review/", tests.test_review, name="test-review"),
    path("tests/<int:test_id>/report/", tests.test_report_make, name="test-report"),
    path("reports/<int:report_id>/", tests.report_download, name="report"),
]
