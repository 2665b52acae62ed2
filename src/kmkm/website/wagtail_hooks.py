from __future__ import annotations

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
