"""Document pages, under /documents/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:case_id>/add/", views.document_add, name="document-add"),
    path("<int:document_id>/", views.document_detail, name="document-detail"),
    path("<int:document_id>/file/", views.document_file, name="document-file"),
    path("<int:document_id>/preview/", views.document_preview, name="document-preview"),
]
