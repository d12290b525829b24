"""Reminders of what is due: in the app (the task list and the home page) and by e-mail.

Mail goes through Django's mail backends: SMTP when ``EMAIL_HOST`` is set, the console
otherwise (the demo). A daily background job sends each caseworker one message listing what is
due and overdue on the cases assigned to them; it books its own next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from homeward.accounts.models import User
from homeward.audit.log import record
from homeward.cases.models import Case
from homeward.casework.due import Task, tasks_for

log = logging.getLogger(__name__)


def due_by_user(today: dt.date) -> dict[int, list[Task]]:
    """What is due on each caseworker's assigned cases."""
    found: dict[int, list[Task]] = defaultdict(list)
    for item in tasks_for(Case.objects.filter(assignee__isnull=False), today=today):
        if item.case.assignee_id is not None:
            found[item.case.assignee_id].append(item)
    return found


def send_reminders(*, today: dt.date | None = None) -> int:
    """Mail each caseworker with an address what is due; the number of messages sent."""
    today = today or timezone.localdate()
    sent = 0
    users = {u.pk: u for u in User.objects.filter(is_active=True).exclude(email="")}
    for user_id, items in due_by_user(today).items():
        user = users.get(user_id)
        if user is None:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            lines = [f"{t.due_on.isoformat()}  {t.case.reference}  {t.what}"
                     + (f"  ({_('overdue')})" if t.overdue(today) else "") for t in items]
            subject = _("Homeward: %(n)s things due on your cases") % {"n": len(items)}
            body = _("Due and overdue on the cases assigned to you:") + "\n\n" + "\n".join(lines) + "\n"
        try:
            send_mail(subject, body, None, [user.email])
            sent += 1
        except OSError as exc:  # the mail server is down: the reminders stay in the app
            log.warning("reminder to %s not sent: %s", user.username, exc)
    with transaction.atomic():
        record(actor=None, action="casework.reminders.sent", data={"messages": sent, "day": today.isoformat()})
    return sent


@task()
def send_daily_reminders(reschedule: bool = True) -> int:
    """Send today's reminders and, unless told not to, book tomorrow's."""
    sent = send_reminders()
    if reschedule:
        schedule_daily()
    return sent


def schedule_daily(at: dt.datetime | None = None) -> Any:
    when = at or (timezone.now() + dt.timedelta(days=1))
    return send_daily_reminders.using(run_after=when).enqueue(True)
