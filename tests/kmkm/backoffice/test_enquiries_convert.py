"""Turning an enquiry into a client and a consultation booking, in one all-or-nothing step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kmkm.audit.models import AuditEvent
from kmkm.booking.errors import UnderAgeRefused
from kmkm.booking.models import Appointment, BookingPolicy
from kmkm.clinical.models import Client
from kmkm.enquiries.models import Enquiry
from tests.factories import EnquiryFactory
from tests.kmkm.booking.factories import ClientFactory, ConsultationTypeFactory, weekly_hours

pytestmark = pytest.mark.integration

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


@pytest.fixture
def clinic(practitioner):
    policy = BookingPolicy.load()
    policy.minimum_notice_hours = 2
    policy.save()
    weekly_hours(practitioner, days=(0, 1, 2, 3, 4), start=dt.time(9), end=dt.time(17))
    return practitioner


@pytest.fixture
def consultation(db):
    return ConsultationTypeFactory()


@pytest.fixture
def enquiry(db):
    return EnquiryFactory(name="Ada Example", email="ada@example.com", phone="07700 900123")


def book_from(http, enquiry, clinic, consultation, **overrides):
    data = {
        "date_of_birth": "1990-05-17",
        "practitioner": clinic.pk,
        "appointment_type": consultation.pk,
        "day": "2026-11-26",
        "time": "10:00",
    }
    data.update(overrides)
    with time_machine.travel(NOW, tick=False):
        return http.post(f"/staff/enquiries/{enquiry.pk}/book/", data)


def test_receptionist_turns_an_enquiry_into_a_client_and_a_booking(
    receptionist_client,
    receptionist,
    enquiry,
    clinic,
    consultation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = book_from(receptionist_client, enquiry, clinic, consultation)
    assert response.status_code == 302
    client = Client.objects.get()
    assert (client.name, client.email, client.date_of_birth) == (
        "Ada Example",
        "ada@example.com",
        dt.date(1990, 5, 17),
    )
    appointment = Appointment.objects.get()
    assert (appointment.client, appointment.practitioner, appointment.source) == (
        client,
        clinic,
        "staff",
    )
    assert appointment.start == dt.datetime(2026, 11, 26, 10, 0, tzinfo=LONDON)
    enquiry.refresh_from_db()
    assert (enquiry.client_id, enquiry.appointment_id, enquiry.status) == (
        client.pk,
        appointment.pk,
        "replied",
    )
    event = AuditEvent.objects.get(action="enquiry.converted")
    assert (event.actor, event.detail) == (
        receptionist,
        f"client {client.pk}, appointment {appointment.pk}",
    )
    # The client is told; the clinic, which made the booking itself, gets no "new booking" email.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ada@example.com"], "Your consultation is booked: Thursday 26 November at 10:00")
    ]


def test_an_existing_client_with_the_same_email_and_birth_date_is_reused(
    receptionist_client, enquiry, clinic, consultation
):
    existing = ClientFactory(email="ada@example.com", date_of_birth=dt.date(1990, 5, 17))
    book_from(receptionist_client, enquiry, clinic, consultation)
    assert list(Client.objects.all()) == [existing]
    assert Appointment.objects.get().client == existing


def test_under_18_on_the_day_is_refused_and_nothing_is_saved(
    receptionist_client, enquiry, clinic, consultation
):
    response = book_from(
        receptionist_client, enquiry, clinic, consultation, date_of_birth="2009-01-01"
    )
    assert response.status_code == 400
    assert "Botulinum Toxin and Cosmetic Fillers" in response.content.decode()
    assert response.content.decode().count(UnderAgeRefused.message[:40]) == 1
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.appointment_id) == ("new", None)
    assert AuditEvent.objects.filter(action="enquiry.converted").count() == 0


def test_a_taken_time_is_refused_and_no_client_is_left_behind(
    receptionist_client, enquiry, clinic, consultation
):
    first = EnquiryFactory(email="bea@example.com")
    assert book_from(receptionist_client, first, clinic, consultation).status_code == 302
    response = book_from(receptionist_client, enquiry, clinic, consultation)
    assert response.status_code == 400
    assert "That time has just been taken" in response.content.decode()
    assert list(Client.objects.values_list("email", flat=True)) == ["bea@example.com"]
    assert Appointment.objects.count() == 1


def test_an_enquiry_is_turned_into_a_booking_only_once(
    receptionist_client, enquiry, clinic, consultation
):
    book_from(receptionist_client, enquiry, clinic, consultation)
    response = book_from(receptionist_client, enquiry, clinic, consultation, time="14:00")
    assert response.status_code == 400
    assert "This enquiry has already been turned into a booking." in response.content.decode()
    assert Appointment.objects.count() == 1


def test_outsider_cannot_turn_an_enquiry_into_a_booking(
    outsider_client, enquiry, clinic, consultation
):
    response = book_from(outsider_client, enquiry, clinic, consultation)
    assert response.status_code == 302
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)
    assert Enquiry.objects.get().appointment_id is None


def test_a_time_that_is_not_a_time_gets_a_plain_message_and_nothing_is_saved(
    receptionist_client, enquiry, clinic, consultation
):
    response = book_from(receptionist_client, enquiry, clinic, consultation, time="half past")
    assert response.status_code == 400
    assert "Please give the time as hours and minutes, e.g. 14:30." in response.content.decode()
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)


def test_outside_the_clinic_hours_is_refused_with_the_booking_rule_message(
    receptionist_client, enquiry, clinic, consultation
):
    response = book_from(receptionist_client, enquiry, clinic, consultation, time="20:00")
    assert response.status_code == 400
    assert "outside the clinic&#x27;s hours" in response.content.decode()
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)
