from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.tracing.views import requests as views
from homeward.tracing.views import review as review_views

app_name = "tracing"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="request-list"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/new/child-row/", views.child_row, name="child-row"),
    path("requests/<int:request_id>/", views.request_detail, name="request-detail"),
    path("requests/<int:request_id>/edit/", views.request_edit, name="request-edit"),
    path("requests/<int:request_id>/children/", views.request_add_child, name="request-add-child"),
    path("requests/<int:request_id>/close/", views.request_close, name="request-close"),
    path("children/<int:sought_child_id>/edit/", views.sought_child_edit, name="child-edit"),
    path("review/", review_views.queue, name="review"),
    path("review/reliability/", review_views.reliability, name="reliability"),
    path("review/<int:candidate_id>/", review_views.pair, name="review-pair"),
    path("review/<int:candidate_id>/confirm/", review_views.confirm, name="review-confirm"),
    path("review/<int:candidate_id>/reject/", review_views.reject, name="review-reject"),
    path("rematch/", review_views.rematch, name="rematch"),
    path("jobs/<int:job_id>/", review_views.job, name="job"),
]
