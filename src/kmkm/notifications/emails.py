"""Building an email from a queued message: three templates (subject, text, HTML) per kind.

Templates live in ``templates/notifications/<kind>_subject.txt``, ``<kind>.txt`` and
``<kind>.html``. The plain-text part is rendered with autoescaping off (it is not HTML); the HTML
part keeps Django's autoescaping, so anything a person typed is shown, never interpreted.
"""

from __future__ import annotations

import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from .ics import appointment_ics, clinic_domain
from .models import Message

APPOINTMENT_KINDS_WITH_CALENDAR = {
    Message.Kind.BOOKING_CONFIRMATION,
    Message.Kind.BOOKING_RESCHEDULED,
    Message.Kind.BOOKING_CANCELLED,
}


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _staff_url(name: str, *args: Any) -> str:
    try:
        return absolute(reverse(name, args=args))
    except NoReverseMatch:
        return absolute("/staff/")


def load_appointment(pk: int) -> Any:
    from kmkm.booking.models import Appointment

    return (
        Appointment.objects.select_related("client", "practitioner", "appointment_type")
        .filter(pk=pk)
        .first()
    )


def load_enquiry(pk: int) -> Any:
    from kmkm.enquiries.models import Enquiry

    return Enquiry.objects.filter(pk=pk).first()


def appointment_context(appointment: Any, *, with_links: bool = True) -> dict[str, Any]:
    london = ZoneInfo(settings.CLINIC_TIME_ZONE)
    context: dict[str, Any] = {
        "appointment": appointment,
        "client_name": appointment.client.name,
        "type_name": appointment.appointment_type.name,
        "practitioner_name": appointment.practitioner.name,
        "start_local": appointment.start.astimezone(london),
        "end_local": appointment.end.astimezone(london),
        "diary_url": _staff_url("backoffice:home"),
    }
    if with_links:
        from kmkm.booking.selectors import appointment_links

        links = appointment_links(appointment=appointment)
        context["cancel_url"] = absolute(links["cancel"])
        context["reschedule_url"] = absolute(links["reschedule"])
    return context


def enquiry_context(enquiry: Any) -> dict[str, Any]:
    return {
        "enquiry": enquiry,
        "received_local": enquiry.received_at.astimezone(ZoneInfo(settings.CLINIC_TIME_ZONE)),
        "inbox_url": _staff_url("backoffice:enquiry_detail", enquiry.pk),
    }


def message_context(message: Message, record: Any, *, with_links: bool = True) -> dict[str, Any]:
    """What the templates see. ``record`` is the appointment or enquiry the message is about."""
    base: dict[str, Any] = {
        "clinic_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "message": message,
    }
    if message.about == Message.About.ENQUIRY:
        base.update(enquiry_context(record))
    else:
        # Links are for the client only, and not for a cancelled appointment.
        with_links = with_links and message.kind in {
            Message.Kind.BOOKING_CONFIRMATION,
            Message.Kind.BOOKING_RESCHEDULED,
            Message.Kind.BOOKING_REMINDER,
        }
        base.update(appointment_context(record, with_links=with_links))
    return base


def render_subject(kind: str, context: dict[str, Any]) -> str:
    subject = render_to_string(f"notifications/{kind}_subject.txt", context)
    return " ".join(subject.split())[:200]


def message_id_header(message: Message) -> str:
    # Stable per message, so a mail server that sees a resend after a crash can drop the copy.
    digest = hashlib.sha256(message.event_key.encode()).hexdigest()[:16]
    return f"<kmkm.{message.pk}.{digest}@{clinic_domain()}>"


def build_email(message: Message) -> EmailMultiAlternatives:
    """Render ``message`` from its live record. Raises LookupError if the record has gone."""
    record = (
        load_enquiry(message.about_id)
        if message.about == Message.About.ENQUIRY
        else load_appointment(message.about_id)
    )
    if record is None:
        raise LookupError(f"The {message.about} this message is about no longer exists.")
    context = message_context(message, record)
    # Rendered again, like the body, so subject and body agree if the record changed meanwhile.
    message.subject = render_subject(message.kind, context)
    text = render_to_string(f"notifications/{message.kind}.txt", context)
    html = render_to_string(f"notifications/{message.kind}.html", context)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id_header(message), "Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    if message.kind in APPOINTMENT_KINDS_WITH_CALENDAR:
        cancelled = message.kind == Message.Kind.BOOKING_CANCELLED
        ics = appointment_ics(
            appointment=record,
            sequence=int(message.context.get("sequence", 0)),
            cancelled=cancelled,
        )
        method = "CANCEL" if cancelled else "REQUEST"
        email.attach("appointment.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    return email
