"""Writes for enquiries. Views call these; rules live here."""

from __future__ import annotations

from django.db import transaction

from .models import Enquiry


@transaction.atomic
def enquiry_submit(
    *,
    name: str,
    email: str,
    message: str,
    phone: str = "",
    treatment_of_interest: str = "",
    preferred_contact: str = Enquiry.ContactMethod.EMAIL,
) -> Enquiry:
    enquiry = Enquiry(
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        treatment_of_interest=treatment_of_interest.strip(),
        message=message.strip(),
        preferred_contact=preferred_contact,
    )
    enquiry.full_clean()
    enquiry.save()
    return enquiry
