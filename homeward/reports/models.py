"""The figures' summary of each case's history, maintained from the case events.

Reading every case's events on each view of the figures does not scale: one row per case here
holds what the figures need of its history (the dates it was opened, left the host country,
arrived, closed) and of the child, refreshed by homeward/reports/history.py when a case's events
change (a signal on each saved event, in its transaction) and in bulk after bulk loads (the demo,
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

    class Meta:
        # the figures read a few months of births and a few dates of arrival exactly
        indexes = [models.Index(fields=["born"], name="casesummary_born"),
                   models.Index(fields=["repatriated_on"], name="casesummary_repatriated")]

    def __str__(self) -> str:
        return f"summary of case {self.case_id}"


class FigureCount(models.Model):
    """How many cases share one value of one figure: the counts the figures pages add up.

    Kept in step with CaseSummary by homeward/reports/counts.py (each refreshed case moves its
    counts from its old cells to its new ones, in the same transaction), so a page adds up a few
    hundred or thousand cells instead of reading every case. The cells of ``sex`` and ``kind``
    are per host country, home region (0: none) and stage, so the access rule
    (cases.access.case_filter) applies to them as it does to cases. The cells of ``born`` (month
    of birth) and ``home`` (date of arrival and host country) would be nearly one per case at that
    grain, so they are kept instead at three levels, one per kind of grant: per stage over every
    case (host ``""``, region -1), per host country and stage (region -1), and per home region and
    stage (host ``""``).
    """

    dimension = models.CharField(max_length=8)
    host_country_id = models.CharField(max_length=2)
    home_region_id = models.BigIntegerField()
    stage_id = models.CharField(max_length=40)
    value = models.CharField(max_length=16)
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["dimension", "host_country_id", "home_region_id", "stage_id", "value"], name="figurecount_cell")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.value}: {self.n}"


class FiguresGeneration(models.Model):
    """One row whose number goes up after every commit that changes what the figures count.

    A figures page remembers what it computed under the number it read first (reports/memo.py);
    a new number means the counts moved, so nothing remembered under an older one is shown.
    """

    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"figures generation {self.n}"
