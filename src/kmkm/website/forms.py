from __future__ import annotations

from django import forms

from kmkm.enquiries.models import Enquiry


class EnquiryForm(forms.Form):
    SERVICE_FIELDS = ("name", "email", "phone", "treatment_of_interest", "message", "preferred_contact")

    name = forms.CharField(max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    treatment_of_interest = forms.CharField(label="Treatment you are curious about (optional)", max_length=120, required=False)
    message = forms.CharField(
        label="Your message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Please do not include detailed medical information here; we will ask at your consultation.",
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to reply?",
        choices=Enquiry.ContactMethod.choices,
        initial=Enquiry.ContactMethod.EMAIL,
        widget=forms.RadioSelect,
    )
    privacy = forms.BooleanField(
        label="I have read the privacy notice and understand how my details will be used to reply to me.",
        error_messages={"required": "Please confirm you have read the privacy notice so we can reply."},
    )
