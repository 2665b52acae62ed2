"""The demo booking data loads, offers online times, and is safe to load twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from kmkm.booking.demo import load_demo
from kmkm.booking.models import Appointment, AppointmentType, WeeklyHours
from kmkm.booking.selectors import available_slots, local_today, online_appointment_types

pytestmark = pytest.mark.integration


def test_demo_loads_once_and_offers_online_consultations(practitioner):
    load_demo(io.StringIO())
    load_demo(io.StringIO())
    assert AppointmentType.objects.count() == 3
    assert WeeklyHours.objects.filter(practitioner=practitioner).count() == 5
    assert Appointment.objects.count() == 3
    assert [t.slug for t in online_appointment_types()] == ["consultation", "review"]
    consultation = AppointmentType.objects.get(slug="consultation")
    slots = available_slots(
        practitioner=practitioner,
        appointment_type=consultation,
        start_date=local_today(),
        end_date=local_today() + dt.timedelta(days=14),
    )
    assert len(slots) > 50
