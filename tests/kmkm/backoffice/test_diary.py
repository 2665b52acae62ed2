"""The diary, as reception and the practitioner use it; the outsider never sees it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from kmkm.audit.models import AuditEvent
from kmkm.booking.models import Appointment, BlockedTime
from kmkm.booking.services import appointment_book
from kmkm.clinical.models import Client
from tests.conftest import verified_client
from tests.kmkm.booking.conftest import london
from tests.kmkm.booking.factories import ClientFactory, ConsultationTypeFactory, weekly_hours

pytestmark = pytest.mark.integration

NOW = london(2026, 11, 20, 9, 0)  # Friday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def diary(practitioner):
    from kmkm.booking.models import BookingPolicy

    BookingPolicy.load()
    weekly_hours(practitioner)
    return practitioner


@pytest.fixture
def consultation(db):
    return ConsultationTypeFactory()


@pytest.fixture
def booked(diary, consultation):
    return appointment_book(
        practitioner=diary,
        client=ClientFactory(name="Ada Example"),
        appointment_type=consultation,
        start=london(2026, 12, 2, 12, 0),
        notes="<b>chin</b> & jaw",
    )


def day_url(practitioner, day="2026-12-02"):
    return reverse("backoffice:diary_day", args=[practitioner.slug, day])


def test_the_outsider_and_the_public_cannot_reach_the_diary(
    client, outsider_client, outsider, diary, booked
):
    # Even with a second factor, an account that is not staff is turned away.
    verified_outsider = verified_client(outsider)
    for url in (
        reverse("backoffice:diary"),
        day_url(diary),
        reverse("backoffice:diary_week", args=[diary.slug, "2026-11-30"]),
        reverse("backoffice:diary_appointment", args=[booked.pk]),
        reverse("backoffice:client_find"),
    ):
        for visitor in (client, outsider_client, verified_outsider):
            response = visitor.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(("/clinic-cms/login/", "/staff/second-factor/"))
        assert verified_outsider.get(url)["Location"].startswith("/clinic-cms/login/")
    assert AuditEvent.objects.filter(action__in=["diary.viewed", "client.searched"]).count() == 0


def test_staff_without_a_second_factor_are_sent_to_verify(diary):
    from django.test import Client as Browser

    from tests.factories import UserFactory

    browser = Browser()
    browser.force_login(UserFactory(username="nofactor"))
    response = browser.get(day_url(diary))
    assert response.status_code == 302 and "second-factor" in response["Location"]


def test_reception_sees_the_day_with_markup_escaped_and_the_view_is_audited(
    receptionist_client, receptionist, diary, booked
):
    response = receptionist_client.get(day_url(diary))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Example" in html and "12:00–12:30" in html
    detail = receptionist_client.get(
        reverse("backoffice:diary_appointment", args=[booked.pk])
    ).content.decode()
    assert "&lt;b&gt;chin&lt;/b&gt; &amp; jaw" in detail and "<b>chin</b>" not in detail
    actions = list(AuditEvent.objects.filter(actor=receptionist).values_list("action", "target"))
    assert actions == [
        ("client.viewed", f"clinical.client:{booked.client_id}"),
        ("diary.viewed", f"accounts.practitioner:{diary.pk}"),
    ]


def test_week_view_lists_the_weeks_appointments(practitioner_client, diary, booked):
    html = practitioner_client.get(
        reverse("backoffice:diary_week", args=[diary.slug, "2026-12-03"])
    ).content.decode()
    assert "Mon 30 Nov" in html and "Sun 6 Dec" in html
    assert "Ada Example" in html


def test_staff_book_for_a_new_client_at_short_notice(
    receptionist_client, receptionist, diary, consultation
):
    new = reverse("backoffice:diary_new", args=[diary.slug])
    response = receptionist_client.post(
        f"{new}?date=2026-11-21",
        {
            "action": "new_client",
            "name": "Bea Sample",
            "email": "bea@example.com",
            "phone": "07700 900456",
            "date_of_birth": "1985-02-03",
        },
    )
    person = Client.objects.get()
    assert response.status_code == 302 and f"client={person.pk}" in response["Location"]
    page = receptionist_client.get(
        f"{new}?date=2026-11-21&client={person.pk}&type={consultation.slug}"
    )
    assert 'value="2026-11-21T10:00:00+00:00"' in page.content.decode()
    response = receptionist_client.post(
        f"{new}?date=2026-11-21&client={person.pk}&type={consultation.slug}",
        {"start": "2026-11-21T10:00:00+00:00"},
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.source, appointment.created_by, appointment.start) == (
        Appointment.Source.STAFF,
        receptionist,
        london(2026, 11, 21, 10, 0),
    )


def test_staff_booking_for_an_under_18_is_refused_in_the_diary(
    receptionist_client, diary, consultation
):
    minor = ClientFactory(date_of_birth=dt.date(2010, 1, 1))
    new = reverse("backoffice:diary_new", args=[diary.slug])
    response = receptionist_client.post(
        f"{new}?date=2026-12-02&client={minor.pk}&type={consultation.slug}",
        {"start": "2026-12-02T12:00:00+00:00"},
        follow=True,
    )
    assert "Children) Act 2021" in response.content.decode()
    assert Appointment.objects.count() == 0


def test_cancelling_inside_the_window_needs_a_reason_and_is_audited(
    receptionist_client, receptionist, diary, consultation
):
    tomorrow = appointment_book(
        practitioner=diary,
        client=ClientFactory(),
        appointment_type=consultation,
        start=london(2026, 11, 21, 12, 0),
        source=Appointment.Source.STAFF,
        actor=receptionist,
    )
    url = reverse("backoffice:diary_cancel", args=[tomorrow.pk])
    receptionist_client.post(url, {"override_reason": ""})
    tomorrow.refresh_from_db()
    assert tomorrow.status == Appointment.Status.BOOKED
    receptionist_client.post(url, {"override_reason": "Client rang, unwell"})
    tomorrow.refresh_from_db()
    assert tomorrow.status == Appointment.Status.CANCELLED
    override = AuditEvent.objects.get(action="appointment.cancel_override")
    assert (override.actor, "Client rang, unwell" in override.detail) == (receptionist, True)


def test_move_offers_free_times_and_moves(receptionist_client, booked):
    url = reverse("backoffice:diary_move", args=[booked.pk])
    html = receptionist_client.get(f"{url}?date=2026-12-03").content.decode()
    assert 'value="2026-12-03T15:00:00+00:00"' in html
    assert receptionist_client.post(url, {"start": "2026-12-03T15:00:00+00:00"}).status_code == 302
    booked.refresh_from_db()
    assert booked.start == london(2026, 12, 3, 15, 0)


def test_block_out_time_then_attendance(practitioner_client, practitioner, diary, booked, frozen):
    url = reverse("backoffice:diary_block", args=[diary.slug])
    response = practitioner_client.post(
        url,
        {"date": "2026-12-02", "start_time": "11:00", "end_time": "13:00", "reason": "Training"},
    )
    assert "There is 1 appointment in that time" in response.content.decode()
    practitioner_client.post(
        url,
        {"date": "2026-12-02", "start_time": "14:00", "end_time": "15:00", "reason": "Training"},
    )
    block = BlockedTime.objects.get()
    assert (block.start, block.end) == (london(2026, 12, 2, 14, 0), london(2026, 12, 2, 15, 0))
    frozen.move_to(london(2026, 12, 2, 12, 40))
    practitioner_client = verified_client(practitioner.user)  # the old session has expired
    practitioner_client.post(reverse("backoffice:diary_attendance", args=[booked.pk, "attended"]))
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.ATTENDED


def test_find_a_client_is_audited_without_the_search_text(
    receptionist_client, receptionist, booked
):
    html = receptionist_client.post(
        reverse("backoffice:client_find"), {"q": "ada ex"}
    ).content.decode()
    assert "Ada Example" in html
    # The search is posted, so a typed name never lands in a URL or an access log.
    page = receptionist_client.get(reverse("backoffice:client_find")).content.decode()
    assert '<form method="post" class="search">' in page
    event = AuditEvent.objects.get(action="client.searched")
    assert (event.actor, event.detail) == (receptionist, "1 shown")
    assert "ada" not in event.detail.lower()
