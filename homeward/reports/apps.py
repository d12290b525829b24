from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "homeward.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from homeward.cases.models import Case, CaseEvent
        from homeward.people.models import Person
        from homeward.reports import history

        post_save.connect(history.on_case_saved, sender=Case, dispatch_uid="reports-summary-case")
        post_save.connect(history.on_event_changed, sender=CaseEvent, dispatch_uid="reports-summary-event")
        post_delete.connect(history.on_event_changed, sender=CaseEvent, dispatch_uid="reports-summary-event-gone")
        pre_delete.connect(history.on_case_deleted, sender=Case, dispatch_uid="reports-summary-case-gone")
        post_save.connect(history.on_person_saved, sender=Person, dispatch_uid="reports-summary-child")
        # What the figures name (stages, places) and the flights their batches are told by: a
        # change moves no count, but what a figures page remembered (reports/memo.py) is stale.
        from homeward.cases.models import Stage
        from homeward.places.models import Country, Facility, Region
        from homeward.reports.summaries import flight_model_or_none

        labelled: list[Any] = [Stage, Country, Facility, Region]
        flight = flight_model_or_none()
        if flight is not None:
            labelled += [flight, flight._meta.get_field("passengers").related_model]
        for model in labelled:
            uid = f"reports-figures-{model._meta.label_lower}"
            post_save.connect(history.on_label_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(history.on_label_changed, sender=model, dispatch_uid=uid + "-gone")
