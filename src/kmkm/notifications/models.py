"""The outbox: one row per email the platform means to send.

A row is created inside the transaction that caused it (a booking, an enquiry), so nothing is
queued for work that was rolled back. ``event_key`` is unique: the same event can be reported
twice and still produce one message. Bodies are not stored; they are rendered from the live
record when the message is sent, so health data stays in one place (see ADR 0350).
"""

from __future__ import annotations

from django.db import models


class Message(models.Model):
    class Kind(models.TextChoices):
        BOOKING_CONFIRMATION = "booking_confirmation", "Booking confirmation"
        BOOKING_NEW_CLINIC = "booking_new_clinic", "New booking (to the clinic)"
        BOOKING_CANCELLED = "booking_cancelled", "Cancellation"
        BOOKING_RESCHEDULED = "booking_rescheduled", "Reschedule"
        BOOKING_REMINDER = "booking_reminder", "Reminder"
        ENQUIRY_NEW_CLINIC = "enquiry_new_clinic", "New enquiry (to the clinic)"
        ENQUIRY_ACKNOWLEDGEMENT = "enquiry_acknowledgement", "Enquiry acknowledgement"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        #: Not sent because it no longer told the truth (the appointment was cancelled or moved
        #: while the message waited, e.g. during a mail server outage).
        SKIPPED = "skipped", "Not needed"

    class About(models.TextChoices):
        APPOINTMENT = "appointment", "Appointment"
        ENQUIRY = "enquiry", "Enquiry"

    #: What happened, e.g. "appointment.booked:42:client". Unique: one event, one message.
    event_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.EmailField(max_length=254)
    #: Kept short and free of health data: it is shown in the staff outbox.
    subject = models.CharField(max_length=200)
    #: The record the message is about, by id only, so this app needs no migration dependency
    #: on the apps it reports on.
    about = models.CharField(max_length=20, choices=About.choices)
    about_id = models.PositiveBigIntegerField()
    #: Facts fixed when the event happened (e.g. the start time a reminder was meant for, the
    #: calendar SEQUENCE). Ids and times only, never free text from a person.
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    #: The exception class and the mail server's short reason; never the message body.
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: When the next try is due (set after a failure); the sweep re-enqueues overdue rows.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    #: A worker that has claimed the row holds it until this time; stops two workers sending.
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["about", "about_id"], name="notif_msg_about_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="notif_msg_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"
