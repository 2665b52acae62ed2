from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kmkm.accounts.models import Practitioner

from .models import CredentialBadge, JournalCategory, RestrictedTerm


class PractitionerViewSet(SnippetViewSet):
    model = Practitioner
    icon = "user"
    list_display = ["name", "role", "is_prescriber", "is_active"]


class BadgeViewSet(SnippetViewSet):
    model = CredentialBadge
    icon = "tick-inverse"
    list_display = ["label", "order"]


class CategoryViewSet(SnippetViewSet):
    model = JournalCategory
    icon = "tag"
    list_display = ["name", "slug", "order"]


class RestrictedTermViewSet(SnippetViewSet):
    model = RestrictedTerm
    icon = "warning"
    menu_label = "Advertising guard words"
    list_display = ["term", "kind", "note"]


class ClinicGroup(SnippetViewSetGroup):
    menu_label = "Clinic"
    menu_icon = "home"
    menu_order = 200
    items = (PractitionerViewSet, BadgeViewSet, CategoryViewSet, RestrictedTermViewSet)


register_snippet(ClinicGroup)


class SampleContentPanel(Component):
    """On the CMS dashboard: which pages are still the demo's sample content."""

    name = "sample_content"
    order = 50
    template_name = "website/admin/sample_content_panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from .models import SitePage

        pages = SitePage.objects.filter(is_sample_content=True).order_by("path")
        return {"sample_pages": pages[:12], "sample_count": pages.count()}


@hooks.register("construct_homepage_panels")
def add_sample_content_panel(request: Any, panels: list[Any]) -> None:
    panels.append(SampleContentPanel())
