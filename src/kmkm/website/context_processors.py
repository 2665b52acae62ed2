from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    """Navigation, calls to action and footer data for public pages.

    Values are callables: templates call them only when used, so staff pages pay nothing.
    """
    from wagtail.models import Site

    from .models import ContactPage, CredentialBadge

    @cache
    def nav_pages() -> list[Any]:
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().in_menu().public())

    @cache
    def contact_url() -> str:
        contact = ContactPage.objects.live().first()
        return contact.url if contact else "/contact/"

    @cache
    def book_url() -> str:
        try:
            return reverse("booking:start")
        except NoReverseMatch:
            # Until online booking is switched on, "Book" asks for a consultation by enquiry.
            return f"{contact_url()}?treatment=Consultation"

    @cache
    def privacy_url() -> str:
        from .models import ClinicSettings

        page = ClinicSettings.load(request_or_site=request).privacy_page
        return page.url if page is not None and page.live else "/privacy/"

    @cache
    def credential_badges() -> list[Any]:
        return list(CredentialBadge.objects.all())

    return {
        "nav_pages": nav_pages,
        "contact_url": contact_url,
        "book_url": book_url,
        "credential_badges": credential_badges,
        "privacy_url": privacy_url,
    }
