"""Delivery through the real database-backed worker: retries, reminders, the sweep."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from kmkm.booking.services import appointment_cancel, appointment_reschedule
from kmkm.notifications.models import Message
from kmkm.notifications.services import outbox_sweep

from .conftest import LONDON, NOW, START

pytestmark = pytest.mark.integration

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Nothing listens on port 1, so the real SMTP backend fails as a dead mail server would.
DEAD_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def worker_queue(settings):
    """Tasks go to the database and run only when the worker runs, as in production."""
    settings.TASKS = DATABASE_TASKS
    return settings


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks, monkeypatch):
    """Run the real worker until the queue has nothing ready.

    The test itself is one transaction, so what a task asks for "on commit" is run by hand at
    the end of each pass, as the commit would in production. For the same reason the worker's
    between-task connection recycling is switched off: on PostgreSQL it would close the
    connection that holds the test's transaction.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
            if not callbacks:
                return

    return run


def at(moment):
    return time_machine.travel(moment, tick=False)


def kinds_sent(mailoutbox) -> list[str]:
    return [m.subject.split(":")[0] for m in mailoutbox]


def test_a_failing_mail_server_is_retried_later_and_the_email_sent_once(
    book, worker_queue, run_worker, mailoutbox, frozen
):
    for name, value in DEAD_SMTP.items():
        setattr(worker_queue, name, value)
    book()
    run_worker()
    message = Message.objects.get(kind="booking_confirmation")
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error.startswith("ConnectionRefusedError")
    assert message.next_attempt_at == NOW + dt.timedelta(seconds=60)

    # The mail server comes back; nothing happens before the wait is over.
    worker_queue.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    assert mailoutbox == []

    frozen.move_to(NOW + dt.timedelta(seconds=61))
    run_worker()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert [m.to for m in mailoutbox].count(["ada@example.com"]) == 1
    run_worker()
    assert [m.to for m in mailoutbox].count(["ada@example.com"]) == 1


def test_after_the_last_attempt_the_message_is_marked_failed(
    book, worker_queue, run_worker, mailoutbox, frozen
):
    for name, value in DEAD_SMTP.items():
        setattr(worker_queue, name, value)
    worker_queue.NOTIFY_MAX_ATTEMPTS = 3
    book()
    moment = NOW
    for _ in range(3):
        run_worker()
        moment += dt.timedelta(hours=1)
        frozen.move_to(moment)
    message = Message.objects.get(kind="booking_confirmation")
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.next_attempt_at is None
    assert mailoutbox == []


def test_waits_between_attempts_double(book, worker_queue, run_worker, frozen):
    for name, value in DEAD_SMTP.items():
        setattr(worker_queue, name, value)
    book()
    waits = []
    moment = NOW
    for _ in range(3):
        run_worker()
        message = Message.objects.get(kind="booking_confirmation")
        waits.append((message.next_attempt_at - moment).total_seconds())
        moment = message.next_attempt_at
        frozen.move_to(moment)
    assert waits == [60.0, 120.0, 240.0]


def test_reminder_goes_24_hours_before_and_only_once(
    book, worker_queue, run_worker, mailoutbox, frozen
):
    book()
    run_worker()
    assert len(mailoutbox) == 2  # confirmation and the clinic's copy

    frozen.move_to(START - dt.timedelta(hours=24, minutes=1))
    run_worker()
    assert len(mailoutbox) == 2

    frozen.move_to(START - dt.timedelta(hours=24))
    run_worker()
    assert (
        mailoutbox[-1].subject == "A reminder: your consultation on Thursday 26 November at 10:00"
    )
    assert mailoutbox[-1].to == ["ada@example.com"]
    run_worker()
    outbox_sweep()
    run_worker()
    assert Message.objects.filter(kind="booking_reminder").count() == 1
    assert len(mailoutbox) == 3


def test_reminder_hours_are_configurable(book, worker_queue, run_worker, mailoutbox, frozen):
    worker_queue.REMINDER_HOURS = [48, 2]
    book()
    for hours in (48, 2):
        frozen.move_to(START - dt.timedelta(hours=hours))
        run_worker()
    reminders = Message.objects.filter(kind="booking_reminder").order_by("created_at")
    assert [m.context["hours"] for m in reminders] == [48, 2]
    assert [m.status for m in reminders] == ["sent", "sent"]


def test_no_reminder_for_a_cancelled_appointment(
    book, worker_queue, run_worker, mailoutbox, frozen, committed
):
    appointment = book()
    committed(appointment_cancel, appointment=appointment)
    frozen.move_to(START - dt.timedelta(hours=23))
    run_worker()
    outbox_sweep()
    run_worker()
    assert Message.objects.filter(kind="booking_reminder").count() == 0
    assert [m for m in mailoutbox if m.subject.startswith("A reminder")] == []


