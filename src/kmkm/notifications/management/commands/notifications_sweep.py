"""Re-enqueue overdue outbox messages and queue due reminders. Safe to run every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kmkm.notifications.services import outbox_sweep


class Command(BaseCommand):
    help = "Re-enqueue overdue notification emails and queue reminders that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = outbox_sweep()
        self.stdout.write(
            f"Re-enqueued {result['messages']} message(s); queued {result['reminders']} reminder(s)."
        )
