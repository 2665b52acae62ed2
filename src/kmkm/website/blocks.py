"""StreamField blocks for the public site. Every image carries its own required alt text."""

from __future__ import annotations

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the picture shows for someone who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "website/blocks/image.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=400)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "website/blocks/pull_quote.html"


class ConsultationCTABlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Start with a conversation")
    text = blocks.TextBlock(
        max_length=500,
        default=(
            "A consultation is a conversation, not a commitment. Book a one-to-one to talk it "
            "through, ask anything, and decide in your own time."
        ),
    )
    button_label = blocks.CharBlock(max_length=40, default="Book a consultation")

    class Meta:
        icon = "calendar"
        label = "Consultation call to action"
        template = "website/blocks/consultation_cta.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=120, form_classname="title", template="website/blocks/heading.html"
    )
    subheading = blocks.CharBlock(max_length=120, template="website/blocks/subheading.html")
    paragraph = blocks.RichTextBlock(features=INLINE_FEATURES)
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    consultation_cta = ConsultationCTABlock()


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "help"
        template = "website/blocks/faq_item.html"


def stream_text(stream: object) -> str:
    """Plain text of a StreamField value, for reading time, search and the advertising guard."""
    parts: list[str] = []

    def walk(value: object) -> None:
        if value is None:
            return
        if isinstance(value, str):
            parts.append(strip_tags(value))
        elif hasattr(value, "source"):  # RichText
            parts.append(strip_tags(str(value.source)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"image", "button_label"}:
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "raw_data"):  # StreamValue
            for child in value:  # type: ignore[attr-defined]
                walk(child.value)
        elif hasattr(value, "items"):  # StructValue
            walk(dict(value.items()))  # type: ignore[attr-defined]

    walk(stream)
    return " ".join(p for p in parts if p)
