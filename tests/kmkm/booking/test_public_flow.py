"""The public booking flow as a visitor uses it: type, time, details, confirmation, links."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from kmkm.booking.models import Appointment
from kmkm.booking.selectors import appointment_links
from kmkm.booking.services import appointment_book
from kmkm.clinical.models import Client
from tests.kmkm.booking.conftest import london
from tests.kmkm.booking.factories import ClientFactory

pytestmark = pytest.mark.integration

NOW = london(2026, 11, 20, 9, 0)  # Friday; first online time is Saturday 21st at 10:00
SLOT = "2026-12-02T12:00:00Z"  # Wednesday 2 December, 12:00 GMT


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def urls(open_practitioner, consultation):
    args = [consultation.slug, open_practitioner.slug]
    return {
        "times": reverse("booking:times", args=args),
        "json": reverse("booking:times_json", args=args),
        "details": reverse("booking:details", args=args),
    }


def details_form(client, urls, start=SLOT):
    html = client.get(urls["details"], {"start": start}).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    return {
        "start": start,
        "submission": submission,
        "name": "Ada Example",
        "email": "Ada@Example.com",
        "phone": "07700 900123",
        "date_of_birth": "1990-05-17",
        "discuss": "My chin and jawline.",
        "privacy": "on",
    }


def test_start_lists_what_can_be_booked_online(client, urls):
    html = client.get(reverse("booking:start")).content.decode()
    assert f'href="{urls["times"]}"' in html
    assert "Consultation" in html and "30 minutes · Free" in html


def test_book_button_on_public_pages_points_at_the_booking_flow(client, urls):
    from kmkm.website.context_processors import site_chrome

    assert site_chrome(None)["book_url"]() == "/book/"


def test_times_page_and_json_offer_the_same_times(client, urls):
    html = client.get(urls["times"]).content.decode()
    data = client.get(urls["json"], {"from": "2026-11-21", "days": "7"}).json()
    assert data["time_zone"] == "Europe/London"
    assert data["days"][0]["date"] == "2026-11-21"
    assert data["days"][0]["times"][0]["local"] == "10:00"
    page_starts = re.findall(r"\?start=([0-9TZ%A-F:-]+)", html)
    json_starts = [t["start"].replace(":", "%3A") for d in data["days"] for t in d["times"]]
    assert page_starts == json_starts
    assert len(json_starts) == 5 * 31  # Saturday, then Tuesday to Friday


def test_a_visitor_books_a_consultation(client, urls):
    response = client.post(urls["details"], details_form(client, urls))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.start, appointment.status, appointment.source) == (
        london(2026, 12, 2, 12, 0),
        Appointment.Status.BOOKED,
        Appointment.Source.ONLINE,
    )
    assert appointment.notes == "My chin and jawline."
    person = Client.objects.get()
    assert (person.email, person.phone, person.date_of_birth, person.marketing_opt_in) == (
        "ada@example.com",
        "07700900123",
        dt.date(1990, 5, 17),
        False,
    )
    page = client.get(response["Location"])
    assert "You are booked in" in page.content.decode()
    assert "Wednesday 2 December 2026 at 12:00" in page.content.decode()


def test_marketing_opt_in_is_separate_and_unticked(client, urls):
    html = client.get(urls["details"], {"start": SLOT}).content.decode()
    box = re.search(r'<input type="checkbox" name="marketing_opt_in"[^>]*>', html).group(0)
    assert "checked" not in box


def test_under_18_is_refused_kindly_and_nothing_is_saved(client, urls):
    form = details_form(client, urls) | {"date_of_birth": "2010-06-01"}
    response = client.post(urls["details"], form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "under 18" in html and "Botulinum Toxin and Cosmetic Fillers" in html
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Please check the email address"),
        ("phone", "12345", "Please check the phone number"),
        ("phone", "0770<b>0900123", "Please check the phone number"),
        ("name", "<script>alert(1)</script>", "Please use only letters"),
        ("name", "A" * 121, "at most 120 characters"),
        ("discuss", "x" * 1001, "at most 1000 characters"),
        ("date_of_birth", "2030-01-01", "in the future"),
        ("date_of_birth", "31/02/1990", "Please give your date of birth as"),
        ("privacy", "", "Please confirm you have read the privacy notice"),
    ],
)
def test_bad_details_are_explained_next_to_the_field_and_nothing_is_saved(
    client, urls, field, value, message
):
    form = details_form(client, urls) | {field: value}
    if not value:
        form.pop(field)
    response = client.post(urls["details"], form)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    field_id = f"id_{field}"
    assert re.search(rf'<p class="error" id="{field_id}-error">', html)
    widget = re.search(rf'<(input|textarea)[^>]*id="{field_id}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in widget and f"{field_id}-error" in widget
    assert "<script>alert(1)</script>" not in html
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-11-19T12:00:00Z", "That time has already passed"),
        ("2026-12-02T07:00:00Z", "outside the clinic&#x27;s hours"),
        ("2026-11-30T12:00:00Z", "outside the clinic&#x27;s hours"),  # a Monday: closed
        ("2026-12-02T12:05:00Z", "That time is not available"),
        ("not-a-time", "we lost track of the time you chose"),
    ],
)
def test_a_time_that_is_not_offered_is_refused_with_fresh_times(client, urls, start, message):
    form = details_form(client, urls) | {"start": start}
    response = client.post(urls["details"], form)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert html.count('class="time"') == 31 * 5  # a week of fresh times
    assert (Client.objects.count(), Appointment.objects.count()) == (0, 0)


def test_the_loser_of_a_race_is_told_the_time_has_just_been_taken(
    client, urls, open_practitioner, consultation
):
    form = details_form(client, urls)
    appointment_book(
        practitioner=open_practitioner,
        client=ClientFactory(),
        appointment_type=consultation,
        start=london(2026, 12, 2, 12, 0),
    )
    response = client.post(urls["details"], form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "That time has just been taken" in html
    assert "2026-12-02T12%3A00%3A00Z" not in html and "2026-12-02T12%3A30%3A00Z" in html
    assert Client.objects.count() == 1  # only the winner


def test_double_submission_books_once(client, urls):
    form = details_form(client, urls)
    first = client.post(urls["details"], form)
    second = client.post(urls["details"], form)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1


def _path(url):
    return urlsplit(url).path


@pytest.fixture
def booked(open_practitioner, consultation):
    return appointment_book(
        practitioner=open_practitioner,
        client=ClientFactory(),
        appointment_type=consultation,
        start=london(2026, 12, 2, 12, 0),
    )


def test_cancel_link_cancels_once_and_frees_the_time(client, booked, urls):
    cancel = _path(appointment_links(appointment=booked)["cancel"])
    page = client.get(cancel)
    assert page.status_code == 200 and "Cancel this appointment" in page.content.decode()
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED  # looking is not cancelling
    assert client.post(cancel)["Location"] == reverse("booking:cancelled")
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED
    again = client.post(cancel)
    assert again.status_code == 400 and "not valid" in again.content.decode()
    assert (
        "2026-12-02T12%3A00%3A00Z"
        in client.get(urls["times"], {"from": "2026-12-01"}).content.decode()
    )


def test_a_tampered_link_is_refused(client, booked):
    cancel = _path(appointment_links(appointment=booked)["cancel"])
    token = cancel.split("/")[3]
    tampered = cancel.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    response = client.post(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_a_cancel_link_cannot_be_used_to_reschedule(client, booked):
    cancel_token = _path(appointment_links(appointment=booked)["cancel"]).split("/")[3]
    response = client.get(reverse("booking:reschedule", args=[cancel_token]))
    assert response.status_code == 400


def test_an_expired_link_is_refused(client, booked, frozen):
    cancel = _path(appointment_links(appointment=booked)["cancel"])
    frozen.shift(dt.timedelta(days=121))
    response = client.get(cancel)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_reschedule_link_moves_the_appointment_and_old_links_die(client, booked):
    links = appointment_links(appointment=booked)
    page = client.get(_path(links["reschedule"]), {"from": "2026-12-03"})
    assert page.status_code == 200
    assert 'value="2026-12-03T15:00:00Z"' in page.content.decode()
    response = client.post(_path(links["reschedule"]), {"start": "2026-12-03T15:00:00Z"})
    assert response.status_code == 302 and "moved=1" in response["Location"]
    booked.refresh_from_db()
    assert booked.start == london(2026, 12, 3, 15, 0)
    assert client.post(_path(links["cancel"])).status_code == 400


def test_inside_the_cancellation_window_the_client_is_asked_to_call(client, booked, frozen):
    cancel = _path(appointment_links(appointment=booked)["cancel"])
    frozen.move_to(london(2026, 12, 1, 13, 0))
    html = client.get(cancel).content.decode()
    assert "Please call the clinic" in html and "Cancel this appointment" not in html
    assert client.post(cancel).status_code == 400
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_links_are_absolute_on_the_public_site_address(booked, settings):
    links = appointment_links(appointment=booked)
    assert sorted(links) == ["cancel", "reschedule"]
    for purpose, url in links.items():
        assert url.startswith(f"{settings.SITE_URL}/book/manage/")
        assert url.endswith(f"/{purpose}/")
        assert (
            str(booked.reference) not in url
        )  # encoded in the signed token, not readable in the URL


def test_booking_emails_the_client_a_working_cancel_link(
    client, urls, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urls["details"], details_form(client, urls))
    to_client = [m for m in mailoutbox if m.to == ["ada@example.com"]]
    assert len(to_client) == 1
    cancel = re.search(r"https?://\S+/book/manage/\S+/cancel/", to_client[0].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_path(cancel))["Location"] == reverse("booking:cancelled")
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED


def test_a_time_taken_before_the_details_page_opens_is_caught_before_any_typing(
    client, urls, open_practitioner, consultation
):
    appointment_book(
        practitioner=open_practitioner,
        client=ClientFactory(),
        appointment_type=consultation,
        start=london(2026, 12, 2, 12, 0),
    )
    response = client.get(urls["details"], {"start": SLOT})
    assert response.status_code == 409
    html = response.content.decode()
    assert "that time is no longer free" in html
    assert "2026-12-02T12%3A30%3A00Z" in html and 'name="email"' not in html
