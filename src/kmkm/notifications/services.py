"""Writes for notifications: queue messages for events, deliver them, retry, remind.

``notify`` and ``notify_enquiry`` are called inside the transaction that made the event happen.
They add rows to the outbox and ask for the send task only once that transaction commits, so a
rolled-back booking never emails anyone. Delivery claims a row with one conditional UPDATE, so
two workers (or a task run twice) cannot both send it; a failure is retried later with a doubling
wait, and after ``NOTIFY_MAX_ATTEMPTS`` the row is marked failed for staff to see and retry.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks.base import Task

from kmkm.audit.services import audit_record

from . import tasks
from .emails import build_email, load_appointment, message_context, render_subject
from .models import Message

logger = logging.getLogger(__name__)

APPOINTMENT_EVENTS = ("appointment.booked", "appointment.cancelled", "appointment.rescheduled")
#: How long a worker may hold a message while talking to the mail server.
CLAIM_SECONDS = 5 * 60
#: A queued message with no task seen for this long is re-enqueued by the sweep.
STALE_QUEUED_SECONDS = 10 * 60


def utc_key(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_is_live(appointment: Any) -> bool:
    """Whether the appointment is still going ahead (so a reminder makes sense)."""
    return str(appointment.status).lower() not in {"cancelled", "canceled", "no_show", "attended"}


def enqueue(task: Task[Any, Any], *args: Any, run_after: dt.datetime | None = None) -> bool:
    """Enqueue ``task`` now or at ``run_after``.

    A backend that cannot defer (the immediate backend used in tests and in a bare demo) gets
    nothing for a future time; the sweep enqueues the work once it is due.
    """
    if run_after is not None and run_after > timezone.now():
        if not task.get_backend().supports_defer:
            return False
        task = task.using(run_after=run_after)
    task.enqueue(*args)
    return True


def _queue(
    *, event_key: str, kind: str, recipient: str, about: str, record: Any, context: dict[str, Any]
) -> Message:
    message = Message(
        event_key=event_key,
        kind=kind,
        recipient=recipient,
        about=about,
        about_id=record.pk,
        context=context,
    )
    try:
        message.subject = render_subject(kind, message_context(message, record, with_links=False))
    except Exception as exc:
        # Never let a template fault undo or break the booking that caused the message: queue
        # it with a plain subject; the send itself will fail visibly in the outbox if need be.
        logger.error("Subject for %s could not be rendered: %s", event_key, type(exc).__name__)
        message.subject = Message.Kind(kind).label
    try:
        # A savepoint, so a duplicate leaves the caller's transaction usable.
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # The same event reported again: the first message stands and is not sent twice.
        return Message.objects.get(event_key=event_key)
    # robust: if the queue cannot be reached, the booking still stands and the sweep sends it.
    transaction.on_commit(partial(enqueue, tasks.message_send, message.pk), robust=True)
    transaction.on_commit(sweep_ensure_scheduled, robust=True)
    return message


def _reschedule_count(appointment: Any) -> int:
    return Message.objects.filter(
        about=Message.About.APPOINTMENT,
        about_id=appointment.pk,
        kind=Message.Kind.BOOKING_RESCHEDULED,
        recipient=appointment.client.email,
    ).count()


def notify(event: str, *, appointment: Any) -> list[Message]:
    """Queue the emails for an appointment event; call it inside the booking's transaction."""
    if event not in APPOINTMENT_EVENTS:
        raise ValueError(f"Unknown appointment event {event!r}.")
    pk = appointment.pk
    start = utc_key(appointment.start)
    client_email = appointment.client.email
    about = Message.About.APPOINTMENT
    queued: list[Message] = []
    if event == "appointment.booked":
        context = {"start": start, "sequence": 0}
        queued.append(
            _queue(
                event_key=f"appointment.booked:{pk}:client",
                kind=Message.Kind.BOOKING_CONFIRMATION,
                recipient=client_email,
                about=about,
                record=appointment,
                context=context,
            )
        )
        # Staff who book in the diary do not need to be told about their own booking.
        if str(getattr(appointment, "source", "online")) != "staff":
            queued.append(
                _queue(
                    event_key=f"appointment.booked:{pk}:clinic",
                    kind=Message.Kind.BOOKING_NEW_CLINIC,
                    recipient=settings.CLINIC_NOTIFY_EMAIL,
                    about=about,
                    record=appointment,
                    context=context,
                )
            )
        reminders_schedule(appointment=appointment)
    elif event == "appointment.rescheduled":
        latest = (
            Message.objects.filter(about=about, about_id=pk, kind=Message.Kind.BOOKING_RESCHEDULED)
            .order_by("-id")
            .first()
        )
        if latest is not None and latest.context.get("start") == start:
            return [latest]  # the same move reported twice
        sequence = _reschedule_count(appointment) + 1
        queued.append(
            _queue(
                event_key=f"appointment.rescheduled:{pk}:{sequence}:client",
                kind=Message.Kind.BOOKING_RESCHEDULED,
                recipient=client_email,
                about=about,
                record=appointment,
                context={"start": start, "sequence": sequence},
            )
        )
        reminders_schedule(appointment=appointment)
    else:
        queued.append(
            _queue(
                event_key=f"appointment.cancelled:{pk}:client",
                kind=Message.Kind.BOOKING_CANCELLED,
                recipient=client_email,
                about=about,
                record=appointment,
                context={"start": start, "sequence": _reschedule_count(appointment) + 1},
            )
        )
    return queued


