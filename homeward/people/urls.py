"""People pages, under /people/ (adding a relative starts from the case, under /cases/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.people import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path("<int:person_id>/names/", views.person_add_name, name="person-add-name"),
    path("<int:person_id>/siblings/", views.person_siblings, name="person-siblings"),
    path("<int:person_id>/family/", views.person_family, name="person-family"),
]
