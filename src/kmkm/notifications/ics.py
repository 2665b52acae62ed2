"""Calendar attachments (RFC 5545 / iTIP) for appointment emails.

One appointment keeps one UID for its whole life, so a calendar app updates or removes the event
it already has instead of adding a second one. SEQUENCE goes up with each reschedule and once
more for a cancellation; times are written in UTC so no time-zone table is needed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//KMKM//Clinic booking//EN"


def clinic_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1]
    return address.strip(" >") or "kmkm.example"


def appointment_uid(*, appointment: Any) -> str:
    return f"appointment-{appointment.pk}@{clinic_domain()}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def appointment_ics(*, appointment: Any, sequence: int, cancelled: bool = False) -> bytes:
    """The appointment as a one-event calendar: METHOD:REQUEST, or METHOD:CANCEL when cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", appointment_uid(appointment=appointment))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(appointment.start))
    event.add("dtend", _utc(appointment.end))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add(
        "summary", f"{appointment.appointment_type.name} with {appointment.practitioner.name}"
    )
    event.add("location", getattr(settings, "CLINIC_ADDRESS", "") or settings.WAGTAIL_SITE_NAME)
    organizer = vCalAddress(f"mailto:{settings.CLINIC_NOTIFY_EMAIL}")
    organizer.params["cn"] = vText(settings.WAGTAIL_SITE_NAME)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{appointment.client.email}")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
