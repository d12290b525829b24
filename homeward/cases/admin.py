"""The workflow is data: stages, requirements, transitions and host rules are edited here.

Which roles tick a check or take a move is chosen with checkboxes (stored as a list of role
codes on the row, read by the case actions).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from homeward.accounts.models import Role
from homeward.audit.admin import AuditedAdmin
from homeward.cases.models import HostRule, Requirement, Stage, Transition


class RolesField(forms.MultipleChoiceField):
    """The roles of a workflow row, as checkboxes; stored as a list of role codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value or []


class RequirementForm(forms.ModelForm[Requirement]):
    roles = RolesField(label=Requirement._meta.get_field("roles").verbose_name,
                       help_text="Roles that tick this check by hand; none: administrators only.")

    class Meta:
        model = Requirement
        fields = ["stage", "host_country", "code", "label", "applies", "needs_reference", "needs_document",
                  "needs_form", "due_days", "automatic", "roles", "order"]


class TransitionForm(forms.ModelForm[Transition]):
    roles = RolesField(label=Transition._meta.get_field("roles").verbose_name,
                       help_text="Roles that take this move by hand; none: administrators only.")

    class Meta:
        model = Transition
        fields = ["source", "target", "host_country", "needs_reason", "roles"]


@admin.register(Stage)
class StageAdmin(AuditedAdmin):
    list_display = ("code", "name", "order", "system_only", "is_terminal")


@admin.register(Requirement)
class RequirementAdmin(AuditedAdmin):
    form = RequirementForm
    list_display = ("code", "stage", "host_country", "applies", "needs_reference", "needs_document", "needs_form",
                    "due_days", "automatic", "roles")


@admin.register(Transition)
class TransitionAdmin(AuditedAdmin):
    form = TransitionForm
    list_display = ("source", "target", "host_country", "needs_reason", "roles")


@admin.register(HostRule)
class HostRuleAdmin(AuditedAdmin):
    list_display = ("country", "code", "value")
