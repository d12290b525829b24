from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.audit import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audit_list, name="audit-list"),
]
