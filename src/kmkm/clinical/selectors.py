"""Reads for clients. Staff only: every call that shows client data is audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kmkm.audit.services import audit_record

from .models import Client

#: A search shorter than this would list half the client base.
MIN_QUERY_LENGTH = 2


def client_search(*, actor: Any, query: str, limit: int = 20) -> list[Client]:
    """Staff "find a client": by name, email or phone. Audited without the search text."""
    query = query.strip()
    if len(query) < MIN_QUERY_LENGTH:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query) | Q(email__icontains=query)
    if len(digits) >= 4:
        condition |= Q(phone__icontains=digits)
    found = list(Client.objects.filter(condition).order_by("name", "pk")[:limit])
    # The search text may be a name: record only how many records were shown.
    audit_record(actor=actor, action="client.searched", detail=f"{len(found)} shown")
    return found


def client_get(*, actor: Any, pk: int) -> Client:
    """One client for a staff screen. Audited as a view of the record."""
    client = Client.objects.get(pk=pk)
    audit_record(actor=actor, action="client.viewed", target=client)
    return client


def clients_all() -> QuerySet[Client]:
    return Client.objects.all()
