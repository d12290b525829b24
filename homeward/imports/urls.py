"""Import pages, under /imports/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.imports import review_views, views

app_name = "imports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.import_list, name="list"),
    path("<int:batch_id>/", views.import_detail, name="detail"),
    path("<int:batch_id>/progress/", views.import_progress, name="progress"),
    path("<int:batch_id>/commit/", views.import_commit, name="commit"),
    path("template/<slug:sheet_kind>.xlsx", views.import_template, name="template"),
    path("duplicates/", review_views.duplicate_list, name="duplicates"),
    path("duplicates/sweep/", review_views.duplicate_sweep, name="duplicate-sweep"),
    path("duplicates/<int:pair_id>/not-same/", review_views.duplicate_not_same, name="duplicate-not-same"),
    path("merge/<int:person_id>/into/<int:survivor_id>/", review_views.merge_confirm, name="merge"),
    path("merges/", review_views.merge_list, name="merges"),
    path("merges/<int:merge_id>/undo/", review_views.merge_undo, name="merge-undo"),
]
