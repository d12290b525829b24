"""Case pages, under /cases/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.cases import views, work_views
from homeward.people import views as people_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("age-limit/", views.age_limit_alerts, name="age-limit-alerts"),
    path("mine/", work_views.my_cases, name="my-cases"),
    path("unassigned/", work_views.unassigned_cases, name="unassigned-cases"),
    path("load/", work_views.agency_load, name="agency-load"),
    path("referrals/<int:referral_id>/answer/", work_views.referral_answer, name="referral-answer"),
    path("<int:case_id>/", views.case_detail, name="case-detail"),
    path("<int:case_id>/history/", work_views.case_history, name="case-history"),
    path("<int:case_id>/notes/", work_views.case_note_add, name="case-note-add"),
    path("<int:case_id>/assign/", work_views.case_assign, name="case-assign"),
    path("<int:case_id>/refer/", work_views.case_refer, name="case-refer"),
    path("<int:case_id>/edit/", views.case_edit, name="case-edit"),
    path("<int:case_id>/transition/", views.case_transition, name="case-transition"),
    path("<int:case_id>/checks/<slug:code>/", views.case_check, name="case-check"),
    path("<int:case_id>/relatives/new/", people_views.relative_add, name="relative-add"),
]
