"""Load the demo clinic: KMKM Aesthetics, Nurse Khloe, treatments, Journal articles.

Idempotent: a page, image or snippet that already exists (by slug or title) is left as it is, so
running it again never overwrites what the clinic has edited. Everything created is marked as
sample content for the clinic to replace.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from kmkm.accounts.models import Practitioner

from ..models import (
    ArticlePage,
    ClinicSettings,
    ContactPage,
    CredentialBadge,
    HomePage,
    JournalCategory,
    JournalIndexPage,
    PractitionerPage,
    StandardPage,
    TreatmentIndexPage,
    TreatmentPage,
)
from . import markdown as md

CONTENT = Path(__file__).resolve().parent / "content"
CATEGORIES = [
    ("Treatments", "treatments", "What a treatment is, what it involves and who it suits."),
    ("Skin health", "skin-health", "Everyday care for healthy skin, with or without treatment."),
    ("Clinic news", "clinic-news", "What is new at the clinic and how we work."),
]


def _image(filename: str, alt: str) -> Any:
    Image = get_image_model()
    title = f"Sample: {Path(filename).stem.replace('-', ' ')}"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    path = CONTENT / "images" / filename
    with path.open("rb") as handle:
        image = Image(title=title, file=ImageFile(handle, name=filename), description=alt)
        image.save()
    return image


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, is_sample_content=True, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _clinic() -> None:
    doc = md.read(CONTENT / "clinic.md")
    settings = ClinicSettings.load()
    if not settings.email:
        settings.name = doc.meta["name"]
        settings.tagline = doc.meta["tagline"]
        settings.email = doc.meta.get("email", "")
        settings.phone = doc.meta.get("phone", "")
        settings.address = "\n".join(md.split_list(doc.meta.get("address_lines", "")))
        settings.postcode = doc.meta.get("postcode", "")
        settings.opening_hours = "\n".join(
            h.strip() for h in doc.meta.get("opening_hours", "").split(";") if h.strip()
        )
        settings.instagram_url = doc.meta.get("instagram", "")
        settings.save()
    for order, label in enumerate(md.split_list(doc.meta.get("badges", ""))):
        CredentialBadge.objects.get_or_create(label=label, defaults={"order": order})
    for order, (name, slug, description) in enumerate(CATEGORIES):
        JournalCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def _practitioner() -> Practitioner:
    doc = md.read(CONTENT / "practitioner.md")
    existing = Practitioner.objects.filter(name=doc.meta["name"]).first()
    if existing is not None:
        return existing
    return Practitioner.objects.create(
        name=doc.meta["name"],
        role=doc.meta["role"],
        registration_body="NMC",
        registration_number=doc.meta.get("nmc_registration", ""),
        is_prescriber=doc.meta.get("prescriber", "").lower() in {"yes", "true"},
        short_bio=doc.meta["short_bio"],
        long_bio=md.to_html(doc.body),
        portrait=_image(doc.meta["portrait"], doc.meta.get("portrait_alt", "")),
        portrait_alt=doc.meta.get("portrait_alt", ""),
    )


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    doc = md.read(CONTENT / "home.md")
    root = Page.get_first_root_node()
    welcome = (
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
    )
    if welcome is not None:
        welcome.slug = "wagtail-welcome"
        welcome.save()
    home = HomePage(
        title="Home",
        slug="home",
        hero_heading=doc.meta["hero_heading"],
        hero_text=doc.meta["hero_text"],
        intro_heading=doc.meta.get("intro_heading", ""),
        body=json.dumps([{"type": t, "value": v} for t, v in md.to_stream(doc.body)]),
        is_sample_content=True,
        seo_title="Nurse-led medical aesthetics and profile balancing",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="KMKM Aesthetics",
        )
    else:
        site.root_page = home
        site.site_name = "KMKM Aesthetics"
        site.save()
    if welcome is not None:
        welcome.delete()
    return home


def _standard(parent: Page, slug: str, filename: str, *, in_menu: bool = False) -> StandardPage:
    doc = md.read(CONTENT / "pages" / filename)
    return _child(
        parent,
        StandardPage,
        slug,
        title=doc.meta["title"],
        intro=doc.meta.get("intro", ""),
        body=json.dumps([{"type": t, "value": v} for t, v in md.to_stream(doc.body)]),
        show_in_menus=in_menu,
    )  # type: ignore[return-value]


def _treatments(home: HomePage) -> dict[str, TreatmentPage]:
    index = _child(
        home,
        TreatmentIndexPage,
        "treatments",
        title="Treatments",
        intro=(
            "Every treatment here begins with a free one-to-one consultation. Some people leave "
            "with a plan; some leave having decided that nothing needs doing. Both are good outcomes."
        ),
        show_in_menus=True,
    )
    docs = sorted(
        ((md.read(path), path.stem) for path in (CONTENT / "treatments").glob("*.md")),
        key=lambda pair: int(pair[0].meta.get("order", "99")),
    )
    found: dict[str, TreatmentPage] = {}
    for doc, slug in docs:
        parts = md.sections(doc.body)
        price = doc.meta.get("price_from", "").strip()
        found[slug] = _child(  # type: ignore[assignment]
            index,
            TreatmentPage,
            slug,
            title=doc.meta["title"],
            summary=doc.meta["summary"],
            duration=doc.meta.get("duration", ""),
            downtime=doc.meta.get("downtime", ""),
            price_from=int(price) if price else None,
            price_note=doc.meta.get("price_note", ""),
            image=_image(doc.meta["image"], doc.meta.get("image_alt", ""))
            if doc.meta.get("image")
            else None,
            image_alt=doc.meta.get("image_alt", ""),
            what_it_is=md.to_html(parts.get("What it is", "")),
            what_it_involves=md.to_html(parts.get("What it can involve", "")),
            who_it_suits=md.to_html(parts.get("Who it suits", "")),
            who_it_may_not_suit=md.to_html(parts.get("Who it may not suit", "")),
            faq=json.dumps(
                [{"type": t, "value": v} for t, v in md.faq_items(parts.get("FAQ", ""))]
            ),
        )
    return found


def _journal(home: HomePage, author: Practitioner, treatments: dict[str, TreatmentPage]) -> None:
    index = _child(
        home,
        JournalIndexPage,
        "journal",
        title="The Journal",
        intro="Plain-spoken writing from the clinic on treatments, skin health and how we work.",
        show_in_menus=True,
    )
    categories = {c.name.lower(): c for c in JournalCategory.objects.all()}
    for path in sorted((CONTENT / "articles").glob("*.md")):
        doc = md.read(path)
        if ArticlePage.objects.child_of(index).filter(slug=path.stem).exists():
            continue
        body = [{"type": t, "value": v} for t, v in md.to_stream(doc.body)]
        body.append(
            {
                "type": "consultation_cta",
                "value": {
                    "heading": doc.meta.get("cta_heading") or "Start with a conversation",
                    "text": doc.meta.get("cta_text")
                    or "A consultation is a conversation, not a commitment. Book a one-to-one with Nurse Khloe.",
                    "button_label": "Book a consultation",
                },
            }
        )
        article = ArticlePage(
            slug=path.stem,
            title=doc.meta["title"],
            standfirst=doc.meta["standfirst"],
            category=categories[doc.meta["category"].lower()],
            date=date.fromisoformat(doc.meta["date"]),
            author=author,
            image=_image(doc.meta["image"], doc.meta.get("image_alt", ""))
            if doc.meta.get("image")
            else None,
            image_alt=doc.meta.get("image_alt", ""),
            body=json.dumps(body),
            is_sample_content=True,
        )
        index.add_child(instance=article)
        article.related_treatments.set(
            [
                treatments[s]
                for s in md.split_list(doc.meta.get("related_treatments", ""))
                if s in treatments
            ]
        )
        revision = article.save_revision()
        revision.publish()


@transaction.atomic
def load_demo_site(stdout: TextIO) -> None:
    _clinic()
    khloe = _practitioner()
    home = _home()
    treatments = _treatments(home)
    _journal(home, khloe, treatments)
    pages_dir = CONTENT / "pages"
    about = (
        _standard(home, "about", "about.md", in_menu=True)
        if (pages_dir / "about.md").exists()
        else None
    )
    _child(
        about or home,
        PractitionerPage,
        "khloe",
        title=khloe.name,
        practitioner=khloe,
        intro="Registered Nurse, Nurse Independent Prescriber, and the person you will see at every appointment.",
        show_in_menus=about is None,
    )
    contact = _child(
        home,
        ContactPage,
        "contact",
        title="Contact and enquiries",
        intro=(
            "Ask anything: about a treatment, about whether treatment is right for you, or about "
            "how the clinic works. Nurse Khloe reads every enquiry herself."
        ),
        show_in_menus=True,
    )
    legal = {}
    for slug in ("privacy", "complaints", "terms"):
        if (pages_dir / f"{slug}.md").exists():
            legal[slug] = _standard(home, slug, f"{slug}.md")
    settings = ClinicSettings.load()
    settings.privacy_page = settings.privacy_page or legal.get("privacy")
    settings.complaints_page = settings.complaints_page or legal.get("complaints")
    settings.terms_page = settings.terms_page or legal.get("terms")
    settings.save()
    _ = contact
    stdout.write(
        f"Demo website ready: {ArticlePage.objects.count()} articles, {TreatmentPage.objects.count()} treatments.\n"
    )
