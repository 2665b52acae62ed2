"""Forms for the public booking flow. They check the shape of input; rules live in services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")
#: Characters that never belong in a name; refusing them keeps markup out of emails and the diary.
NAME_FORBIDDEN = re.compile(r"[<>{}\[\]\\/@=;\x00-\x1f\x7f]")
OLDEST_AGE_YEARS = 120


class AccessibleErrorsMixin:
    """Point each invalid field at its error message, as screen readers expect (WCAG 3.3.1)."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
            attrs["aria-invalid"] = "true"
            described = [f"{bound.id_for_label}-error"]
            if self.fields[name].help_text:  # type: ignore[attr-defined]
                described.insert(0, f"{bound.id_for_label}-help")
            attrs["aria-describedby"] = " ".join(described)


class BookingDetailsForm(AccessibleErrorsMixin, forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput)
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)

    name = forms.CharField(
        label="Your full name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name."},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send your confirmation here, with links to change or cancel.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Please give an email address so we can confirm your booking.",
            "invalid": "Please check the email address: it should look like name@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        help_text="In case we need to reach you on the day.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        error_messages={"required": "Please give a phone number in case we need to reach you."},
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        help_text="Some treatments are for adults only, so we ask everyone.",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"],
        error_messages={
            "required": "Please give your date of birth.",
            "invalid": "Please give your date of birth as day, month and year, for example 17/05/1990.",
        },
    )
    discuss = forms.CharField(
        label="What would you like to talk about? (optional)",
        max_length=1000,
        required=False,
        help_text="A sentence or two is plenty. Please keep detailed medical history for the day.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    privacy = forms.BooleanField(
        label="I have read the privacy notice and understand how my details will be used for this booking.",
        error_messages={
            "required": "Please confirm you have read the privacy notice so we can book."
        },
    )
    marketing_opt_in = forms.BooleanField(
        label="I would like occasional news from the clinic by email (optional, you can stop at any time).",
        required=False,
        initial=False,
    )

    #: The fields a person fills in, in order (the hidden ones are rendered separately).
    VISIBLE = ("name", "email", "phone", "date_of_birth", "discuss", "privacy", "marketing_opt_in")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if NAME_FORBIDDEN.search(name):
            raise forms.ValidationError(
                "Please use only letters, spaces, hyphens and apostrophes in your name."
            )
        if len(name) < 2:
            raise forms.ValidationError("Please tell us your name.")
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE_CHARS.match(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError(
                "Please check the phone number: it should have 10 to 15 digits, for example 07700 900123."
            )
        return phone

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError(
                "Please check your date of birth: it is today or in the future."
            )
        if born.year < today.year - OLDEST_AGE_YEARS:
            raise forms.ValidationError("Please check the year of your date of birth.")
        return born

    def clean_discuss(self) -> str:
        text: str = self.cleaned_data["discuss"]
        # Control characters (other than line breaks and tabs) have no place in a note.
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).strip()

    def clean_start(self) -> dt.datetime:
        start: dt.datetime = self.cleaned_data["start"]
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        return start

    def visible(self) -> list[Any]:
        return [self[name] for name in self.VISIBLE]


class CancelForm(forms.Form):
    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)


class RescheduleForm(forms.Form):
    start = forms.DateTimeField()

    def clean_start(self) -> dt.datetime:
        start: dt.datetime = self.cleaned_data["start"]
        return timezone.make_aware(start) if timezone.is_naive(start) else start
