"""Month names as catalogue entries of Homeward's own.

Django's Arabic catalogue names the months as in Egypt (ديسمبر); Iraqi courts and ministries write
كانون الأول. Marking the names here puts them in Homeward's catalogues, which Django reads before
its own, so dates follow the users' usage. Russian keeps Django's forms.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
)

MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
)
