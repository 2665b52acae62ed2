"""Field rules for enquiries, shared by the model (and so the service) and the public form."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# A tag opener such as "<b", "</p", "<!--" or "<?php". "<3" and "< 30" are not markup.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_markup(value: str) -> None:
    if _MARKUP.search(value):
        raise ValidationError(
            "Please remove the angle-bracket markup (for example <b>); plain text is all we need.",
            code="markup",
        )
    if _CONTROL.search(value):
        raise ValidationError(
            "This contains hidden control characters. Please type it again in plain text.",
            code="control",
        )


def phone_number(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if value and (not _PHONE_CHARS.match(value) or not 7 <= digits <= 15):
        raise ValidationError(
            "Please enter a phone number in digits, for example 07700 900123 or +44 7700 900123, "
            "or leave it empty.",
            code="phone",
        )
