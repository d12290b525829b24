"""Demo case work, kept light: caseworkers answer for some cases, a few notes, a few documents.

Natalia (national office) answers for a share of the open cases abroad, Zarema and Patimat for
some cases their regional offices own; a note here and there; a court decision (PDF) and an
identification photo on a handful of Iraqi cases, sealed like any upload. One referral to the
Chechen office waits for its answer. Running it again adds nothing twice.
"""

from __future__ import annotations

import io
import random
from typing import Any

from homeward.accounts.models import User
from homeward.audit.log import record
from homeward.cases.models import Case, CaseNote, Referral
from homeward.cases.responsibility import agency_reaches, assign_case, refer_case
from homeward.core import crypto

NOTES = [
    "Grandmother called the office: she is ready to travel to meet the child.",
    "Mother agreed in the interview; the consular officer will send the minutes.",
    "School place arranged for after the return.",
    "Aunt asked whether the siblings can travel on the same flight.",
]


def _pdf(text: str) -> bytes:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).text((60, 80), text, fill="black")
    out = io.BytesIO()
    page.save(out, format="PDF", title=text)
    return out.getvalue()


def _photo(rng: random.Random) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 400), (rng.randrange(80, 200), rng.randrange(80, 200), rng.randrange(80, 200))).save(
        out, format="JPEG", quality=70)
    return out.getvalue()


def populate_demo(rng: random.Random, actor: Any = None) -> dict[str, int]:
    from homeward.documents.actions import add_document
    from homeward.documents.models import Document

    if Document.objects.exists() or Case.objects.filter(assignee__isnull=False).exists():
        return {}
    try:
        crypto.keyring()
    except crypto.KeysMissing:
        crypto.create_key_file()  # the demo's own key file (var/keys.json, 0600)
    users = {u.username: u for u in User.objects.filter(username__in=["natalia", "zarema", "patimat", "omar"])
             .select_related("agency", "agency__region")}
    summary = {"assigned": 0, "notes": 0, "documents": 0, "referrals": 0}
    open_cases = list(Case.objects.active().select_related("owner", "child", "stage").order_by("pk"))
    for case in open_cases:
        worker = next((u for u in users.values() if u.agency_id == case.owner_id and u.username != "omar"), None)
        if worker is not None and summary["assigned"] < 150 and rng.random() < 0.6:
            assign_case(actor=None, case=case, assignee=worker)
            summary["assigned"] += 1
    for case in rng.sample(open_cases, min(40, len(open_cases))):
        author = users.get("natalia")
        CaseNote.objects.create(case=case, text=rng.choice(NOTES), author=author,
                                agency_id=author.agency_id if author else None)
        summary["notes"] += 1
    iraqi = [c for c in open_cases if c.host_country_id == "IQ"][:8]
    for i, case in enumerate(iraqi):
        add_document(actor=None, case=case, upload=_pdf(f"Central Criminal Court of Iraq, decision {2019}-{881 + i}"),
                     kind="court_decision", title="Host-court decision", language="ar",
                     issuing_body="Central Criminal Court of Iraq", reference_number=f"IQ-CC-2019-{881 + i}",
                     original_name="court-decision.pdf", attached_to="check", attached_ref="host_court_decision")
        add_document(actor=None, case=case, upload=_photo(rng), kind="identity_photo",
                     title="Photograph at the consular interview", original_name="photo.jpg")
        summary["documents"] += 2
    chechen = users.get("zarema")
    if chechen is not None and chechen.agency is not None:
        for case in open_cases:
            if (case.owner.kind == "national" and agency_reaches(chechen.agency, case)
                    and not Referral.objects.filter(case=case).exists()):
                refer_case(actor=None, case=case, to_agency=chechen.agency,
                           reason="The family lives in the Chechen Republic.")
                summary["referrals"] += 1
                break
    record(actor=actor, action="casework.demo.populated", data=summary)
    return summary
