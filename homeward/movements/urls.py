"""Flights, handover and follow-up pages, under /flights/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.movements import aftercare_views, views

app_name = "movements"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.flight_list, name="flight-list"),
    path("new/", views.flight_create, name="flight-create"),
    path("<int:flight_id>/", views.flight_detail, name="flight-detail"),
    path("<int:flight_id>/manifest.pdf", views.flight_manifest, name="flight-manifest"),
    path("<int:flight_id>/children/", views.flight_add_child, name="flight-add-child"),
    path("<int:flight_id>/separations/", views.flight_separation, name="flight-separation"),
    path("<int:flight_id>/escorts/", views.flight_escort, name="flight-escort"),
    path("<int:flight_id>/escorts/<int:escort_id>/remove/", views.flight_escort_remove, name="flight-escort-remove"),
    path("<int:flight_id>/passengers/<int:passenger_id>/<slug:what>/", views.passenger_action,
         name="passenger-action"),
    path("<int:flight_id>/intake/<int:case_id>/", views.flight_intake, name="flight-intake"),
    path("<int:flight_id>/<slug:what>/", views.flight_status, name="flight-status"),
    path("handovers/", aftercare_views.handover_list, name="handover-list"),
    path("handovers/<int:case_id>/", aftercare_views.handover_form, name="handover-form"),
    path("handovers/<int:case_id>/act.pdf", aftercare_views.handover_act, name="handover-act"),
    path("follow-up/", aftercare_views.visits, name="visits"),
    path("follow-up/cases/<int:case_id>/", aftercare_views.case_follow_up, name="case-follow-up"),
    path("follow-up/cases/<int:case_id>/<slug:what>/", aftercare_views.case_follow_up_action,
         name="case-follow-up-action"),
    path("follow-up/visits/<int:visit_id>/", aftercare_views.visit_record, name="visit-record"),
]
