"""Never a double booking, proven with real concurrent transactions on PostgreSQL.

Each thread has its own database connection and its own transaction; a barrier releases them
together. Every loser must be told "just taken" (SlotTaken): a server error such as a deadlock
is a failure too, because that client would see a broken page instead of fresh times.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kmkm.booking.errors import SlotTaken
from kmkm.booking.models import Appointment
from kmkm.booking.services import appointment_book
from tests.kmkm.booking.conftest import london
from tests.kmkm.booking.factories import ClientFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = london(2026, 11, 20, 9, 0)
SLOT = london(2026, 12, 2, 12, 0)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite allows one writer at a time, so there is no race to test. "
            "Run with DATABASE_URL=postgres://... (CI does)."
        )


def race(attempts):
    """Run the callables at the same moment, each in its own thread; return their outcomes."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[object] = [None] * len(attempts)

    def run(i, attempt):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = attempt()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_clients_racing_for_one_slot_exactly_one_wins(
    postgresql, open_practitioner, consultation
):
    clients = [ClientFactory(), ClientFactory()]

    def attempt(client):
        return lambda: appointment_book(
            practitioner=open_practitioner,
            client=client,
            appointment_type=consultation,
            start=SLOT,
            now=NOW,
        )

    outcomes = race([attempt(c) for c in clients])
    winners = [o for o in outcomes if isinstance(o, Appointment)]
    losers = [o for o in outcomes if isinstance(o, SlotTaken)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 1


def test_many_clients_racing_round_after_round_each_get_an_answer_not_an_error(
    postgresql, open_practitioner, consultation
):
    """Eight at once, ten rounds: the loser of a race is always told the time was just taken."""
    open_days = [SLOT + dt.timedelta(days=d) for d in range(14)]
    open_days = [day for day in open_days if day.isoweekday() in (2, 3, 4, 5, 6)][:10]
    for round_number, start in enumerate(open_days):
        clients = [ClientFactory() for _ in range(8)]
        outcomes = race(
            [
                (
                    lambda client=client, start=start: appointment_book(
                        practitioner=open_practitioner,
                        client=client,
                        appointment_type=consultation,
                        start=start,
                        now=NOW,
                    )
                )
                for client in clients
            ]
        )
        errors = [o for o in outcomes if not isinstance(o, Appointment | SlotTaken)]
        assert errors == [], f"round {round_number}: {errors}"
        assert sum(isinstance(o, Appointment) for o in outcomes) == 1, outcomes
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 10


def test_a_client_and_staff_racing_for_overlapping_times_exactly_one_wins(
    postgresql, open_practitioner, consultation, receptionist
):
    online, by_phone = ClientFactory(), ClientFactory()
    outcomes = race(
        [
            lambda: appointment_book(
                practitioner=open_practitioner,
                client=online,
                appointment_type=consultation,
                start=SLOT,
                now=NOW,
            ),
            lambda: appointment_book(
                practitioner=open_practitioner,
                client=by_phone,
                appointment_type=consultation,
                start=london(2026, 12, 2, 12, 10),
                source=Appointment.Source.STAFF,
                actor=receptionist,
                now=NOW,
            ),
        ]
        * 4
    )
    assert sum(isinstance(o, Appointment) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, SlotTaken) for o in outcomes) == 7, outcomes
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 1


def test_the_database_itself_refuses_overlap(postgresql, open_practitioner, consultation):
    """Even code that skips the service cannot store two overlapping active appointments."""
    from django.db import IntegrityError, transaction

    first = appointment_book(
        practitioner=open_practitioner,
        client=ClientFactory(),
        appointment_type=consultation,
        start=SLOT,
        now=NOW,
    )
    clash = Appointment(
        practitioner=open_practitioner,
        client=ClientFactory(),
        appointment_type=consultation,
        start=london(2026, 12, 2, 12, 15),
        end=london(2026, 12, 2, 12, 45),
        held_from=london(2026, 12, 2, 12, 15),
        held_until=london(2026, 12, 2, 12, 45),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    first.status = Appointment.Status.CANCELLED
    first.save()
    clash.pk = None
    clash.save()
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 1
