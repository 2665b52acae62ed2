"""An append-only record of who did what, and when.

Every view and change of a clinical record, every destructive action and every override of a
rule is recorded here. Rows are never updated or deleted by the application.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Short verb phrase in the clinic's words, e.g. "enquiry.viewed", "page.publish_override".
    action = models.CharField(max_length=80, db_index=True)
    #: What was acted on: "app_label.model:pk". Never names or other personal data.
    target = models.CharField(max_length=120, blank=True, db_index=True)
    #: Plain-language detail without health data (for example, an override reason).
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")