def test_a_moved_appointment_gets_one_reminder_for_its_new_time(
    book, worker_queue, run_worker, mailoutbox, frozen, committed
):
    appointment = book()
    # Moved earlier: the old reminder (due 25 Nov 10:00) falls after the new one is due.
    earlier = dt.datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)
    committed(appointment_reschedule, appointment=appointment, start=earlier)
    frozen.move_to(earlier - dt.timedelta(hours=24))
    run_worker()
    frozen.move_to(START - dt.timedelta(hours=24))
    run_worker()
    reminders = [m for m in mailoutbox if m.subject.startswith("A reminder")]
    assert [m.subject for m in reminders] == [
        "A reminder: your consultation on Wednesday 25 November at 15:00"
    ]


def test_booking_inside_the_reminder_window_gets_no_reminder(
    clinic, worker_queue, run_worker, mailoutbox, book, frozen
):
    soon = NOW + dt.timedelta(hours=5)
    book(start=soon)
    run_worker()
    frozen.move_to(soon - dt.timedelta(hours=1))
    outbox_sweep()
    run_worker()
    assert Message.objects.filter(kind="booking_reminder").count() == 0


def test_sweep_sends_due_reminders_when_the_backend_cannot_wait(
    book, mailoutbox, frozen, settings, committed
):
    # The immediate backend (a bare demo without a worker) cannot run a task later.
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    book()
    frozen.move_to(START - dt.timedelta(hours=25))
    assert committed(outbox_sweep) == {"messages": 0, "reminders": 0}
    frozen.move_to(START - dt.timedelta(hours=20))
    assert committed(outbox_sweep) == {"messages": 0, "reminders": 1}
    assert committed(outbox_sweep) == {"messages": 0, "reminders": 0}
    assert [m.subject for m in mailoutbox if m.subject.startswith("A reminder")] == [
        "A reminder: your consultation on Thursday 26 November at 10:00"
    ]


def test_sweep_re_enqueues_a_message_whose_task_was_lost(
    book, worker_queue, run_worker, mailoutbox, frozen
):
    from django_tasks_db.models import DBTaskResult

    book()
    DBTaskResult.objects.all().delete()  # the worker's queue is lost (a restore, a crash)
    frozen.move_to(NOW + dt.timedelta(minutes=11))
    assert outbox_sweep()["messages"] == 2
    run_worker()
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "sent"]


def ready_sweeps() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path="kmkm.notifications.tasks.outbox_sweep", status="READY"
    ).count()


def test_one_sweep_waits_in_the_queue_only_while_something_is_unsent(
    book, worker_queue, run_worker, frozen
):
    book()
    assert ready_sweeps() == 1  # two messages queued, one sweep
    run_worker()
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "sent"]
    frozen.move_to(NOW + dt.timedelta(minutes=12))
    run_worker()
    assert ready_sweeps() == 0  # nothing left to watch over


def test_a_message_lost_with_a_crashed_worker_is_sent_by_the_next_sweep(
    book, worker_queue, run_worker, mailoutbox, frozen
):
    from django_tasks_db.models import DBTaskResult

    book()
    # A worker claimed both sends and died mid-way: the rows stay claimed, the tasks "running".
    Message.objects.update(locked_until=NOW + dt.timedelta(minutes=5), attempts=1)
    DBTaskResult.objects.filter(task_path="kmkm.notifications.tasks.message_send").update(
        status="RUNNING"
    )
    run_worker()
    assert mailoutbox == []
    frozen.move_to(NOW + dt.timedelta(minutes=12))
    run_worker()
    assert sorted(Message.objects.values_list("status", "attempts")) == [("sent", 2), ("sent", 2)]
    assert len(mailoutbox) == 2


def dead_mail_server(settings) -> None:
    for name, value in DEAD_SMTP.items():
        setattr(settings, name, value)


def test_a_confirmation_held_up_by_an_outage_is_not_sent_after_a_cancellation(
    book, worker_queue, run_worker, mailoutbox, frozen, committed
):
    dead_mail_server(worker_queue)
    appointment = book()
    run_worker()
    committed(appointment_cancel, appointment=appointment)
    run_worker()
    worker_queue.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    frozen.move_to(NOW + dt.timedelta(minutes=5))
    run_worker()
    assert [m.subject for m in mailoutbox] == [
        "Your consultation on Thursday 26 November is cancelled"
    ]
    assert sorted(Message.objects.values_list("kind", "status")) == [
        ("booking_cancelled", "sent"),
        ("booking_confirmation", "skipped"),
        ("booking_new_clinic", "skipped"),
    ]
    confirmation = Message.objects.get(kind="booking_confirmation")
    assert confirmation.last_error == "The appointment was cancelled before this could be sent."


def test_a_confirmation_held_up_by_an_outage_is_not_sent_for_the_old_time(
    book, worker_queue, run_worker, mailoutbox, frozen, committed
):
    dead_mail_server(worker_queue)
    appointment = book()
    run_worker()
    later = dt.datetime(2026, 11, 27, 14, 0, tzinfo=LONDON)
    committed(appointment_reschedule, appointment=appointment, start=later)
    worker_queue.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    frozen.move_to(NOW + dt.timedelta(minutes=5))
    run_worker()
    assert sorted(m.subject for m in mailoutbox) == [
        "New booking: consultation on Fri 27 Nov at 14:00",
        "Your consultation has moved to Friday 27 November at 14:00",
    ]
    assert Message.objects.get(kind="booking_confirmation").status == "skipped"
