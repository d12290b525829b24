"""The handover act, as PDF: signed by the guardian and the officials at the handover."""

from __future__ import annotations

from typing import Any

from homeward.aftercare.models import Handover
from homeward.core.pdf import render_pdf
from homeward.movements.documents import ordered_names
from homeward.people.models import FamilyLink

# The guardian signs the act at home, in Russian; an English or Arabic copy is printed on request.
ACT_LANGUAGE = "ru"


def handover_act_pdf(handover: Handover, language: str = ACT_LANGUAGE) -> bytes:
    """The act signed by the guardian and the officials at the handover, in ``language``."""
    from django.utils import translation

    with translation.override(language):
        return _act(handover, language)


def _act(handover: Handover, language: str) -> bytes:
    case = handover.case
    link = FamilyLink.objects.filter(person=case.child, relative=handover.guardian, relation=handover.relation).first()
    relation_label = (FamilyLink.Relation(handover.relation).label if handover.relation in FamilyLink.Relation.values
                      else handover.relation)  # lazy: rendered in the document's language
    context: dict[str, Any] = {
        "handover": handover, "case": case, "child_names": ordered_names(list(case.child.names.all())),
        "guardian_names": ordered_names(list(handover.guardian.names.all())), "relation_label": relation_label,
        "link_status": link.get_status_display() if link else "",
    }
    return render_pdf("aftercare/pdf/handover_act.html", context, language=language)
