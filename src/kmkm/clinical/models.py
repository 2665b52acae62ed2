"""The client: the person the clinic cares for. Clinical records will hang off this model.

Everything about a client is special-category (health) data under UK GDPR: never put a name,
email or date of birth in a URL, a log line or an audit detail; refer to a client by ``pk`` only.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.functions import Lower


class Client(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    date_of_birth = models.DateField(
        null=True,
        blank=True,
        help_text="Needed before any booking: some treatments are for adults only.",
    )
    marketing_opt_in = models.BooleanField(
        default=False, help_text="Only ever ticked by the client themselves."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(Lower("email"), name="clinical_client_email_lower")]

    def __str__(self) -> str:
        # Deliberately no name: str() ends up in logs and admin messages.
        return f"Client {self.pk}"

    def age_on(self, day: dt.date) -> int | None:
        """Whole years of age on ``day`` (a birthday on 29 February counts from 1 March)."""
        born = self.date_of_birth
        if born is None:
            return None
        had_birthday = (day.month, day.day) >= (born.month, born.day)
        return day.year - born.year - (0 if had_birthday else 1)
