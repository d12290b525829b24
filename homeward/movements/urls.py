"""Flight pages, under /flights/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.movements import views

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
]
