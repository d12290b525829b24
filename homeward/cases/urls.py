"""Case pages, under /cases/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.cases import views
from homeward.people import views as people_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("age-limit/", views.age_limit_alerts, name="age-limit-alerts"),
    path("<int:case_id>/", views.case_detail, name="case-detail"),
    path("<int:case_id>/edit/", views.case_edit, name="case-edit"),
    path("<int:case_id>/transition/", views.case_transition, name="case-transition"),
    path("<int:case_id>/checks/<slug:code>/", views.case_check, name="case-check"),
    path("<int:case_id>/relatives/new/", people_views.relative_add, name="relative-add"),
]
