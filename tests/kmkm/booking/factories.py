"""Factories for booking tests: fictional clients, the clinic's appointment types, hours."""

from __future__ import annotations

import datetime as dt

import factory

from kmkm.booking.models import AppointmentType, WeeklyHours
from kmkm.clinical.models import Client


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Ada Example{n}")
    email = factory.Sequence(lambda n: f"ada{n}@example.com")
    phone = "07700900123"
    date_of_birth = dt.date(1990, 5, 17)


class ConsultationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        django_get_or_create = ("slug",)

    name = "Consultation"
    slug = "consultation"
    kind = AppointmentType.Kind.CONSULTATION
    duration_minutes = 30
    price = 0
    bookable_online = True
    is_filler_or_toxin = True


class TreatmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        django_get_or_create = ("slug",)

    name = "Profile balancing treatment"
    slug = "profile-balancing-treatment"
    kind = AppointmentType.Kind.TREATMENT
    duration_minutes = 60
    buffer_after_minutes = 15
    bookable_online = True
    requires_consultation = True
    reflection_hours = 0
    is_filler_or_toxin = True


class ReviewTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        django_get_or_create = ("slug",)

    name = "Review"
    slug = "review"
    kind = AppointmentType.Kind.REVIEW
    duration_minutes = 15
    price = 0
    bookable_online = True


def weekly_hours(practitioner, days=(1, 2, 3, 4, 5), start=dt.time(10), end=dt.time(18)):
    """Tuesday to Saturday, 10:00 to 18:00 local time, like the demo clinic."""
    return [
        WeeklyHours.objects.create(
            practitioner=practitioner, weekday=d, start_time=start, end_time=end
        )
        for d in days
    ]
