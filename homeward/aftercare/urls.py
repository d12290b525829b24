"""Handover and follow-up pages, under /aftercare/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.aftercare import views

app_name = "aftercare"
urlpatterns: list[URLPattern | URLResolver] = [
    path("handovers/", views.handover_list, name="handover-list"),
    path("handovers/<int:case_id>/", views.handover_form, name="handover-form"),
    path("handovers/<int:case_id>/act.pdf", views.handover_act, name="handover-act"),
    path("follow-up/", views.visits, name="visits"),
    path("follow-up/cases/<int:case_id>/", views.case_follow_up, name="case-follow-up"),
    path("follow-up/cases/<int:case_id>/<slug:what>/", views.case_follow_up_action, name="case-follow-up-action"),
    path("follow-up/visits/<int:visit_id>/", views.visit_record, name="visit-record"),
]
