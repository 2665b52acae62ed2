"""Clients: found again by email and date of birth, never overwritten by public input."""

from __future__ import annotations

import datetime as dt

import pytest

from kmkm.audit.models import AuditEvent
from kmkm.clinical.models import Client
from kmkm.clinical.selectors import client_get, client_search
from kmkm.clinical.services import client_find_or_create

pytestmark = pytest.mark.integration

BORN = dt.date(1990, 5, 17)


def make(**kwargs):
    values = {
        "name": "Ada Example",
        "email": "ada@example.com",
        "date_of_birth": BORN,
        "phone": "07700 900123",
    }
    return client_find_or_create(**(values | kwargs))


def test_the_same_email_and_date_of_birth_find_the_same_client(db):
    first, created = make()
    again, created_again = make(email=" ADA@example.com ", name="Someone Else")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    again.refresh_from_db()
    assert again.name == "Ada Example"  # public input never renames a client


def test_another_date_of_birth_with_the_same_email_is_a_new_client(db):
    first, _ = make()
    other, created = make(date_of_birth=dt.date(2009, 1, 1))
    assert created is True and other.pk != first.pk
    assert Client.objects.count() == 2


def test_marketing_is_off_unless_the_client_opts_in(db):
    client, _ = make()
    assert client.marketing_opt_in is False
    make(marketing_opt_in=True)
    client.refresh_from_db()
    assert client.marketing_opt_in is True
    make(marketing_opt_in=False)
    client.refresh_from_db()
    assert client.marketing_opt_in is True  # opting out is its own action, never a side effect


def test_phone_is_stored_as_digits_so_staff_can_find_it(db):
    client, _ = make(phone="07700 900-123")
    assert client.phone == "07700900123"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2008, 12, 2), dt.date(2026, 12, 1), 17),
        (dt.date(2008, 12, 2), dt.date(2026, 12, 2), 18),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_on_a_date_counts_whole_years(born, on, age):
    assert Client(date_of_birth=born).age_on(on) == age


def test_str_never_shows_the_name(db):
    client, _ = make()
    assert str(client) == f"Client {client.pk}"


def test_search_finds_by_name_email_or_phone_and_audits_only_the_count(receptionist):
    ada, _ = make()
    make(
        name="Bea Sample",
        email="bea@example.com",
        phone="07700 900456",
        date_of_birth=dt.date(1985, 1, 1),
    )
    assert client_search(actor=receptionist, query="ada") == [ada]
    assert client_search(actor=receptionist, query="example.com")[0].name == "Ada Example"
    assert client_search(actor=receptionist, query="07700 900123") == [ada]
    assert client_search(actor=receptionist, query="a") == []  # too short to search
    details = list(
        AuditEvent.objects.filter(action="client.searched").values_list("detail", flat=True)
    )
    assert details == ["1 shown", "2 shown", "1 shown"]


def test_viewing_a_client_is_audited(receptionist):
    ada, _ = make()
    assert client_get(actor=receptionist, pk=ada.pk) == ada
    event = AuditEvent.objects.get(action="client.viewed")
    assert (event.actor, event.target, event.detail) == (
        receptionist,
        f"clinical.client:{ada.pk}",
        "",
    )
