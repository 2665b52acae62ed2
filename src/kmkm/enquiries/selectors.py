"""Reads for enquiries, always filtered by who is asking."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Enquiry


def can_see_enquiries(user: Any) -> bool:
    """Staff (practitioners and reception) read the inbox; nobody else does."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def enquiry_list(*, user: Any, status: str = "") -> QuerySet[Enquiry]:
    if not can_see_enquiries(user):
        return Enquiry.objects.none()
    enquiries = Enquiry.objects.all()
    if status in Enquiry.Status.values:
        enquiries = enquiries.filter(status=status)
    return enquiries


def enquiry_get(*, user: Any, pk: int) -> Enquiry | None:
    return enquiry_list(user=user).prefetch_related("notes__author").filter(pk=pk).first()


def enquiry_counts(*, user: Any) -> dict[str, int]:
    visible = enquiry_list(user=user)
    return {status: visible.filter(status=status).count() for status in Enquiry.Status.values}
