"""Appointments, availability and the clinic's booking policy.

Times of appointments are stored in UTC. Opening hours are wall-clock times in the clinic's
time zone (Europe/London): "Tuesday 10:00 to 18:00" means ten o'clock on every Tuesday,
whether it is GMT or BST that week. See docs/booking.md.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class AppointmentType(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        TREATMENT = "treatment", "Treatment"
        REVIEW = "review", "Review"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONSULTATION)
    description = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences shown when choosing."
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(120)],
        help_text="Time kept free before, e.g. to prepare the room.",
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(120)],
        help_text="Time kept free after, e.g. to clean and write notes.",
    )
    price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Leave blank to say 'price discussed at consultation'. 0 means free.",
    )
    bookable_online = models.BooleanField(
        default=False, help_text="Clients may book this themselves on the website."
    )
    requires_consultation = models.BooleanField(
        default=False,
        help_text="Only bookable after a consultation with the same practitioner.",
    )
    reflection_hours = models.PositiveIntegerField(
        default=0,
        help_text="Minimum hours between the end of that consultation and this appointment.",
    )
    is_filler_or_toxin = models.BooleanField(
        default=False,
        help_text=(
            "A dermal filler or botulinum toxin treatment, or a consultation for one. Such "
            "appointments are refused for anyone under 18 (Botulinum Toxin and Cosmetic Fillers "
            "(Children) Act 2021)."
        ),
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("kind"),
                FieldPanel("description"),
                FieldPanel("order"),
                FieldPanel("is_active"),
            ],
            heading="What",
        ),
        MultiFieldPanel(
            [
                FieldPanel("duration_minutes"),
                FieldPanel("buffer_before_minutes"),
                FieldPanel("buffer_after_minutes"),
                FieldPanel("price"),
            ],
            heading="Time and price",
        ),
        MultiFieldPanel(
            [
                FieldPanel("bookable_online"),
                FieldPanel("requires_consultation"),
                FieldPanel("reflection_hours"),
                FieldPanel("is_filler_or_toxin"),
            ],
            heading="Rules",
        ),
    ]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)

    @property
    def price_label(self) -> str:
        if self.price is None:
            return "Price discussed at your consultation"
        if self.price == 0:
            return "Free"
        return f"£{self.price:,.2f}".replace(".00", "")


class WeeklyHours(models.Model):
    """One working session on a day of the week, in the clinic's local (wall-clock) time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["practitioner", "weekday", "start_time"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="booking_weeklyhours_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M} to {self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """A dated change to the usual week: a holiday (closed) or an extra session (open)."""

    class Kind(models.TextChoices):
        CLOSED = "closed", "Closed (holiday, training, away)"
        OPEN = "open", "Extra session"

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLOSED)
    start_time = models.TimeField(
        null=True, blank=True, help_text="Leave both times blank to mean the whole day."
    )
    end_time = models.TimeField(null=True, blank=True)
    note = models.CharField(
        max_length=200, blank=True, help_text="For staff; never shown publicly."
    )

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["practitioner", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d %b %Y}"

    def clean(self) -> None:
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("Give both a start and an end time, or neither for all day.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError("The end time must be after the start time.")
        if self.kind == self.Kind.OPEN and self.start_time is None:
            raise ValidationError("An extra session needs a start and an end time.")


class BlockedTime(models.Model):
    """Time taken out of the diary: a meeting, a training session, lunch running long."""

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="blocked_times"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "blocked time"
        indexes = [models.Index(fields=["practitioner", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="booking_blockedtime_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Blocked {self.start:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        STAFF = "staff", "Staff"

    #: Statuses that hold the practitioner's time. A no-show still used the slot.
    ACTIVE_STATUSES = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)

    #: The only identifier that leaves the building (inside signed links); never the pk.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.PROTECT, related_name="appointments"
    )
    client = models.ForeignKey(
        "clinical.Client", on_delete=models.PROTECT, related_name="appointments"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    #: start and end widened by the type's buffers: the time nobody else may be booked into.
    held_from = models.DateTimeField(editable=False)
    held_until = models.DateTimeField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    #: What the client would like to discuss, in their words. Health data: never logged.
    notes = models.TextField(max_length=2000, blank=True)
    #: Part of every cancel/reschedule link; replaced on each change so that used links die.
    link_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["practitioner", "held_from"], name="booking_appt_pract_held"),
            models.Index(fields=["client", "start"], name="booking_appt_client_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="booking_appointment_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    held_from__lte=models.F("start"), held_until__gte=models.F("end")
                ),
                name="booking_appointment_held_covers_time",
            ),
        ]
        # On PostgreSQL an exclusion constraint (migration 0002) makes overlapping active
        # appointments for one practitioner impossible. See docs/adr/0300.

    def __str__(self) -> str:
        return f"Appointment {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


@register_setting(icon="date")
class BookingPolicy(BaseGenericSetting):
    """The clinic's booking rules, edited in the CMS under Settings → Booking policy."""

    minimum_notice_hours = models.PositiveIntegerField(
        default=24, help_text="Clients cannot book online sooner than this."
    )
    horizon_days = models.PositiveIntegerField(
        default=56,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="How far ahead clients may book online.",
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text="Start times are offered every this many minutes.",
    )
    cancellation_window_hours = models.PositiveIntegerField(
        default=48,
        help_text="Clients may cancel or move online until this many hours before; after that "
        "they call the clinic, and staff may override.",
    )

    panels = [
        FieldPanel("minimum_notice_hours"),
        FieldPanel("horizon_days"),
        FieldPanel("slot_step_minutes"),
        FieldPanel("cancellation_window_hours"),
    ]

    class Meta:
        verbose_name = "Booking policy"

    @property
    def minimum_notice(self) -> timedelta:
        return timedelta(hours=self.minimum_notice_hours)

    @property
    def horizon(self) -> timedelta:
        return timedelta(days=self.horizon_days)

    @property
    def cancellation_window(self) -> timedelta:
        return timedelta(hours=self.cancellation_window_hours)
