"""Demo booking data for `make run`: appointment types, Nurse Khloe's hours, a few bookings.

Idempotent: types are matched by slug, hours are added only if she has none, and the demo
appointments only if none of the fictional demo clients has one. The clients are fictional and
use reserved example.com addresses. Demo appointments are written directly (not through
``appointment_book``) so that loading the demo queues no emails; they are placed in free times.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from kmkm.accounts.models import Practitioner

from . import selectors
from .models import Appointment, AppointmentType, BookingPolicy, WeeklyHours

TYPES = [
    {
        "slug": "consultation",
        "name": "Consultation",
        "kind": AppointmentType.Kind.CONSULTATION,
        "description": "A relaxed conversation about what you would like and whether treatment is "
        "right for you. Free, with no obligation.",
        "duration_minutes": 30,
        "buffer_after_minutes": 10,
        "price": 0,
        "bookable_online": True,
        # The clinic's consultations are about filler and toxin treatments, so the under-18
        # rule applies to booking them too.
        "is_filler_or_toxin": True,
        "order": 0,
    },
    {
        "slug": "profile-balancing-treatment",
        "name": "Profile balancing treatment",
        "kind": AppointmentType.Kind.TREATMENT,
        "description": "Dermal filler to the lips, chin or jawline, as agreed at your consultation.",
        "duration_minutes": 60,
        "buffer_before_minutes": 10,
        "buffer_after_minutes": 15,
        "price": None,
        "bookable_online": False,
        "requires_consultation": True,
        # The demo clinic's own choice of a week to think it over; not a legal minimum.
        "reflection_hours": 7 * 24,
        "is_filler_or_toxin": True,
        "order": 1,
    },
    {
        "slug": "review",
        "name": "Review",
        "kind": AppointmentType.Kind.REVIEW,
        "description": "A short check after treatment, about two weeks on. Free.",
        "duration_minutes": 15,
        "price": 0,
        "bookable_online": True,
        "order": 2,
    },
]

#: Tuesday to Saturday; a late finish on Thursday.
HOURS = [
    (WeeklyHours.Weekday.TUESDAY, dt.time(10), dt.time(18)),
    (WeeklyHours.Weekday.WEDNESDAY, dt.time(10), dt.time(18)),
    (WeeklyHours.Weekday.THURSDAY, dt.time(12), dt.time(20)),
    (WeeklyHours.Weekday.FRIDAY, dt.time(10), dt.time(18)),
    (WeeklyHours.Weekday.SATURDAY, dt.time(9), dt.time(14)),
]

DEMO_CLIENTS = [
    ("Demo Client Amara", "amara.demo@example.com", dt.date(1988, 3, 14), "consultation"),
    ("Demo Client Beth", "beth.demo@example.com", dt.date(1979, 11, 2), "consultation"),
    ("Demo Client Chiara", "chiara.demo@example.com", dt.date(1993, 7, 21), "review"),
]


@transaction.atomic
def load_demo(stdout: TextIO) -> None:
    from kmkm.clinical.models import Client

    BookingPolicy.load()
    types = {}
    for spec in TYPES:
        values = dict(spec)
        slug = values.pop("slug")
        types[slug], _ = AppointmentType.objects.get_or_create(slug=slug, defaults=values)

    khloe = (
        Practitioner.objects.filter(slug="nurse-khloe").first()
        or Practitioner.objects.filter(is_active=True).first()
    )
    if khloe is None:
        stdout.write("  Booking: no practitioner yet, so no hours or demo appointments.\n")
        return
    if not WeeklyHours.objects.filter(practitioner=khloe).exists():
        WeeklyHours.objects.bulk_create(
            WeeklyHours(practitioner=khloe, weekday=day, start_time=start, end_time=end)
            for day, start, end in HOURS
        )

    emails = [email for _, email, _, _ in DEMO_CLIENTS]
    if Appointment.objects.filter(client__email__in=emails).exists():
        stdout.write("  Booking: demo appointments already loaded.\n")
        return
    today = selectors.local_today()
    made = 0
    for index, (name, email, born, slug) in enumerate(DEMO_CLIENTS):
        client, _ = Client.objects.get_or_create(
            email=email, defaults={"name": name, "date_of_birth": born}
        )
        kind = types[slug]
        slots = selectors.available_slots(
            practitioner=khloe,
            appointment_type=kind,
            start_date=today + dt.timedelta(days=2 + index),
            end_date=today + dt.timedelta(days=16),
        )
        if not slots:
            continue
        slot = slots[min(len(slots) - 1, 4 * index + 2)]
        Appointment.objects.create(
            practitioner=khloe,
            client=client,
            appointment_type=kind,
            start=slot.start,
            end=slot.end,
            held_from=slot.start - kind.buffer_before,
            held_until=slot.end + kind.buffer_after,
            source=Appointment.Source.STAFF,
            notes="Demo booking for a fictional client.",
        )
        made += 1
    stdout.write(
        f"  Booking: {len(TYPES)} appointment types, Nurse Khloe's hours, {made} demo appointments.\n"
    )
