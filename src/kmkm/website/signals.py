"""Publishing purges the page cache; publishing past the advertising guard is audited."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from kmkm.audit.services import audit_record

from .cache import purge_pages


@receiver(page_published)
def _on_publish(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    purge_pages()
    from .advertising import restricted_terms_found

    page = instance.specific
    reason = (getattr(page, "advertising_reason", "") or "").strip()
    if reason and hasattr(page, "get_advertising_text"):
        found = restricted_terms_found(page.get_advertising_text())
        if found:
            user = getattr(revision, "user", None)
            audit_record(
                actor=user,
                action="page.published_naming_restricted_medicine",
                target=page,
                detail=f"Named: {', '.join(found)}. Revision {getattr(revision, 'pk', '')}. Reason: {reason}",
            )


@receiver(page_unpublished)
def _on_unpublish(sender: Any, instance: Any, **kwargs: Any) -> None:
    purge_pages()


def _purge_on_change(sender: Any, **kwargs: Any) -> None:
    purge_pages()


def connect_identity_models() -> None:
    """Clinic details, badges, categories and practitioners appear on every page."""
    from wagtail.images import get_image_model

    from kmkm.accounts.models import Practitioner

    from .models import ClinicSettings, CredentialBadge, JournalCategory

    for model in (
        ClinicSettings,
        CredentialBadge,
        JournalCategory,
        Practitioner,
        get_image_model(),
    ):
        post_save.connect(_purge_on_change, sender=model, dispatch_uid=f"purge-{model._meta.label}")
        post_delete.connect(
            _purge_on_change, sender=model, dispatch_uid=f"purge-del-{model._meta.label}"
        )
