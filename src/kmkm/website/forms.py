from __future__ import annotations

from typing import Any

from django import forms

from kmkm.enquiries import spam
from kmkm.enquiries.models import Enquiry
from kmkm.enquiries.validators import no_markup, phone_number


class EnquiryForm(forms.Form):
    """The public enquiry form. The spam rules and field rules themselves live in the service."""

    SERVICE_FIELDS = (
        "name",
        "email",
        "phone",
        "treatment_of_interest",
        "message",
        "preferred_contact",
    )

    name = forms.CharField(
        max_length=120,
        validators=[no_markup],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name so we know who to reply to."},
    )
    email = forms.EmailField(
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please give your email address so we can reply.",
            "invalid": "Please check your email address; it should look like name@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=30,
        required=False,
        validators=[phone_number],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    treatment_of_interest = forms.CharField(
        label="Treatment you are curious about (optional)",
        max_length=120,
        required=False,
        validators=[no_markup],
    )
    message = forms.CharField(
        label="Your message",
        max_length=3000,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        help_text="Please do not include detailed medical information here; we will ask at your consultation.",
        error_messages={"required": "Please write a short message so we know how we can help."},
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to reply?",
        choices=Enquiry.ContactMethod.choices,
        initial=Enquiry.ContactMethod.EMAIL,
        widget=forms.RadioSelect,
    )
    privacy = forms.BooleanField(
        label="I have read the privacy notice and understand how my details will be used to reply to me.",
        error_messages={
            "required": "Please confirm you have read the privacy notice so we can reply."
        },
    )
    # Spam protection. The honeypot is hidden by the shared form include (class "hp"): people
    # never see it, form-filling robots do. The token carries the time the form was shown.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"class": "hp", "tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = spam.form_token_issue()

    def refresh_token(self) -> None:
        """After a refused token, give the re-shown form a fresh one so the next try can pass."""
        data = self.data.copy()
        data["form_token"] = spam.form_token_issue()
        self.data = data
