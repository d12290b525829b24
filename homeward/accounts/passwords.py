"""Password rules beyond Django's own: not the user's name, not a guessable pattern."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "йцукенгшщзхъ",
        "фывапролджэ", "ячсмитьбю")
SEASONS = ("spring", "summer", "autumn", "winter", "password", "passwort", "homeward", "welcome", "letmein",
           "admin", "qwerty", "iloveyou", "monkey", "dragon", "secret")


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))


class NotYourNameValidator:
    """Refuses a password that contains the user's username, first or last name (4 letters or more)."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        folded = _fold(password)
        for attr in ("username", "first_name", "last_name"):
            value = _fold(str(getattr(user, attr, "") or ""))
            parts = [p for p in re.split(r"[\W_]+", value) if len(p) >= 4]
            if any(p in folded for p in parts):
                raise ValidationError(_("The password must not contain your name or username."),
                                      code="password_has_name")

    def get_help_text(self) -> str:
        return _("Your password must not contain your name or username.")


class NoCommonPatternValidator:
    """Refuses what people guess first: a word then a year or number (``natalia2026``), a keyboard
    row or alphabet run, one character repeated, or a common word with digits and symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = _fold(password)
        core = re.sub(r"[\W_]+", "", folded)
        if re.fullmatch(r"[^\W\d_]+\d{1,8}[\W_]*", folded) or re.fullmatch(r"\d{1,8}[^\W\d_]+", folded):
            raise ValidationError(_("The password must not be a word followed by a number (like a name and a year)."),
                                  code="password_word_number")
        if len(set(core)) <= 3:
            raise ValidationError(_("The password repeats too few characters."), code="password_repetitive")
        letters = re.sub(r"\d+", "", core)
        if letters in SEASONS or any(core.startswith(w) and len(core) - len(w) <= 6 for w in SEASONS):
            raise ValidationError(_("The password is a common word with a few characters added."),
                                  code="password_common_word")
        for row in ROWS:
            for i in range(len(row) - 5):
                if row[i:i + 6] in core or row[i:i + 6][::-1] in core:
                    raise ValidationError(_("The password contains a keyboard or alphabet sequence."),
                                          code="password_sequence")

    def get_help_text(self) -> str:
        return _("Your password must not be a word and a number, a keyboard sequence or a common word.")
