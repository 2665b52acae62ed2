"""Appointment emails: confirmation with calendar file, clinic copy, reschedule, cancellation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from kmkm.booking.selectors import appointment_from_token
from kmkm.booking.services import appointment_cancel, appointment_reschedule
from kmkm.notifications.models import Message
from kmkm.notifications.services import notify
from kmkm.notifications.tasks import message_send

from .conftest import LONDON, START

pytestmark = pytest.mark.integration


def calendar_of(email) -> tuple[str, Calendar]:
    (name, content, mimetype) = email.attachments[0]
    assert name == "appointment.ics"
    return mimetype, Calendar.from_ical(content)


def event_of(calendar: Calendar):
    return calendar.walk("VEVENT")[0]


def client_emails(mailoutbox):
    return [m for m in mailoutbox if m.to == ["ada@example.com"]]


def test_booking_sends_a_confirmation_to_the_client_and_a_new_booking_email_to_the_clinic(
    book, mailoutbox, settings
):
    settings.CLINIC_NOTIFY_EMAIL = "khloe@kmkm.example"
    book()
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.com", "khloe@kmkm.example"]
    confirmation = client_emails(mailoutbox)[0]
    assert confirmation.subject == "Your consultation is booked: Thursday 26 November at 10:00"
    clinic = next(m for m in mailoutbox if m.to == ["khloe@kmkm.example"])
    assert clinic.subject == "New booking: consultation on Thu 26 Nov at 10:00"
    assert clinic.attachments == []
    assert sorted(Message.objects.values_list("kind", "status")) == [
        ("booking_confirmation", "sent"),
        ("booking_new_clinic", "sent"),
    ]


def links_in(text: str) -> dict[str, str]:
    found = re.findall(
        r"http://127\.0\.0\.1:8000/book/manage/([^/\s\"]+)/(cancel|reschedule)/", text
    )
    return {purpose: token for token, purpose in found}


def test_confirmation_has_text_and_html_parts_with_working_links(book, mailoutbox):
    appointment = book()
    confirmation = client_emails(mailoutbox)[0]
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    for part in (confirmation.body, html):
        assert "Dear Ada Lovelace" in part
        assert "Thursday 26 November 2026, 10:00 to 10:30" in part
        links = links_in(part)
        assert sorted(links) == ["cancel", "reschedule"]
        for purpose, token in links.items():
            assert appointment_from_token(token=token, purpose=purpose) == appointment
    assert "<a href=" in html and "<a href=" not in confirmation.body


def test_client_name_with_markup_is_escaped_in_html_and_plain_in_text(book, mailoutbox):
    from tests.kmkm.booking.factories import ClientFactory

    book(client=ClientFactory(name="Ada & <Bea>", email="ada@example.com"))
    confirmation = client_emails(mailoutbox)[0]
    html = confirmation.alternatives[0][0]
    assert "Dear Ada &amp; &lt;Bea&gt;" in html
    assert "Dear Ada & <Bea>" in confirmation.body


def test_confirmation_calendar_file_has_stable_uid_utc_start_and_sequence_zero(book, mailoutbox):
    appointment = book()
    mimetype, calendar = calendar_of(client_emails(mailoutbox)[0])
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    assert str(calendar["METHOD"]) == "REQUEST"
    event = event_of(calendar)
    assert str(event["UID"]) == f"appointment-{appointment.pk}@kmkm.example"
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.UTC)
    assert event["DTSTART"].to_ical() == b"20261126T100000Z"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_reschedule_keeps_the_uid_and_bumps_the_sequence(book, mailoutbox, committed):
    appointment = book()
    new_start = dt.datetime(2026, 11, 27, 14, 0, tzinfo=LONDON)
    committed(appointment_reschedule, appointment=appointment, start=new_start)
    moved = client_emails(mailoutbox)[-1]
    assert moved.subject == "Your consultation has moved to Friday 27 November at 14:00"
    event = event_of(calendar_of(moved)[1])
    assert str(event["UID"]) == f"appointment-{appointment.pk}@kmkm.example"
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].to_ical() == b"20261127T140000Z"

    committed(
        appointment_reschedule, appointment=appointment, start=new_start + dt.timedelta(hours=1)
    )
    assert int(event_of(calendar_of(client_emails(mailoutbox)[-1])[1])["SEQUENCE"]) == 2


def test_cancellation_sends_method_cancel_with_a_higher_sequence(book, mailoutbox, committed):
    appointment = book()
    committed(appointment_cancel, appointment=appointment)
    cancelled = client_emails(mailoutbox)[-1]
    assert cancelled.subject == "Your consultation on Thursday 26 November is cancelled"
    mimetype, calendar = calendar_of(cancelled)
    assert mimetype == "text/calendar; method=CANCEL; charset=utf-8"
    assert str(calendar["METHOD"]) == "CANCEL"
    event = event_of(calendar)
    assert (str(event["UID"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (
        f"appointment-{appointment.pk}@kmkm.example",
        1,
        "CANCELLED",
    )
    # A cancelled appointment's email offers no cancel or reschedule link.
    assert links_in(cancelled.body) == {}


def test_the_same_event_reported_twice_makes_one_message(book, mailoutbox, committed):
    appointment = book()
    committed(notify, event="appointment.booked", appointment=appointment)
    assert Message.objects.filter(kind="booking_confirmation").count() == 1
    assert len(client_emails(mailoutbox)) == 1


def test_the_send_task_run_twice_sends_once(book, mailoutbox):
    book()
    message = Message.objects.get(kind="booking_confirmation")
    message_send.enqueue(message.pk)
    message_send.enqueue(message.pk)
    assert len(client_emails(mailoutbox)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


@pytest.mark.parametrize(
    ("local_start", "utc_ical", "shown"),
    [
        # The Monday after the clocks go forward (29 March 2026): 10:00 BST is 09:00 UTC.
        (
            dt.datetime(2026, 3, 30, 10, 0, tzinfo=LONDON),
            b"20260330T090000Z",
            "Monday 30 March 2026, 10:00",
        ),
        # The Monday after the clocks go back (25 October 2026): 10:00 GMT is 10:00 UTC.
        (
            dt.datetime(2026, 10, 26, 10, 0, tzinfo=LONDON),
            b"20261026T100000Z",
            "Monday 26 October 2026, 10:00",
        ),
    ],
)
def test_times_across_both_clock_changes_are_shown_in_london_and_filed_in_utc(
    clinic, django_capture_on_commit_callbacks, mailoutbox, local_start, utc_ical, shown
):
    import time_machine

    from kmkm.booking.services import appointment_book
    from tests.kmkm.booking.factories import ClientFactory, ConsultationTypeFactory

    # Booked on the Friday before each change, so the change falls in between.
    booked_at = local_start - dt.timedelta(days=3)
    with (
        time_machine.travel(booked_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        appointment_book(
            practitioner=clinic,
            client=ClientFactory(email="ada@example.com"),
            appointment_type=ConsultationTypeFactory(),
            start=local_start,
        )
    confirmation = client_emails(mailoutbox)[0]
    assert shown in confirmation.body
    assert event_of(calendar_of(confirmation)[1])["DTSTART"].to_ical() == utc_ical


def test_unknown_event_is_refused(book):
    appointment = book()
    with pytest.raises(ValueError):
        notify("appointment.deleted", appointment=appointment)


def test_start_constant_is_in_london():
    assert START.utcoffset() == dt.timedelta(0)
