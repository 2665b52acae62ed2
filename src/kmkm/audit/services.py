from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def target_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def audit_record(
    *, actor: Any, action: str, target: models.Model | str = "", detail: str = ""
) -> AuditEvent:
    """Append one event. ``actor`` may be an anonymous user or None for the public or the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    target_text = target if isinstance(target, str) else target_of(target)
    return AuditEvent.objects.create(actor=user, action=action, target=target_text, detail=detail)