def notify_enquiry(*, enquiry: Any) -> list[Message]:
    """Queue the clinic's "new enquiry" email and, if switched on, an acknowledgement."""
    about = Message.About.ENQUIRY
    queued = [
        _queue(
            event_key=f"enquiry.received:{enquiry.pk}:clinic",
            kind=Message.Kind.ENQUIRY_NEW_CLINIC,
            recipient=settings.CLINIC_NOTIFY_EMAIL,
            about=about,
            record=enquiry,
            context={},
        )
    ]
    if settings.ENQUIRY_ACKNOWLEDGE:
        queued.append(
            _queue(
                event_key=f"enquiry.received:{enquiry.pk}:enquirer",
                kind=Message.Kind.ENQUIRY_ACKNOWLEDGEMENT,
                recipient=enquiry.email,
                about=about,
                record=enquiry,
                context={},
            )
        )
    return queued


def reminders_schedule(*, appointment: Any) -> None:
    """Ask for one reminder task per ``REMINDER_HOURS`` entry, to run when it is due.

    The task re-checks the appointment when it runs, so a cancelled or moved appointment gets no
    stale reminder. A booking made inside a reminder's window gets no reminder for it: the
    confirmation has just told the client.
    """
    now = timezone.now()
    start = utc_key(appointment.start)
    for hours in settings.REMINDER_HOURS:
        due = appointment.start - dt.timedelta(hours=hours)
        if due > now:
            transaction.on_commit(
                partial(enqueue, tasks.reminder_send, appointment.pk, start, hours, run_after=due),
                robust=True,
            )


def _reminder_key(appointment_id: int, start: str, hours: int) -> str:
    return f"appointment.reminder:{appointment_id}:{start}:{hours}h"


def reminder_deliver(*, appointment_id: int, start: str, hours: int) -> str:
    """Queue the reminder if the appointment still starts at ``start`` and is going ahead."""
    appointment = load_appointment(appointment_id)
    if appointment is None or not appointment_is_live(appointment):
        return "skipped: appointment cancelled or gone"
    if utc_key(appointment.start) != start:
        return "skipped: appointment moved"
    now = timezone.now()
    if now >= appointment.start:
        return "skipped: appointment already started"
    if now < appointment.start - dt.timedelta(hours=hours):
        return "skipped: not due yet"
    _queue(
        event_key=_reminder_key(appointment_id, start, hours),
        kind=Message.Kind.BOOKING_REMINDER,
        recipient=appointment.client.email,
        about=Message.About.APPOINTMENT,
        record=appointment,
        context={"start": start, "hours": hours},
    )
    return "queued"


def _retry_delay(attempts: int) -> dt.timedelta:
    # 1, 2, 4, 8 ... times the base, capped at six hours.
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, 6 * 60 * 60))


#: Messages that describe an appointment as going ahead at a particular time.
_GOING_AHEAD = {
    Message.Kind.BOOKING_CONFIRMATION,
    Message.Kind.BOOKING_NEW_CLINIC,
    Message.Kind.BOOKING_RESCHEDULED,
    Message.Kind.BOOKING_REMINDER,
}


def stale_reason(message: Message) -> str:
    """Why a queued message would no longer be true, or "" if it still is.

    A confirmation that waited out a mail server outage must not reach a client after their
    cancellation, nor announce a time the appointment has since moved from.
    """
    if message.about != Message.About.APPOINTMENT or message.kind not in _GOING_AHEAD:
        return ""
    appointment = load_appointment(message.about_id)
    if appointment is None:
        return "The appointment no longer exists."
    if not appointment_is_live(appointment):
        return "The appointment was cancelled before this could be sent."
    # The clinic's copy is rendered with the current time, so it stays true after a move; the
    # client's would duplicate the reschedule email they get anyway.
    moved = message.context.get("start") and utc_key(appointment.start) != message.context["start"]
    if moved and message.kind != Message.Kind.BOOKING_NEW_CLINIC:
        return (
            "The appointment was moved before this could be sent; the new time has its own email."
        )
    return ""


