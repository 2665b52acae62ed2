"""Driver for bench/booking. Never run as a test."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "kmkm_bench_booking"
APPOINTMENTS = 10_000
PRACTITIONERS = 3
RACERS = 50
WEEKS = 8


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        conn.execute(f'CREATE DATABASE "{DB}"')


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ.setdefault("VAR_DIR", str(Path(tempfile.gettempdir()) / "kmkm-bench-booking"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kmkm.settings"
    # Emails for the racing bookings are queued in the outbox and never sent by this script.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    import django

    django.setup()


def seed() -> tuple[list, object]:
    from django.core.management import call_command

    from kmkm.accounts.models import Practitioner
    from kmkm.booking.models import Appointment, AppointmentType, BookingPolicy, WeeklyHours
    from kmkm.booking.selectors import clinic_tz, local_today
    from kmkm.clinical.models import Client

    call_command("migrate", verbosity=0)
    BookingPolicy.load()
    consultation = AppointmentType.objects.create(
        name="Consultation", slug="consultation", duration_minutes=30, price=0, bookable_online=True
    )
    practitioners = [
        Practitioner.objects.create(
            name=f"Nurse Bench{i}", role="Registered Nurse", short_bio="Bench."
        )
        for i in range(PRACTITIONERS)
    ]
    for p in practitioners:
        WeeklyHours.objects.bulk_create(
            WeeklyHours(practitioner=p, weekday=d, start_time=dt.time(9), end_time=dt.time(19))
            for d in range(6)
        )
    clients = Client.objects.bulk_create(
        Client(
            name=f"Bench Client {i}",
            email=f"bench{i}@example.com",
            date_of_birth=dt.date(1990, 1, 1),
        )
        for i in range(2_000)
    )
    # Every 30-minute slot of the working week, for a year back and the 8 weeks ahead; about
    # 60% of the weeks ahead are booked, the rest of the 10,000 lie in the past year.
    tz = clinic_tz()
    rng = random.Random(7)
    today = local_today()
    ahead, past = [], []
    for p in practitioners:
        for offset in range(-365, WEEKS * 7 + 1):
            day = today + dt.timedelta(days=offset)
            if day.weekday() == 6:
                continue
            for half_hour in range(20):
                start = dt.datetime.combine(
                    day, dt.time(9 + half_hour // 2, 30 * (half_hour % 2)), tzinfo=tz
                )
                (ahead if offset > 0 else past).append((p, start))
    rng.shuffle(ahead)
    rng.shuffle(past)
    chosen = ahead[: int(len(ahead) * 0.6)]
    chosen += past[: APPOINTMENTS - len(chosen)]
    Appointment.objects.bulk_create(
        (
            Appointment(
                practitioner=p,
                client=clients[i % len(clients)],
                appointment_type=consultation,
                start=start,
                end=start + dt.timedelta(minutes=30),
                held_from=start,
                held_until=start + dt.timedelta(minutes=30),
                status=Appointment.Status.BOOKED
                if start > dt.datetime.now(tz)
                else Appointment.Status.ATTENDED,
                source=Appointment.Source.ONLINE,
            )
            for i, (p, start) in enumerate(chosen)
        ),
        batch_size=2_000,
    )
    ahead_count = sum(1 for _, s in chosen if s.date() > today)
    print(
        f"Seeded {Appointment.objects.count():,} appointments ({ahead_count:,} in the next {WEEKS} weeks) "
        f"for {PRACTITIONERS} practitioners."
    )
    return practitioners, consultation


def bench_availability(practitioners: list, consultation: object, runs: int) -> None:
    from django.db import connection

    from kmkm.booking.selectors import available_slots, local_today

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = local_today()
    end = today + dt.timedelta(weeks=WEEKS)
    for p in practitioners:  # warm up connection and caches
        available_slots(
            practitioner=p, appointment_type=consultation, start_date=today, end_date=end
        )
    timings, counts = [], []
    for i in range(runs):
        p = practitioners[i % len(practitioners)]
        started = time.perf_counter()
        slots = available_slots(
            practitioner=p, appointment_type=consultation, start_date=today, end_date=end
        )
        timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(slots))
    timings.sort()
    p95 = timings[int(0.95 * len(timings)) - 1]
    print(
        f"Availability, {WEEKS} weeks, one practitioner ({runs} runs, ~{statistics.mean(counts):.0f} free times each):"
    )
    print(
        f"  median {statistics.median(timings):.2f} ms   p95 {p95:.2f} ms   (goal: median <= 20 ms)"
    )


def bench_race(practitioners: list, consultation: object) -> None:
    from django.db import connections

    from kmkm.booking.errors import SlotTaken
    from kmkm.booking.models import Appointment
    from kmkm.booking.selectors import available_slots, local_today
    from kmkm.booking.services import appointment_book
    from kmkm.clinical.models import Client

    p = practitioners[0]
    today = local_today()
    slot = available_slots(
        practitioner=p,
        appointment_type=consultation,
        start_date=today,
        end_date=today + dt.timedelta(weeks=WEEKS),
    )[0]
    racers = list(Client.objects.order_by("pk")[:RACERS])
    barrier = threading.Barrier(RACERS + 1)
    outcomes: list[str] = [""] * RACERS
    finished: list[float] = [0.0] * RACERS

    def attempt(i: int) -> None:
        try:
            connections["default"].ensure_connection()
            barrier.wait()
            appointment_book(
                practitioner=p, client=racers[i], appointment_type=consultation, start=slot.start
            )
            outcomes[i] = "booked"
        except SlotTaken:
            outcomes[i] = "taken"
        except Exception as exc:  # reported, not hidden
            outcomes[i] = f"error {type(exc).__name__}: {exc}"
        finally:
            finished[i] = time.perf_counter()
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = (max(finished) - started) * 1000
    booked = outcomes.count("booked")
    taken = outcomes.count("taken")
    errors = [o for o in outcomes if o.startswith("error")]
    stored = Appointment.objects.filter(
        practitioner=p, start=slot.start, status=Appointment.Status.BOOKED
    ).count()
    print(
        f"{RACERS} concurrent attempts at {slot.start:%Y-%m-%d %H:%M} UTC, each on its own connection:"
    )
    print(
        f"  booked {booked}   told 'just taken' {taken}   errors {len(errors)}   stored {stored}   "
        f"all done in {elapsed:.0f} ms"
    )
    for e in errors[:3]:
        print("  ", e)
    print(
        "  RESULT:",
        "exactly one booking" if booked == 1 and stored == 1 and not errors else "FAILED",
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    fresh_database()
    setup_django()
    started = time.perf_counter()
    practitioners, consultation = seed()
    print(f"(seeding took {time.perf_counter() - started:.1f} s)")
    bench_availability(practitioners, consultation, runs)
    bench_race(practitioners, consultation)


if __name__ == "__main__":
    main()
