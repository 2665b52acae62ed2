"""Writes for clients. Views call these; rules live here."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from .models import Client


def phone_normalise(phone: str) -> str:
    """Digits and a leading plus only, so that staff can find "07700 900123" as typed."""
    return re.sub(r"[^\d+]", "", phone.strip())


@transaction.atomic
def client_find_or_create(
    *,
    name: str,
    email: str,
    date_of_birth: dt.date | None,
    phone: str = "",
    marketing_opt_in: bool = False,
) -> tuple[Client, bool]:
    """The client with this email and date of birth, or a new one.

    Matching needs both, so that someone typing another person's email address can neither
    see nor change that person's record: a mismatch makes a new client, which staff may merge.
    An existing record is never overwritten from public input, except that a client may opt in
    to marketing (never out of an earlier choice silently: opting out is its own action).
    """
    email = email.strip().lower()
    existing = (
        Client.objects.filter(email__iexact=email, date_of_birth=date_of_birth)
        .order_by("pk")
        .first()
        if date_of_birth is not None
        else None
    )
    if existing is not None:
        changed = []
        if phone.strip() and not existing.phone:
            existing.phone = phone_normalise(phone)
            changed.append("phone")
        if marketing_opt_in and not existing.marketing_opt_in:
            existing.marketing_opt_in = True
            changed.append("marketing_opt_in")
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    client = Client(
        name=name.strip(),
        email=email,
        phone=phone_normalise(phone),
        date_of_birth=date_of_birth,
        marketing_opt_in=marketing_opt_in,
    )
    client.full_clean()
    client.save()
    return client, True
