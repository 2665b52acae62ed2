"""Enquiries: questions from the public, answered by the clinic."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from .validators import no_markup, phone_number


class Enquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        REPLIED = "replied", "Replied"
        CLOSED = "closed", "Closed"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        EITHER = "either", "Either is fine"

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    name = models.CharField(max_length=120, validators=[no_markup])
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True, validators=[phone_number])
    treatment_of_interest = models.CharField(max_length=120, blank=True, validators=[no_markup])
    message = models.TextField(max_length=3000, validators=[MaxLengthValidator(3000), no_markup])
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_notes = models.TextField(blank=True)
    #: A digest of the one-off token in the form a person sent; the same form sent twice (a
    #: double tap, a resubmitted page) finds the first enquiry instead of making a second.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    #: Set when staff turn the enquiry into a client and a consultation booking.
    client_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    appointment_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"Enquiry {self.pk} ({self.get_status_display()})"


class EnquiryNote(models.Model):
    """A dated note by a member of staff; notes are added, never edited, so the trail is honest."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on enquiry {self.enquiry_id}"
