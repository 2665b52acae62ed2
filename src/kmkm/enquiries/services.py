"""Writes for enquiries. Views call these; rules live here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kmkm.audit.services import audit_record
from kmkm.notifications.services import notify_enquiry

from . import spam
from .models import Enquiry, EnquiryNote


@dataclass(frozen=True)
class Submitted:
    enquiry: Enquiry
    #: True when this exact form had already been sent: nothing new was saved or emailed.
    duplicate: bool = False


def enquiry_submit(
    *,
    name: str,
    email: str,
    message: str,
    phone: str = "",
    treatment_of_interest: str = "",
    preferred_contact: str = Enquiry.ContactMethod.EMAIL,
    form_token: str | None = None,
    honeypot: str = "",
    client_ip: str = "",
) -> Submitted:
    """Store an enquiry and queue the clinic's email, or raise ValidationError saying why not.

    Public submissions pass ``form_token`` (the signed hidden field), ``honeypot`` and
    ``client_ip``: the spam rules in ``spam`` apply, and the same form sent twice returns the
    first enquiry (``duplicate=True``) instead of saving a second. Everything is saved in one
    transaction together with the outbox rows, so a failure leaves nothing behind.
    """
    spam.honeypot_check(honeypot)
    token = spam.form_token_check(form_token) if form_token is not None else None
    if token is not None:
        existing = Enquiry.objects.filter(submission_key=token.key).first()
        if existing is not None:
            return Submitted(enquiry=existing, duplicate=True)
    enquiry = Enquiry(
        name=" ".join(name.split()),
        email=email.strip().lower(),
        phone=phone.strip(),
        treatment_of_interest=" ".join(treatment_of_interest.split()),
        message=message.strip(),
        preferred_contact=preferred_contact,
        submission_key=token.key if token is not None else None,
    )
    enquiry.full_clean(exclude=["submission_key"])
    if enquiry.preferred_contact == Enquiry.ContactMethod.PHONE and not enquiry.phone:
        raise ValidationError(
            {"phone": "Please give a phone number so we can call you, or choose a reply by email."}
        )
    spam.rate_limit_check(email=enquiry.email, client_ip=client_ip)
    try:
        with transaction.atomic():
            enquiry.save()
            notify_enquiry(enquiry=enquiry)
    except IntegrityError:
        # Two copies of one form arrived together; the other one was saved.
        if token is None:
            raise
        return Submitted(enquiry=Enquiry.objects.get(submission_key=token.key), duplicate=True)
    spam.rate_limit_count(email=enquiry.email, client_ip=client_ip)
    return Submitted(enquiry=enquiry)


def enquiry_open(*, enquiry: Enquiry, actor: Any) -> None:
    """Record that a member of staff read the enquiry (it may hold health details)."""
    audit_record(actor=actor, action="enquiry.viewed", target=enquiry)


@transaction.atomic
def enquiry_status_set(*, enquiry: Enquiry, status: str, actor: Any) -> Enquiry:
    if status not in Enquiry.Status.values:
        raise ValidationError({"status": "Please choose new, replied or closed."})
    previous = enquiry.status
    if previous == status:
        return enquiry
    enquiry.status = status
    enquiry.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="enquiry.status_changed",
        target=enquiry,
        detail=f"{previous} → {status}",
    )
    return enquiry


@transaction.atomic
def enquiry_note_add(*, enquiry: Enquiry, text: str, actor: Any) -> EnquiryNote:
    note = EnquiryNote(enquiry=enquiry, author=actor, text=text.strip())
    note.full_clean()
    note.save()
    audit_record(actor=actor, action="enquiry.note_added", target=enquiry, detail=f"note {note.pk}")
    return note


@transaction.atomic
def enquiry_convert(
    *,
    enquiry: Enquiry,
    date_of_birth: dt.date,
    practitioner: Any,
    appointment_type: Any,
    start: dt.datetime,
    actor: Any,
) -> Any:
    """Turn an enquiry into a client and a consultation booking, in one transaction.

    The booking goes through the booking service with the staff's own rules (under-18 refusal,
    prerequisites, never a double booking), so a refusal raises its ``BookingError`` and nothing
    is kept: no client, no appointment, the enquiry unchanged. On success the enquiry points at
    both, is marked replied if it was new, and the step is audited.
    """
    from kmkm.booking.services import appointment_book
    from kmkm.clinical.services import client_find_or_create

    if enquiry.appointment_id is not None:
        raise ValidationError("This enquiry has already been turned into a booking.")
    client, _created = client_find_or_create(
        name=enquiry.name, email=enquiry.email, date_of_birth=date_of_birth, phone=enquiry.phone
    )
    appointment = appointment_book(
        practitioner=practitioner,
        client=client,
        appointment_type=appointment_type,
        start=start,
        source="staff",
        actor=actor,
    )
    enquiry.client_id = client.pk
    enquiry.appointment_id = appointment.pk
    fields = ["client_id", "appointment_id"]
    if enquiry.status == Enquiry.Status.NEW:
        enquiry.status = Enquiry.Status.REPLIED
        fields.append("status")
    enquiry.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="enquiry.converted",
        target=enquiry,
        detail=f"client {client.pk}, appointment {appointment.pk}",
    )
    return appointment
