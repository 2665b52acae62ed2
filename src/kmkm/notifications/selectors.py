"""Reads for the staff outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Message


def outbox_list(*, status: str = "") -> QuerySet[Message]:
    messages = Message.objects.all()
    if status in Message.Status.values:
        messages = messages.filter(status=status)
    return messages


def outbox_counts() -> dict[str, int]:
    return {
        status: Message.objects.filter(status=status).count() for status in Message.Status.values
    }
