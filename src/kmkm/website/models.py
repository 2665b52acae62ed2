"""The public website: the clinic's identity (settings and snippets) and its page types."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kmkm.accounts.models import Practitioner

from .advertising import GuardedPageForm
from .blocks import INLINE_FEATURES, ArticleBodyBlock, FAQItemBlock, stream_text

WORDS_PER_MINUTE = 200  # a comfortable reading pace for health information


def reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


# --- The clinic's identity -----------------------------------------------------------------------


@register_setting(icon="home")
class ClinicSettings(BaseGenericSetting):
    name = models.CharField(max_length=120, default="KMKM Aesthetics")
    tagline = models.CharField(max_length=160, default="Nurse-Led Medical Aesthetics")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True, help_text="One line per line of the address.")
    postcode = models.CharField(max_length=12, blank=True)
    opening_hours = models.TextField(
        blank=True, help_text="One line per day, e.g. 'Tuesday 10:00–18:00'."
    )
    instagram_url = models.URLField(blank=True)
    facebook_url = models.URLField(blank=True)
    tiktok_url = models.URLField(blank=True)
    linkedin_url = models.URLField(blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complaints_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("tagline")], heading="Identity"),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("opening_hours"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("tiktok_url"),
                FieldPanel("linkedin_url"),
            ],
            heading="Social links",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("complaints_page"), FieldPanel("terms_page")],
            heading="Legal pages (linked from every footer)",
        ),
    ]

    class Meta:
        verbose_name = "clinic details"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def social_links(self) -> list[tuple[str, str]]:
        pairs = [
            ("Instagram", self.instagram_url),
            ("Facebook", self.facebook_url),
            ("TikTok", self.tiktok_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(label, url) for label, url in pairs if url]


class CredentialBadge(models.Model):
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("label"), FieldPanel("description"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class JournalCategory(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "journal categories"

    def __str__(self) -> str:
        return self.name


class RestrictedTerm(models.Model):
    """A word the advertising guard flags: a prescription-only medicine or one of its brands."""

    class Kind(models.TextChoices):
        MEDICINE = "medicine", "Prescription-only medicine"
        BRAND = "brand", "Brand name of a prescription-only medicine"

    term = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BRAND)
    note = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("term"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


# --- Page types ----------------------------------------------------------------------------------


class SitePage(Page):
    """Fields every public page shares."""

    is_sample_content = models.BooleanField(
        default=False,
        verbose_name="Sample content",
        help_text=(
            "Written for the demo to show what the site can hold. Replace the text with the "
            "clinic's own, then untick this."
        ),
    )
    advertising_reason = models.TextField(
        blank=True,
        verbose_name="Reason for naming a prescription-only medicine",
        help_text=(
            "Only needed when the page names a prescription-only medicine or brand. Explain why "
            "this mention is not promotional (for example, a factual safety notice). The reason "
            "is kept with this revision."
        ),
    )

    base_form_class = GuardedPageForm
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("is_sample_content")], heading="Sample content"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("advertising_reason")]

    is_creatable = False

    def get_admin_display_title(self) -> str:
        title = super().get_admin_display_title()
        return f"{title} (sample content)" if self.is_sample_content else title

    def get_advertising_text(self) -> str:
        """All text a visitor could read on this page."""
        return " ".join(filter(None, [self.title, self.seo_title, self.search_description]))


class HomePage(RoutablePageMixin, SitePage):
    hero_heading = models.CharField(max_length=160)
    hero_text = models.TextField(max_length=600)
    intro_heading = models.CharField(max_length=160, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("intro_heading"),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "website.TreatmentIndexPage",
        "website.JournalIndexPage",
        "website.PractitionerPage",
        "website.ContactPage",
        "website.StandardPage",
    ]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = (
            TreatmentPage.objects.live().public().specific().order_by("path")[:6]
        )
        context["articles"] = (
            ArticlePage.objects.live()
            .public()
            .select_related("category", "author")
            .order_by("-date", "-pk")[:3]
        )
        context["practitioner_page"] = (
            PractitionerPage.objects.live().public().select_related("practitioner").first()
        )
        return context

    def get_advertising_text(self) -> str:
        return " ".join(
            [
                super().get_advertising_text(),
                self.hero_heading,
                self.hero_text,
                stream_text(self.body),
            ]
        )


class StandardPage(SitePage):
    """About, privacy notice, complaints, terms: a heading, an introduction and a body."""

    intro = models.TextField(max_length=800, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["website.StandardPage", "website.PractitionerPage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context

    def get_advertising_text(self) -> str:
        return " ".join([super().get_advertising_text(), self.intro, stream_text(self.body)])


class TreatmentIndexPage(SitePage):
    intro = models.TextField(max_length=800, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.TreatmentPage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = (
            TreatmentPage.objects.child_of(self).live().public().specific().order_by("path")
        )
        return context


class TreatmentPage(SitePage):
    summary = models.TextField(
        max_length=400, help_text="One or two sentences for listings and search."
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        max_length=250, blank=True, help_text="Required when there is an image."
    )
    what_it_is = RichTextField(features=["h3", *INLINE_FEATURES])
    what_it_involves = RichTextField(
        features=["h3", *INLINE_FEATURES], verbose_name="What it can involve"
    )
    who_it_suits = RichTextField(features=INLINE_FEATURES)
    who_it_may_not_suit = RichTextField(features=INLINE_FEATURES)
    duration = models.CharField(max_length=120, help_text="e.g. '45 minutes'.")
    downtime = models.CharField(max_length=120, help_text="e.g. 'Mild swelling for 2–3 days'.")
    price_from = models.DecimalField(
        max_digits=7,
        decimal_places=0,
        null=True,
        blank=True,
        help_text="Optional 'from' price in pounds.",
    )
    price_note = models.CharField(
        max_length=250, blank=True, help_text="e.g. 'Free, with no obligation'."
    )
    faq = StreamField([("item", FAQItemBlock())], blank=True, verbose_name="Questions and answers")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
        FieldPanel("what_it_is"),
        FieldPanel("what_it_involves"),
        FieldPanel("who_it_suits"),
        FieldPanel("who_it_may_not_suit"),
        MultiFieldPanel(
            [
                FieldPanel("duration"),
                FieldPanel("downtime"),
                FieldPanel("price_from"),
                FieldPanel("price_note"),
            ],
            heading="At a glance",
        ),
        FieldPanel("faq"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_it_is"),
    ]
    parent_page_types = ["website.TreatmentIndexPage"]
    subpage_types: list[str] = []

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = (
            ArticlePage.objects.live()
            .public()
            .filter(related_treatments=self)
            .select_related("category")
        ).order_by("-date")[:3]
        return context

    def get_advertising_text(self) -> str:
        fields = [
            self.summary,
            self.what_it_is,
            self.what_it_involves,
            self.who_it_suits,
            self.who_it_may_not_suit,
        ]
        return " ".join(
            [super().get_advertising_text(), stream_text(fields), stream_text(self.faq)]
        )


class PractitionerPage(SitePage):
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="+")
    intro = models.TextField(max_length=600, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("practitioner"), FieldPanel("intro")]
    parent_page_types = ["website.HomePage", "website.StandardPage"]
    subpage_types: list[str] = []

    def get_advertising_text(self) -> str:
        return " ".join(
            [super().get_advertising_text(), self.intro, stream_text(self.practitioner.long_bio)]
        )


class JournalIndexPage(RoutablePageMixin, SitePage):
    intro = models.TextField(max_length=600, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.ArticlePage"]
    PER_PAGE = 9

    def articles(self) -> models.QuerySet[ArticlePage]:
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .select_related("category", "author", "image")
            .order_by("-date", "-pk")
        )

    def _listing(self, request: HttpRequest, category: JournalCategory | None) -> HttpResponse:
        articles = self.articles()
        if category is not None:
            articles = articles.filter(category=category)
        paginator = Paginator(articles, self.PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return HttpResponseRedirect(request.path)
        except EmptyPage as exc:
            raise Http404("There is no such page of the Journal.") from exc
        context = {
            "page_obj": page_obj,
            "category": category,
            "categories": JournalCategory.objects.filter(articles__live=True).distinct(),
        }
        return self.render(request, context_overrides=context)

    @path("")
    def index(self, request: HttpRequest) -> HttpResponse:
        return self._listing(request, None)

    @path("category/<slug:slug>/")
    def by_category(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._listing(request, get_object_or_404(JournalCategory, slug=slug))

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from .feeds import JournalFeed

        return JournalFeed(self)(request)


class ArticlePage(SitePage):
    standfirst = models.TextField(
        max_length=500, help_text="One paragraph that says what the article answers."
    )
    category = models.ForeignKey(JournalCategory, on_delete=models.PROTECT, related_name="articles")
    date = models.DateField("Publication date", default=date.today)
    author = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="+")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        max_length=250, blank=True, help_text="Required when there is an image."
    )
    body = StreamField(ArticleBodyBlock())
    related_treatments = ParentalManyToManyField(
        "website.TreatmentPage", blank=True, related_name="articles"
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("date"), FieldPanel("author")], heading="Meta"
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
        FieldPanel("body"),
        FieldPanel("related_treatments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
    ]
    parent_page_types = ["website.JournalIndexPage"]
    subpage_types: list[str] = []

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.reading_minutes = reading_minutes(stream_text(self.body))
        super().save(*args, **kwargs)

    def get_advertising_text(self) -> str:
        return " ".join([super().get_advertising_text(), self.standfirst, stream_text(self.body)])

    @cached_property
    def related_articles(self) -> models.QuerySet[ArticlePage]:
        return (
            ArticlePage.objects.live()
            .public()
            .filter(category_id=self.category_id)
            .exclude(pk=self.pk)
            .select_related("category")
            .order_by("-date")[:3]
        )


class ContactPage(SitePage):
    intro = models.TextField(max_length=800, blank=True)
    thank_you = models.TextField(
        max_length=600,
        default="Thank you. Your enquiry has reached the clinic and we will reply within two working days.",
    )
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you")]
    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.core.exceptions import ValidationError

        from kmkm.enquiries.services import enquiry_submit

        from .forms import EnquiryForm

        form = EnquiryForm(
            request.POST or None,
            initial={"treatment_of_interest": request.GET.get("treatment", "")},
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in EnquiryForm.SERVICE_FIELDS}
            try:
                enquiry_submit(
                    **data,
                    form_token=form.cleaned_data["form_token"],
                    honeypot=form.cleaned_data["website"],
                    client_ip=request.META.get("REMOTE_ADDR", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
                # A fresh token, so the corrected form is not refused again as stale or replayed.
                form.refresh_token()
            else:
                return HttpResponseRedirect(f"{self.url}?sent=1")
        context = self.get_context(request, *args, **kwargs)
        context.update(form=form, sent=request.GET.get("sent") == "1")
        response = TemplateResponse(request, self.get_template(request, *args, **kwargs), context)
        add_never_cache_headers(response)
        return response

    def get_advertising_text(self) -> str:
        return " ".join([super().get_advertising_text(), self.intro, self.thank_you])
