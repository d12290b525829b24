from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from homeward.audit.views import audit_list
from homeward.web import people_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/age-limit/", views.age_limit_alerts, name="age-limit-alerts"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:case_id>/transition/", views.case_transition, name="case-transition"),
    path("cases/<int:case_id>/checks/<slug:code>/", views.case_check, name="case-check"),
    path("cases/<int:case_id>/relatives/new/", people_views.relative_add, name="relative-add"),
    path("people/<int:person_id>/edit/", people_views.person_edit, name="person-edit"),
    path("people/<int:person_id>/names/", people_views.person_add_name, name="person-add-name"),
    path("audit/", audit_list, name="audit-list"),
]
