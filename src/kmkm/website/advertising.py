"""The advertising guard (UK CAP Code rule 12.12).

Prescription-only medicines, such as botulinum toxin, may not be advertised to the public. When
an editor publishes a page whose text names one (the list is the clinic's own RestrictedTerm
snippets), publishing is refused until the editor records why the mention is not promotional.
The reason is a field of the page, so it is stored in that revision, and the publication is
written to the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

PUBLISH_ACTIONS = ("action-publish",)


def restricted_terms() -> list[str]:
    from .models import RestrictedTerm

    return list(RestrictedTerm.objects.values_list("term", flat=True))


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"[\s\u00a0-]+".join(words) + r"(?![\w-])", re.IGNORECASE)


def restricted_terms_found(text: str, terms: Iterable[str] | None = None) -> list[str]:
    """The restricted terms that ``text`` names, in the order of the list, each once."""
    candidates = restricted_terms() if terms is None else list(terms)
    return [term for term in candidates if _pattern(term).search(text)]


def guard_message(found: list[str]) -> str:
    names = ", ".join(found)
    return (
        f"This page names a prescription-only medicine ({names}). UK advertising rules (CAP Code "
        "12.12) do not allow prescription-only medicines to be promoted to the public. Remove the "
        "name, or, if the mention is not promotional, explain why in 'Reason for naming a "
        "prescription-only medicine' (Settings tab) and publish again."
    )


class GuardedPageForm(WagtailAdminPageForm):
    def _is_publishing(self) -> bool:
        return any(action in self.data for action in PUBLISH_ACTIONS)

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self._is_publishing():
            return
        page: Any = self.instance
        found = restricted_terms_found(page.get_advertising_text())
        if found and not (page.advertising_reason or "").strip():
            message = guard_message(found)
            self.add_error(None, message)
            if "advertising_reason" in self.fields:
                self.add_error(
                    "advertising_reason", "Give a reason, or remove the medicine's name."
                )
