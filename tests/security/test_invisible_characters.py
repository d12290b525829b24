"""One rule for every text field: direction controls and invisible characters are refused, naming
the field and the character; ZWNJ between letters of a joining script is kept."""

from __future__ import annotations

import pytest
from django import forms

from homeward.core.text import UnsafeText, clean_text


@pytest.mark.parametrize("bad", ["\u200b", "\ufeff", "\u202e", "\u2066", "\u200f", "\u00ad", "\u2060",
                                 "\U000e0041", "\x07"])
def test_invisible_and_direction_characters_are_refused(bad):
    with pytest.raises(UnsafeText, match=f"U\\+{ord(bad):04X}"):
        clean_text(f"Хасанов{bad}Магомед")


def test_zwnj_is_kept_between_persian_letters_and_removed_elsewhere():
    persian = "فاطمه\u200cزهرا"
    assert clean_text(persian) == persian
    assert clean_text("\u200cAli\u200c Hasan") == "Ali Hasan"
    assert clean_text("فاطمه\u200c\u200cزهرا") == persian
    assert clean_text("line one\nline two\ttab") == "line one\nline two\ttab"


def test_every_form_text_field_refuses_them_naming_the_field():
    class Any(forms.Form):
        escort = forms.CharField(label="Escort name")
        notes = forms.CharField(label="Notes", widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput)

    form = Any({"escort": "Dr \u202eAhmed", "notes": "fine", "secret": "pass\u200bword"})
    assert not form.is_valid()
    assert "Escort name" in form.errors["escort"][0] and "U+202E" in form.errors["escort"][0]
    assert "notes" not in form.errors and "secret" not in form.errors


@pytest.mark.django_db
def test_a_child_named_with_a_zero_width_space_is_refused_over_http_and_nothing_is_saved(client, national_user,
                                                                                        reference):
    from homeward.cases.models import Case

    client.force_login(national_user)
    response = client.post("/cases/new/", {"name": "Хасанов\u200bМагомед", "name_kind": "heard", "host_country": "IQ",
                                           "summary": "found in Roj"})
    assert response.status_code in (200, 400, 422)
    assert "U+200B" in response.content.decode()
    assert Case.objects.count() == 0
    response = client.post("/cases/new/", {"name": "Хасанов Магомед", "name_kind": "heard", "host_country": "IQ",
                                           "summary": "\ufeffnotes"})
    assert "U+FEFF" in response.content.decode() and Case.objects.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_them_too():
    from rest_framework import serializers

    class S(serializers.Serializer):
        name = serializers.CharField()

    s = S(data={"name": "a\u202eb"})
    assert not s.is_valid() and "U+202E" in str(s.errors["name"][0])
