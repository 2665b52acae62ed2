"""Background tasks (Django Tasks API). Each is safe to run twice: the outbox decides."""

from __future__ import annotations

from django_tasks import task


@task()
def message_send(message_id: int) -> str:
    from .services import message_deliver

    return message_deliver(message_id=message_id)


@task()
def reminder_send(appointment_id: int, start: str, hours: int) -> str:
    from .services import reminder_deliver

    return reminder_deliver(appointment_id=appointment_id, start=start, hours=hours)


@task()
def outbox_sweep() -> dict[str, int]:
    from .services import outbox_sweep as sweep
    from .services import sweep_ensure_scheduled

    result = sweep()
    # While anything is still unsent, the next sweep waits in the queue.
    sweep_ensure_scheduled()
    return result
