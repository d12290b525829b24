"""Figures pages (/figures/), their public variant and downloads."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, register_converter

from homeward.reports import export_views, views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "report_fmt")

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("as-of/", views.as_of, name="as-of"),
    path("public/", views.public_dashboard, name="public"),
    path("public/as-of/", views.public_as_of, name="public-as-of"),
    path("export/", export_views.export_page, name="export"),
    path("export/cases.<report_fmt:fmt>", export_views.export_cases, name="export-cases"),
    path("export/<slug:key>.<report_fmt:fmt>", export_views.export_table, name="export-table"),
    path("public/export/<slug:key>.<report_fmt:fmt>", export_views.public_export_table, name="public-export-table"),
]
