"""The figures' summary of each case's history, maintained from the case events.

Reading every case's events on each view of the figures does not scale: one row per case here
holds what the figures need of its history (the dates it was opened, left the host country,
arrived, closed) and of the child, refreshed by homeward/reports/history.py when a case's events
change (a signal on each saved event, after the commit) and in bulk after bulk loads (the demo,
`homeward synth`, `homeward report refresh`). The dates keep "as of any date" answerable.
"""

from __future__ import annotations

from django.db import models


class CaseSummary(models.Model):
    case = models.OneToOneField("cases.Case", models.CASCADE, primary_key=True, related_name="figures_summary")
    host_country_id_code = models.CharField(max_length=2)
    host_country = models.CharField(max_length=200, blank=True)
    facility_kind = models.CharField(max_length=20, blank=True)
    facility_city = models.CharField(max_length=200, blank=True)
    home_region_id_value = models.BigIntegerField(null=True)
    stage_id_code = models.CharField(max_length=40)
    sex = models.CharField(max_length=1, blank=True)
    born = models.DateField(null=True)
    opened_on = models.DateField(null=True)
    left_on = models.DateField(null=True)
    repatriated_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"summary of case {self.case_id}"
