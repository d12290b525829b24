"""Case work pages, under /casework/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from homeward.casework import views

app_name = "casework"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tasks/", views.tasks, name="tasks"),
    path("case/<int:case_id>/forms/<slug:kind>/", views.form_edit, name="form-edit"),
    path("case/<int:case_id>/summary.pdf", views.case_summary, name="case-summary"),
    path("forms/<int:form_id>/", views.form_detail, name="form-detail"),
    path("forms/<int:form_id>/sign/", views.form_sign, name="form-sign"),
    path("forms/<int:form_id>/pdf/", views.form_pdf, name="form-pdf"),
]