def message_deliver(*, message_id: int) -> str:
    """Send one queued message. Running this twice, or in two workers at once, sends it once."""
    now = timezone.now()
    claimed = (
        Message.objects.filter(pk=message_id, status=Message.Status.QUEUED)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(locked_until=now + dt.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped: already sent, failed, not due or being sent"
    message = Message.objects.get(pk=message_id)
    stale = stale_reason(message)
    if stale:
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SKIPPED, last_error=stale, locked_until=None, next_attempt_at=None
        )
        logger.info("Message %s not sent: %s", message.pk, stale)
        return f"skipped: {stale}"
    try:
        build_email(message).send()
    except Exception as exc:
        # Only the kind of failure goes to the log and the outbox, never the message itself.
        error = f"{type(exc).__name__}: {str(exc)[:240]}"
        logger.warning(
            "Message %s attempt %s failed: %s", message.pk, message.attempts, type(exc).__name__
        )
        if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS or isinstance(exc, LookupError):
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.FAILED,
                last_error=error,
                locked_until=None,
                next_attempt_at=None,
            )
            return "failed"
        next_at = timezone.now() + _retry_delay(message.attempts)
        Message.objects.filter(pk=message.pk).update(
            last_error=error, locked_until=None, next_attempt_at=next_at
        )
        enqueue(tasks.message_send, message.pk, run_after=next_at)
        return "will retry"
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject,
        locked_until=None,
        next_attempt_at=None,
    )
    logger.info("Message %s sent (%s)", message.pk, message.kind)
    return "sent"


@transaction.atomic
def message_retry(*, message: Message, actor: Any) -> Message:
    """Staff ask for a failed message to be tried again (a fresh round of attempts)."""
    if message.status != Message.Status.FAILED:
        raise ValueError("Only a failed message can be retried.")
    Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.QUEUED, attempts=0, next_attempt_at=None, locked_until=None
    )
    audit_record(actor=actor, action="outbox.retried", target=message, detail=message.kind)
    transaction.on_commit(partial(enqueue, tasks.message_send, message.pk))
    message.refresh_from_db()
    return message


def sweep_ensure_scheduled() -> bool:
    """Keep one sweep waiting in the database queue while the outbox has unsent messages.

    This is what recovers a message whose task was lost with a crashed worker, without cron.
    Only for the database backend, where we can see what is already waiting.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = tasks.outbox_sweep.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    if not Message.objects.filter(status=Message.Status.QUEUED).exists():
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=tasks.outbox_sweep.module_path, status="READY", backend_name=backend.alias
    ).exists()
    if waiting:
        return False
    run_after = timezone.now() + dt.timedelta(seconds=STALE_QUEUED_SECONDS + 60)
    return enqueue(tasks.outbox_sweep, run_after=run_after)


def outbox_sweep() -> dict[str, int]:
    """The safety net, run every few minutes: re-enqueue overdue messages, queue due reminders.

    It covers tasks that were lost (a worker killed mid-run, a database restored) and backends
    that cannot run a task later. Both halves are idempotent, so running it often is harmless.
    """
    now = timezone.now()
    overdue = (
        Message.objects.filter(status=Message.Status.QUEUED)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(
                next_attempt_at__isnull=True,
                created_at__lte=now - dt.timedelta(seconds=STALE_QUEUED_SECONDS),
            )
        )
    )
    resent = 0
    for pk in overdue.values_list("pk", flat=True):
        enqueue(tasks.message_send, pk)
        resent += 1
    return {"messages": resent, "reminders": _sweep_reminders(now)}


def _sweep_reminders(now: dt.datetime) -> int:
    from kmkm.booking.models import Appointment

    if not settings.REMINDER_HOURS:
        return 0
    horizon = now + dt.timedelta(hours=max(settings.REMINDER_HOURS))
    queued = 0
    upcoming = Appointment.objects.filter(start__gt=now, start__lte=horizon).select_related(
        "client", "practitioner", "appointment_type"
    )
    for appointment in upcoming:
        if not appointment_is_live(appointment):
            continue
        start = utc_key(appointment.start)
        # When the client was last told this time: the booking or the latest move to it.
        told = (
            Message.objects.filter(
                about=Message.About.APPOINTMENT,
                about_id=appointment.pk,
                kind__in=[Message.Kind.BOOKING_CONFIRMATION, Message.Kind.BOOKING_RESCHEDULED],
                context__start=start,
            )
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        for hours in settings.REMINDER_HOURS:
            due = appointment.start - dt.timedelta(hours=hours)
            if due > now or told is None or told >= due:
                continue
            if Message.objects.filter(
                event_key=_reminder_key(appointment.pk, start, hours)
            ).exists():
                continue
            if (
                reminder_deliver(appointment_id=appointment.pk, start=start, hours=hours)
                == "queued"
            ):
                queued += 1
    return queued
