"""Head metadata for public pages: canonical URL, OpenGraph and schema.org JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def in_section(page: Any, item: Any) -> bool:
    """Whether ``page`` is ``item`` or lies under it (for aria-current in the navigation)."""
    url_path = getattr(page, "url_path", None)
    return bool(url_path) and str(url_path).startswith(str(item.url_path))


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _image_url(image: Any, spec: str = "fill-1200x630") -> str:
    if image is None:
        return ""
    return _absolute(image.get_rendition(f"{spec}|format-jpeg").url)


def _clinic_ld(clinic: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "MedicalBusiness",
        "@id": f"{settings.SITE_URL}/#clinic",
        "name": clinic.name,
        "description": clinic.tagline,
        "url": f"{settings.SITE_URL}/",
    }
    if clinic.phone:
        data["telephone"] = clinic.phone
    if clinic.email:
        data["email"] = clinic.email
    if clinic.address_lines:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(clinic.address_lines),
            "postalCode": clinic.postcode,
            "addressCountry": "GB",
        }
    links = [url for _, url in clinic.social_links]
    if links:
        data["sameAs"] = links
    return data


def _person_ld(practitioner: Any, url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Person",
        "name": practitioner.name,
        "jobTitle": practitioner.role,
        "description": practitioner.short_bio,
        "worksFor": {"@id": f"{settings.SITE_URL}/#clinic"},
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Professional registration",
                "name": c,
            }
            for c in practitioner.credentials
        ],
    }
    if url:
        data["url"] = url
    return data


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> SafeString:
    from kmkm.website.models import ArticlePage, ClinicSettings, PractitionerPage, TreatmentPage

    request = context.get("request")
    page = context.get("page")
    clinic = ClinicSettings.load(request_or_site=request)
    title = clinic.name
    description = clinic.tagline
    url = f"{settings.SITE_URL}{request.path if request else '/'}"
    og_type = "website"
    image = ""
    graph: list[dict[str, Any]] = [_clinic_ld(clinic)]
    if page is not None:
        specific = page.specific if hasattr(page, "specific") else page
        is_home = specific.depth <= 2
        title = (
            clinic.name if is_home else f"{specific.seo_title or specific.title} · {clinic.name}"
        )
        description = (
            specific.search_description
            or getattr(specific, "standfirst", "")
            or getattr(specific, "summary", "")
            or getattr(specific, "intro", "")
            or clinic.tagline
        )
        url = _absolute(specific.url or "/")
        image = _image_url(getattr(specific, "image", None))
        if isinstance(specific, ArticlePage):
            og_type = "article"
            graph.append(
                {
                    "@type": "Article",
                    "headline": specific.title,
                    "description": specific.standfirst,
                    "datePublished": specific.date.isoformat(),
                    "dateModified": (
                        specific.last_published_at or specific.latest_revision_created_at
                    )
                    .date()
                    .isoformat()
                    if (specific.last_published_at or specific.latest_revision_created_at)
                    else specific.date.isoformat(),
                    "articleSection": specific.category.name,
                    "author": _person_ld(specific.author),
                    "publisher": {"@id": f"{settings.SITE_URL}/#clinic"},
                    "mainEntityOfPage": url,
                    **({"image": image} if image else {}),
                }
            )
        elif isinstance(specific, PractitionerPage):
            og_type = "profile"
            graph.append(_person_ld(specific.practitioner, url))
        elif isinstance(specific, TreatmentPage):
            graph.append(
                {
                    "@type": "MedicalProcedure",
                    "name": specific.title,
                    "description": specific.summary,
                    "url": url,
                    "procedureType": "https://schema.org/NoninvasiveProcedure",
                }
            )
    # Escape "<" so the JSON can never close the script element early.
    payload = json.dumps(
        {"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False
    ).replace("<", "\\u003c")
    parts = [
        format_html("<title>{}</title>", title),
        format_html('<meta name="description" content="{}">', description),
        format_html('<link rel="canonical" href="{}">', url),
        format_html('<meta property="og:site_name" content="{}">', clinic.name),
        format_html('<meta property="og:title" content="{}">', title),
        format_html('<meta property="og:description" content="{}">', description),
        format_html('<meta property="og:url" content="{}">', url),
        format_html('<meta property="og:type" content="{}">', og_type),
        format_html('<meta property="og:locale" content="{}">', "en_GB"),
        format_html(
            '<meta name="twitter:card" content="{}">', "summary_large_image" if image else "summary"
        ),
        format_html(
            '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
            f"{clinic.name}: the Journal",
            f"{settings.SITE_URL}/journal/feed/",
        ),
    ]
    if image:
        parts.append(format_html('<meta property="og:image" content="{}">', image))
    parts.append(mark_safe(f'<script type="application/ld+json">{payload}</script>'))
    return mark_safe("\n  ".join(parts))
