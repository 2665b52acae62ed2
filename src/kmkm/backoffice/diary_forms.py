"""Forms for the diary. They check shape only; the booking rules live in kmkm.booking.services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kmkm.website.booking_forms import NAME_FORBIDDEN, PHONE_CHARS


class NewClientForm(forms.Form):
    name = forms.CharField(max_length=120)
    email = forms.EmailField(max_length=254)
    phone = forms.CharField(
        max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    date_of_birth = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Required: filler and toxin appointments are refused for under-18s.",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if NAME_FORBIDDEN.search(name):
            raise forms.ValidationError("Use only letters, spaces, hyphens and apostrophes.")
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_CHARS.match(phone):
            raise forms.ValidationError("Check the phone number.")
        return phone

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth is today or in the future.")
        return born


class StaffBookForm(forms.Form):
    start = forms.DateTimeField()
    notes = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MoveForm(forms.Form):
    start = forms.DateTimeField()
    override_reason = forms.CharField(max_length=300, required=False)


class CancelForm(forms.Form):
    override_reason = forms.CharField(max_length=300, required=False)


class BlockForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label="From", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Until", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    reason = forms.CharField(
        max_length=200, required=False, help_text="For staff only, e.g. 'Training'."
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            raise forms.ValidationError("The end must be after the start.")
        return data
