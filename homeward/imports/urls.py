"""Import pages, under /imports/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.imports import views

app_name = "imports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.import_list, name="list"),
    path("<int:batch_id>/", views.import_detail, name="detail"),
    path("<int:batch_id>/progress/", views.import_progress, name="progress"),
    path("<int:batch_id>/commit/", views.import_commit, name="commit"),
    path("template/<slug:kind>.xlsx", views.import_template, name="template"),
]
